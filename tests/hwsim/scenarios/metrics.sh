#!/bin/bash
# The metrics endpoint and the event file (feature telemetry, issue 13 item
# 3), on eap-roam's minimal set-up: one SSID in OKC mode on wlan0 and wlan1,
# a PEAP station (wlan2) with proactive_key_caching that joins A (full EAP)
# and roams to B (okc, no EAP). Then:
#   - GET /metrics (python3's urllib; no curl in the VM): its associations
#     and its roams by outcome match the roam journal lines of the log, the
#     roam-time histogram counts every journal line, RADIUS requests match
#     FreeRADIUS's Access-Requests;
#   - a request for another path is refused (404);
#   - after roamd stops, every line of the event file is JSON with v=1, and
#     its roam lines say what the journal says (outcome, station, BSSID).
# radios=3
. "$(dirname "$0")/../lib.sh"
# The build with every optional feature (run.sh builds it beside the default one).
ROAMD=${ROAMD_FULL:?ROAMD_FULL must point at roamd built with --features shared-cache,telemetry}
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
start_freeradius

f=$W/roamd.toml
cat > "$f" <<CONF
[daemon.metrics]
listen = "127.0.0.1:9110"

[daemon.events]
file = "$W/events.jsonl"

CONF
for i in 0 1; do
  cat >> "$f" <<CONF
[[radio]]
interface = "wlan$i"
channel = 1

[[radio.bss]]
ssid = "roam-eap"
security = "wpa2-eap"
nas_identifier = "ap$i"
own_ip_addr = "127.0.0.1"

[radio.bss.cache]
mode = "okc"

[[radio.bss.auth_server]]
address = "127.0.0.1:1812"
secret = "testing123"

CONF
done
start_roamd "$f" 2
grep -q "metrics endpoint ready" "$W/roamd.log" || fail "no metrics endpoint in the log"

peap_sta_conf "$W/sta.conf" roam-eap "proactive_key_caching=1" "bssid=$A"
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 $A 90
FULL=$(radius_requests)
(( FULL > 0 )) || fail "first connection without RADIUS"
wcli sta1 wlan2 set_network 0 bssid any >/dev/null
scan_until sta1 wlan2 $A $B
roam_step sta1 wlan2 $B okc_A_to_B okc 0
sleep 0.5

# The journal: one " roam " line per port opened.
grep " roam " "$W/roamd.log" > "$W/journal.txt"
journal=$(wc -l < "$W/journal.txt")
(( journal == 2 )) || fail "expected 2 journal lines, got $journal"
radius=$(radius_requests)

python3 - "$W/journal.txt" "$radius" > "$W/metrics-check.txt" 2>&1 <<'PY'
import collections, re, sys, urllib.error, urllib.request
journal_file, radius = sys.argv[1], int(sys.argv[2])
with urllib.request.urlopen("http://127.0.0.1:9110/metrics", timeout=10) as r:
    ctype = r.headers.get("Content-Type", "")
    text = r.read().decode()
open("/tmp/scenario/metrics.txt", "w").write(text)
assert ctype.startswith("application/openmetrics-text"), ctype
assert text.endswith("# EOF\n"), "no # EOF"
sample = re.compile(r'^([a-z_]+)(?:\{(.*)\})? (\S+)$')
samples = []
for line in text.splitlines():
    if line.startswith("#") or not line:
        continue
    m = sample.match(line)
    assert m, "unparsable sample: " + line
    labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
    samples.append((m.group(1), labels, float(m.group(3))))
def total(name, **want):
    return sum(v for n, l, v in samples if n == name and all(l.get(k) == x for k, x in want.items()))
outcomes = collections.Counter(re.search(r"outcome=(\S+)", l).group(1) for l in open(journal_file))
assocs = total("roamd_associations_total")
print(f"journal lines {sum(outcomes.values())} {dict(outcomes)}; associations_total {assocs:.0f}")
assert assocs == sum(outcomes.values()), "associations differ from the journal"
for outcome, n in outcomes.items():
    got = total("roamd_roams_total", outcome=outcome)
    print(f"roams_total{{outcome={outcome}}} {got:.0f} (journal {n})")
    assert got == n, f"roams {outcome}: {got} != journal {n}"
assert total("roamd_roams_total") == sum(outcomes.values()), "roams of other outcomes"
assert total("roamd_roams_total", outcome="okc", reassoc="true") == 1, "the OKC roam is a reassociation"
count = total("roamd_roam_authorize_seconds_count")
assert count == sum(outcomes.values()), f"histogram count {count}"
print(f"roam_authorize_seconds_count {count:.0f} sum {total('roamd_roam_authorize_seconds_sum'):.3f} s")
req = total("roamd_radius_requests_total", kind="auth")
rtx = total("roamd_radius_retransmissions_total", kind="auth")
print(f"radius_requests_total {req:.0f} retransmissions {rtx:.0f} (FreeRADIUS received: {radius})")
# FreeRADIUS logs a retransmitted request again.
assert req <= radius <= req + rtx, "RADIUS requests differ from FreeRADIUS's count"
assert total("roamd_stations_authorized") == 1, "one station with an open port"
assert total("roamd_pmksa_hits_total") >= 1, "the OKC roam is a PMKSA hit"
print(f"pmksa hits {total('roamd_pmksa_hits_total'):.0f} misses {total('roamd_pmksa_misses_total'):.0f} entries {total('roamd_pmksa_entries'):.0f}")
try:
    urllib.request.urlopen("http://127.0.0.1:9110/", timeout=10)
    raise AssertionError("/ answered")
except urllib.error.HTTPError as e:
    assert e.code == 404, e.code
print("metrics match the journal")
PY
rc=$?
cat "$W/metrics-check.txt"
(( rc == 0 )) || fail "metrics check"

wcli sta1 wlan2 terminate >/dev/null; sleep 0.5
stop_roamd
python3 - "$W/events.jsonl" "$W/journal.txt" > "$W/events-check.txt" 2>&1 <<'PY'
import json, re, sys
events_file, journal_file = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(events_file)]
kinds = [l["event"] for l in lines]
print("events:", " ".join(kinds))
assert all(l["v"] == 1 and isinstance(l["ts_ms"], int) for l in lines)
roams = [l for l in lines if l["event"] == "roam"]
journal = [dict(re.findall(r"(\w+)=(\S+)", j)) for j in open(journal_file)]
assert len(roams) == len(journal), f"{len(roams)} roam events, {len(journal)} journal lines"
for e, j in zip(roams, journal):
    assert e["outcome"] == j["outcome"], (e, j)
    assert e["sta"] == j["sta"] and e["bssid"] == j["bssid"], (e, j)
    assert e["radius_round_trips"] == int(j["radius_round_trips"]), (e, j)
    assert e["authorize_ms"] == int(j["authorize_ms"]), (e, j)
assert [e["outcome"] for e in roams] == ["full-eap", "okc"], roams
assert kinds.count("association") == 2, kinds
assert kinds.count("handshake") >= 2 and all(l["result"] == "completed" for l in lines if l["event"] == "handshake"), kinds
assert kinds.count("disconnection") >= 1, kinds
print(f"{len(lines)} event lines valid; roam lines match the journal")
PY
rc=$?
cat "$W/events-check.txt"
(( rc == 0 )) || fail "events check"
grep -h "telemetry counters" "$W/roamd.log" | tail -1
echo "RESULT metrics_journal_lines=$journal metrics_event_lines=$(wc -l < "$W/events.jsonl")"
log "metrics endpoint and event file match the roam journal"
