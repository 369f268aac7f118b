#!/usr/bin/env bash
# Demo for machines without a Wi-Fi card: boots a VM with four simulated
# radios (mac80211_hwsim), runs roamd with one WPA2-Enterprise SSID on three
# of them and FreeRADIUS behind it, and follows Debian's wpa_supplicant on
# the fourth as it joins, roams, is moved, and roams without EAP once the
# SSID's key caching is switched live. Prints the roams as a timeline (see
# demo-scenario.sh). Run as root; takes a few minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
(cd "$root" && cargo build --release -q -p roamd)
target=$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
export ROAMD="$target/release/roamd"
exec "$here/vm" --radios 4 --env ROAMD -- bash "$here/demo-scenario.sh"
