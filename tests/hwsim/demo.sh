#!/usr/bin/env bash
# Demo for machines without a Wi-Fi card: boots a VM with three simulated
# radios (mac80211_hwsim), runs roamd with two SSIDs on two radios, lets
# Debian's wpa_supplicant join one of them, pings across the simulated air,
# and shows roamd's log and the AP's station table. Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
(cd "$root" && cargo build --release -q -p roamd)
target=$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
export ROAMD="$target/release/roamd"
exec "$here/vm" --radios 3 --env ROAMD -- bash "$here/demo-scenario.sh"
