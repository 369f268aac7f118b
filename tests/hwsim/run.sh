#!/usr/bin/env bash
# Runs roamd's end-to-end scenarios, each in a fresh VM with mac80211_hwsim
# radios (tests/hwsim/vm), against Debian's unmodified wpa_supplicant.
#
#   tests/hwsim/run.sh              all scenarios
#   tests/hwsim/run.sh open-connect one scenario (file name without .sh)
#   tests/hwsim/run.sh ft-two-hostapd  a reference run of hostapd alone from
#                                      tests/hwsim/bench/ (named only; for bench.sh)
#
# Logs of each scenario land in tests/hwsim/out/<scenario>/. A scenario that
# cannot run (missing package, VM failure) is a failure, never a skip.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

missing=()
for tool in qemu-system-x86_64 wpa_supplicant wpa_cli hostapd hostapd_cli iw ip ping cpio freeradius openssl python3 redis-server redis-cli; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[[ -x /bin/busybox ]] || missing+=(busybox-static)
# The VM runs Debian's python3 (the forged-RADIUS relay), not a host-only one.
[[ -x /usr/bin/python3 ]] || missing+=(/usr/bin/python3)
# country_code needs the regulatory database (the VM's root is this filesystem).
[[ -e /lib/firmware/regulatory.db ]] || missing+=(wireless-regdb)
if ((${#missing[@]})); then
  echo "hwsim: FAIL: missing prerequisites: ${missing[*]}" >&2
  echo "hwsim: install them with: apt-get install qemu-system-x86 busybox-static cpio kmod wpasupplicant hostapd iw iproute2 iputils-ping freeradius openssl python3 redis-server wireless-regdb" >&2
  echo "hwsim: 0 passed, 1 failed"
  exit 1
fi
[[ $(id -u) == 0 ]] || { echo "hwsim: FAIL: must run as root (the VM shares / and loads modules)"; echo "hwsim: 0 passed, 1 failed"; exit 1; }

# Release builds: the VM emulates its CPU and the station gives the AP only
# about 100 ms to answer an authentication frame. The scenarios run the
# binary operators install (default features); the scenarios of the optional
# features (shared-cache, metrics, the data test commands, SAE groups 20
# and 21) run the build with every one of them (shared-cache, telemetry,
# testing, sae-ext-groups), kept beside it as roamd-full (ROAMD_FULL;
# ROAMD_SHARED_CACHE names the same file).
target=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
echo "hwsim: building roamd (release, and release --features shared-cache,telemetry,testing,sae-ext-groups)"
(cd "$root" && cargo build --release -q -p roamd --features shared-cache,telemetry,testing,sae-ext-groups \
  && cp "$target/release/roamd" "$target/release/roamd-full" \
  && cargo build --release -q -p roamd) || { echo "hwsim: FAIL: cargo build"; echo "hwsim: 0 passed, 1 failed"; exit 1; }
export ROAMD="$target/release/roamd" ROAMD_FULL="$target/release/roamd-full"
export ROAMD_SHARED_CACHE="$ROAMD_FULL"
for b in "$ROAMD" "$ROAMD_FULL"; do
  [[ -x $b ]] || { echo "hwsim: FAIL: $b not built"; echo "hwsim: 0 passed, 1 failed"; exit 1; }
done

"$here/vm" --setup || { echo "hwsim: FAIL: VM setup"; echo "hwsim: 0 passed, 1 failed"; exit 1; }

# Host variables a scenario reads inside the VM: AP=hostapd runs the SAE
# scenarios against hostapd; the rest tune a scenario or a benchmark.
vm_env=(--env ROAMD --env ROAMD_FULL --env ROAMD_SHARED_CACHE)
for v in AP HOSTAPD_DEBUG SAE_FLOOD_RATE SAE_FLOOD_SECONDS SAE_FLOOD_JOIN_LIMIT_MS SAE_BENCH_JOINS; do vm_env+=(--env "$v"); done
[[ -n ${AP:-} ]] && echo "hwsim: AP=$AP"

if (($#)); then scenarios=("$@"); else
  scenarios=(); for f in "$here"/scenarios/*.sh; do scenarios+=("$(basename "$f" .sh)"); done
fi
passed=0 failed=0 failed_names=()
for name in "${scenarios[@]}"; do
  script="$here/scenarios/$name.sh"
  [[ -f $script ]] || script="$here/bench/$name.sh"
  [[ -f $script ]] || { echo "hwsim: FAIL: no scenario $name"; failed=$((failed+1)); failed_names+=("$name"); continue; }
  radios=$(awk -F= '/^# radios=/{print $2; exit}' "$script"); radios=${radios:-3}
  vm_timeout=$(awk -F= '/^# timeout=/{print $2; exit}' "$script"); vm_timeout=${vm_timeout:-600}
  out="$here/out/$name"; rm -rf "$out"; mkdir -p "$out"
  echo "hwsim: === $name ($radios radios)"
  start=$(date +%s)
  "$here/vm" --radios "$radios" --timeout "$vm_timeout" --out "$out" "${vm_env[@]}" -- bash "$script" 2>&1 | tee "$out/console.log"
  rc=${PIPESTATUS[0]}
  if ((rc == 125)); then
    # 125: the VM itself failed (qemu under TCG has been seen to crash at
    # boot), not the scenario. One retry, said loudly; a second failure fails.
    echo "hwsim: $name: the VM failed to run (exit 125); retrying once"
    mv "$out/console.log" "$out/console-vm-failure.log"
    "$here/vm" --radios "$radios" --timeout "$vm_timeout" --out "$out" "${vm_env[@]}" -- bash "$script" 2>&1 | tee "$out/console.log"
    rc=${PIPESTATUS[0]}
  fi
  if ((rc == 0)); then
    passed=$((passed+1)); echo "hwsim: PASS $name ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed+1)); failed_names+=("$name")
    echo "hwsim: FAIL $name (exit $rc); logs in $out"
    for f in "$out"/roamd.log; do [[ -f $f ]] && { echo "--- tail of $f"; tail -40 "$f"; }; done
  fi
done
for name in "${scenarios[@]}"; do grep -h '^RESULT' "$here/out/$name/console.log" 2>/dev/null | sed "s/^/hwsim: $name: /"; done
((failed)) && echo "hwsim: failed: ${failed_names[*]}"
echo "hwsim: $passed passed, $failed failed"
((failed == 0))
