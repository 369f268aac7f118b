#!/bin/bash
# A PMKSA cache domain shared by two roamd processes through Redis (issue
# 14): roamd A on wlan0, roamd B on wlan1, each its own process and config
# and its own network namespace (hosta, hostb: the radio and an uplink, a
# veth pair to the root namespace, where redis-server and FreeRADIUS run),
# one SSID in OKC domain "campus" with [cache_domain.campus] pointing at the
# store; a PEAP station (wlan2) with proactive_key_caching. Steps:
#   0. reference: the same roam inside one roamd process (both radios, no
#      store): A (full EAP) -> B (okc).
#   1. B serves the station once (a warm-up); A (full EAP) -> B: okc with 0 Access-Requests, B's journal
#      key_source=store; B -> A: pmksa. Replication delay: A's "PMKSA sent
#      to the store" to B's "PMKSA replicated from the store".
#  1b. a removal announced with redis-cli (the record stays in the store):
#      both hosts forget the station's entries, so the next roams miss
#      locally and wait while the store is asked (miss_wait_ms):
#      A -> B okc, B -> A pmksa, both 0 Access-Requests, key_source=store-fetched.
#   2. a tampered record written and announced with redis-cli: both hosts
#      refuse it (tampered=1), nothing changes.
#   3. redis stopped: both say "store unavailable"; a fresh full EAP at A is
#      not replicated, so the roam to B runs full EAP (no hang, station
#      served), journalled key_source=store-unavailable.
#   4. sticky mode, redis back: A (full EAP) -> B (full EAP); roamd A
#      restarts and warms its replica from the store; B -> A: pmksa with 0
#      Access-Requests, key_source=store (the entry survived the restart).
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
# The build with the store (run.sh builds it beside the default one).
ROAMD=${ROAMD_SHARED_CACHE:?ROAMD_SHARED_CACHE must point at roamd built with --features shared-cache}
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
STA=$(sta_mac sta1 wlan2)
OKC_KEY="roamd:pmksa:campus:${STA//:/}:okc"
# The hosts' uplinks: 10.14.N.1 in the root namespace, 10.14.N.2 in host N's.
RADIUS_CLIENT_NET=10.14.0.0/16 start_freeradius

host_netns() {  # host_netns PHY NS N : PHY and an uplink (veth 10.14.N.2 <-> 10.14.N.1) into netns NS
  ip netns add "$2" || fail "ip netns add $2"
  iw phy "$1" set netns name "$2" || fail "iw phy $1 set netns $2"
  ip link add "up-$2" type veth peer name uplink netns "$2" || fail "veth for $2"
  ip addr add "10.14.$3.1/24" dev "up-$2"; ip link set "up-$2" up
  ip -n "$2" addr add "10.14.$3.2/24" dev uplink; ip -n "$2" link set uplink up; ip -n "$2" link set lo up
  # start_roamd runs $ROAMD: this one runs it inside the namespace.
  printf '#!/bin/sh\nexec ip netns exec %s "%s" "$@"\n' "$2" "$ROAMD" > "$W/roamd-in-$2"
  chmod +x "$W/roamd-in-$2"
}

start_redis() {
  redis-server --port 6379 --bind 127.0.0.1 10.14.1.1 10.14.2.1 --protected-mode no \
    --save "" --appendonly no --dir "$W" > "$W/redis.log" 2>&1 &
  echo $! > "$W/redis.pid"
  local i; for i in $(seq 100); do redis-cli ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
  cat "$W/redis.log"; fail "redis-server did not start"
}
stop_redis() { kill "$(cat "$W/redis.pid")"; wait "$(cat "$W/redis.pid")" 2>/dev/null; rm -f "$W/redis.pid"; }

openssl rand -hex 64 > "$W/campus.key"

shared_toml() {  # shared_toml FILE MODE IF... : one radio per IF, SSID roam-shared in domain campus
  local f=$1 mode=$2 ifc; shift 2; : > "$f"
  for ifc in "$@"; do
    cat >> "$f" <<CONF
[[radio]]
interface = "$ifc"
channel = 1

[[radio.bss]]
ssid = "roam-shared"
security = "wpa2-eap"
nas_identifier = "ap-$ifc"
own_ip_addr = "${UPLINK:-127.0.0.1}"

[radio.bss.cache]
mode = "$mode"
domain = "campus"

[[radio.bss.auth_server]]
address = "${SERVERS:-127.0.0.1}:1812"
secret = "testing123"

CONF
  done
}
with_store() {  # with_store FILE : the domain shares through redis (at $SERVERS)
  # miss_wait_ms 50, not the default 5: the VM emulates its CPU, and a GET
  # there takes 15-20 ms (well under 1 ms on real hosts).
  printf '[cache_domain.campus]\nstore = "redis://%s:6379/0"\nkey_file = "%s"\nmiss_wait_ms = 50\n' \
    "${SERVERS:-127.0.0.1}" "$W/campus.key" >> "$1"
}
# Host N reaches the store and FreeRADIUS at 10.14.N.1 over its uplink.
host_toml() {  # host_toml FILE MODE IF N
  SERVERS=10.14.$4.1 UPLINK=10.14.$4.2 shared_toml "$1" "$2" "$3"
  SERVERS=10.14.$4.1 with_store "$1"
}
start_host_a() { ROAMD=$W/roamd-in-hosta start_roamd "$W/host-a.toml" 1 roamd-a; }
start_hosts() {  # start_hosts MODE : roamd-a on wlan0, roamd-b on wlan1, both connected to the store
  host_toml "$W/host-a.toml" "$1" wlan0 1
  host_toml "$W/host-b.toml" "$1" wlan1 2
  start_host_a
  ROAMD=$W/roamd-in-hostb start_roamd "$W/host-b.toml" 1 roamd-b
  wait_log "$W/roamd-a.log" "store available" 10; wait_log "$W/roamd-b.log" "store available" 10
}
stop_hosts() { stop_roamd roamd-a; stop_roamd roamd-b; }

# ts FILE PATTERN : the timestamp (s since the epoch, µs) of the last line matching PATTERN
ts() {
  grep -E "$2" "$1" | tail -1 | python3 -c '
import sys, datetime
line = sys.stdin.read().split()
print(datetime.datetime.fromisoformat(line[0].replace("Z", "+00:00")).timestamp() if line else "")'
}

# step LOG BSSID LABEL OUTCOME REQUESTS [KEY_SOURCE] : roam_step for the AP whose log is $W/LOG.log
step() {
  local logf=$W/$1.log bssid=$2 label=$3 outcome=$4 want=$5 source=${6:-} from r0 n ms line j0 i
  from=$(log_lines "$W/wpa_supplicant-sta1.log"); r0=$(radius_requests)
  j0=$(grep -c " roam " "$logf")
  wcli sta1 wlan2 roam "$bssid" >/dev/null
  wait_bssid sta1 wlan2 "$bssid" 90
  for i in $(seq 50); do (( $(grep -c " roam " "$logf") > j0 )) && break; sleep 0.1; done
  sleep 0.3
  ms=$(conn_ms sta1 "$from"); n=$(( $(radius_requests) - r0 ))
  [[ $want == full ]] && want=$FULL
  (( n == want )) || fail "$label: $n Access-Requests, expected $want"
  line=$(grep " roam .*sta=$STA.*bssid=$bssid" "$logf" | tail -1)
  grep -q "outcome=$outcome " <<<"$line " || fail "$label: journal says '$line', expected outcome=$outcome"
  [[ -z $source ]] || grep -q "key_source=$source " <<<"$line " || fail "$label: journal says '$line', expected key_source=$source"
  log "$label: $outcome, $n Access-Requests, $ms ms"
  echo "RESULT ${label}_ms=$ms ${label}_radius_requests=$n"
}

join() {  # join BSSID : a fresh station joins with full EAP, then may roam anywhere
  peap_sta_conf "$W/sta.conf" roam-shared "proactive_key_caching=1" "bssid=$1"
  start_sta sta1 wlan2 "$W/sta.conf"
  wait_bssid sta1 wlan2 "$1" 90
  wcli sta1 wlan2 set_network 0 bssid any >/dev/null
  scan_until sta1 wlan2 $A $B
}
leave() { wcli sta1 wlan2 terminate >/dev/null; sleep 0.5; }

# --- 0. reference: one process, both radios, no store --------------------------
shared_toml "$W/one.toml" okc wlan0 wlan1
start_roamd "$W/one.toml" 2 roamd-one
r0=$(radius_requests); join $A; FULL=$(( $(radius_requests) - r0 ))
(( FULL > 0 )) || fail "first connection without RADIUS"
step roamd-one $B one_process_okc_A_to_B okc 0
leave; stop_roamd roamd-one

# --- 1. two hosts, OKC through the store ---------------------------------------
host_netns phy0 hosta 1
host_netns phy1 hostb 2
start_redis
start_hosts okc
# B serves a station once before the measured roam, as an AP in service
# has, and as B's BSS in step 0's process has (its code ran for A's join).
# A process's first handshake ever is ~2x slower in every stage under TCG
# (authorize_ms 40 against 19 in CI at efbea32; B's second roam, in 1b,
# matched step 0): that is a fresh process, not the store.
join $B; leave
wait_log "$W/roamd-a.log" "PMKSA replicated from the store.*sta=$STA" 5
r0=$(radius_requests); join $A
(( $(radius_requests) - r0 == FULL )) || fail "first join at A: $(( $(radius_requests) - r0 )) Access-Requests, expected $FULL"
wait_log "$W/roamd-b.log" "PMKSA replicated from the store.*sta=$STA" 5
sent=$(ts "$W/roamd-a.log" "PMKSA sent to the store.*${STA//:/}"); got=$(ts "$W/roamd-b.log" "PMKSA replicated from the store.*sta=$STA")
repl_ms=$(python3 -c "print(f'{($got - $sent) * 1000:.2f}')")
log "replicated A -> B in $repl_ms ms"
redis-cli --raw GET "$OKC_KEY" | grep -qa alice && fail "the store holds the identity in clear"
(( $(redis-cli TTL "$OKC_KEY") > 40000 )) || fail "record TTL $(redis-cli TTL "$OKC_KEY"), expected the PMK lifetime"
step roamd-b $B shared_okc_A_to_B okc 0 store
step roamd-a $A shared_B_to_A pmksa 0
echo "RESULT shared_replication_ms=$repl_ms"

# --- 1b. a local miss waits for the store ----------------------------------------
# A removal announced by "another host" (origin 2): both hosts drop the
# station's entries; the record stays in the store.
printf -- '-\x00\x00\x00\x00\x00\x00\x00\x02%s' "$OKC_KEY" > "$W/removal"
redis-cli -x PUBLISH roamd:pmksa:campus < "$W/removal" >/dev/null
wait_log "$W/roamd-a.log" "PMKSA removed by another host.*sta=$STA removed=[1-9]" 5
wait_log "$W/roamd-b.log" "PMKSA removed by another host.*sta=$STA removed=[1-9]" 5
(( $(redis-cli EXISTS "$OKC_KEY") == 1 )) || fail "the record left the store"
step roamd-b $B fetched_A_to_B okc 0 store-fetched
step roamd-a $A fetched_B_to_A pmksa 0 store-fetched
fetch_ms=$(grep -h " roam .*key_source=store-fetched" "$W/roamd-a.log" "$W/roamd-b.log" \
  | sed -E 's/.*key_round_trip_ms=([0-9]+).*/\1/' | paste -sd, -)
log "fetched on a local miss: waited $fetch_ms ms"
echo "RESULT shared_fetch_wait_ms=$fetch_ms"

# --- 2. a tampered record ------------------------------------------------------
redis-cli --raw GET "$OKC_KEY" | head -c -1 > "$W/record"
python3 - "$W/record" "$W/tampered" <<'PY'
import sys
r = bytearray(open(sys.argv[1], "rb").read())
r[-5] ^= 0x01  # one octet of the sealed payload
open(sys.argv[2], "wb").write(bytes(r))
PY
redis-cli -x SET "$OKC_KEY" < "$W/tampered" >/dev/null
{ printf '+\x00\x00\x00\x00\x00\x00\x00\x01%s\n' "$OKC_KEY"; cat "$W/tampered"; } > "$W/announcement"
redis-cli -x PUBLISH roamd:pmksa:campus < "$W/announcement" >/dev/null
wait_log "$W/roamd-a.log" "store record rejected.*record altered.*tampered=1" 5
wait_log "$W/roamd-b.log" "store record rejected.*record altered.*tampered=1" 5
log "the tampered record was refused by both hosts"
echo "RESULT shared_tampered_rejected=2"

# --- 3. the store goes away ----------------------------------------------------
stop_redis
wait_log "$W/roamd-a.log" "store unavailable" 10; wait_log "$W/roamd-b.log" "store unavailable" 10
# A fresh PMK at A: the station forgets its PMKSAs and joins A again.
wcli sta1 wlan2 disconnect >/dev/null; wcli sta1 wlan2 pmksa_flush >/dev/null
wcli sta1 wlan2 set_network 0 bssid "$A" >/dev/null
r0=$(radius_requests); t0=$(now_ms)
wcli sta1 wlan2 reassociate >/dev/null
wait_bssid sta1 wlan2 $A 90
(( $(radius_requests) - r0 == FULL )) || fail "rejoin at A with the store down: $(( $(radius_requests) - r0 )) Access-Requests"
log "store down: full EAP at A in $(( $(now_ms) - t0 )) ms"
wcli sta1 wlan2 set_network 0 bssid any >/dev/null
step roamd-b $B store_down_A_to_B full-eap full store-unavailable
ip netns exec hostb iw dev wlan1 station get "$STA" 2>/dev/null | grep -q "authorized:.*yes" \
  || fail "the station is not served by B"
echo "RESULT shared_store_down=full-eap"
leave; stop_hosts
mv "$W/roamd-a.log" "$W/roamd-a-okc.log"; mv "$W/roamd-b.log" "$W/roamd-b-okc.log"

# --- 4. sticky entries survive a restart ---------------------------------------
start_redis
start_hosts sticky
join $A
step roamd-b $B sticky_A_to_B full-eap full
stop_roamd roamd-a; mv "$W/roamd-a.log" "$W/roamd-a-before-restart.log"
start_host_a
wait_log "$W/roamd-a.log" "store available: replica warmed" 10
grep -q "PMKSA replicated from the store.*sta=$STA.*aa=$A.*warm=true" "$W/roamd-a.log" || fail "roamd A did not restore its sticky entry"
warm_ms=$(grep "replica warmed" "$W/roamd-a.log" | tail -1 | sed -E 's/.*warm_ms=([0-9]+).*/\1/')
step roamd-a $A sticky_after_restart_B_to_A pmksa 0 store
echo "RESULT shared_sticky_restart_warm_ms=$warm_ms"
leave; stop_hosts
grep -h "shared PMKSA store counters" "$W"/roamd-*.log | sed 's/^/  /'
log "shared cache domain: OKC through the store, tamper refused, store down, sticky restart all as expected"
echo "RESULT shared_cache=ok"
