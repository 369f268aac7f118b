#!/usr/bin/env bash
# Side-by-side benchmark against hostapd: runs hwsim scenarios N times, each
# in a fresh VM (the scenarios measure roamd and hostapd in the same VM), and
# prints the median and range of every RESULT figure. TCG timings swing from
# run to run; compare medians, never single runs.
#
#   tests/hwsim/bench.sh [N] [SCENARIO...]     default: 5 runs of psk-connect eap-peap eap-roam
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-5}; shift || true
(($#)) || set -- psk-connect eap-peap eap-roam
results=$(mktemp)
for i in $(seq "$runs"); do
  # TCG timings follow the host's load: note it with each run.
  echo "bench: run $i of $runs: $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$here/run.sh" "$@" 2>&1 | grep -E '^hwsim: [a-z0-9-]+: RESULT ' >> "$results" || true
done
python3 - "$results" "$runs" <<'PY'
import re, statistics, sys
values = {}
for line in open(sys.argv[1]):
    scenario = line.split(":")[1].strip()
    for key, value in re.findall(r"(\w+)=([0-9.]+)", line):
        values.setdefault((scenario, key), []).append(float(value))
print(f"| scenario | figure | median | min | max | runs |")
print(f"|---|---|---|---|---|---|")
for (scenario, key), vs in sorted(values.items()):
    print(f"| {scenario} | {key} | {statistics.median(vs):g} | {min(vs):g} | {max(vs):g} | {len(vs)} |")
PY
rm -f "$results"
