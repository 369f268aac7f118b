#!/bin/bash
# The AP side of a cached roam, step by step, roamd beside hostapd in the
# same VM: WPA2-Enterprise with OKC on two radios, a station that joins A
# (full PEAP), then roams A->B (OKC), B->A (PMKSA), A->B, B->A. For each AP
# daemon: the station-measured roam times, and the AP's own time per step
# (received frame to answer handed to the kernel) for authentication,
# (re)association and message 2 -> message 3: roamd's "frame path" summary,
# hostapd's `-t -d` log (tests/hwsim/steps.py reads both). Figures, not
# thresholds: the assertions are only that every cached roam skips RADIUS.
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
# The parser runs from the VM's tmpfs: copied now, before the daemons run.
cp "$(cd "$(dirname "$0")/.." && pwd)/steps.py" "$W/steps.py" || fail "cannot copy steps.py"
sta_netns phy2 sta1
start_freeradius

roams() {  # roams DAEMON : join A, then four cached roams; RESULT lines with their times
  local daemon=$1 ms all=() label bssid from r0 n
  peap_sta_conf "$W/sta.conf" roam-eap "proactive_key_caching=1" "bssid=$A"
  start_sta sta1 wlan2 "$W/sta.conf"
  wait_bssid sta1 wlan2 $A 90
  wcli sta1 wlan2 set_network 0 bssid any >/dev/null
  scan_until sta1 wlan2 $A $B
  for step in "$B okc" "$A pmksa" "$B pmksa2" "$A pmksa3"; do
    set -- $step; bssid=$1 label=$2
    from=$(log_lines "$W/wpa_supplicant-sta1.log"); r0=$(radius_requests)
    wcli sta1 wlan2 roam "$bssid" >/dev/null; wait_bssid sta1 wlan2 "$bssid" 90; sleep 0.3
    n=$(( $(radius_requests) - r0 )); ms=$(conn_ms sta1 "$from")
    (( n == 0 )) || fail "$daemon $label roam took $n Access-Requests"
    echo "RESULT ${daemon}_roam_${label}_ms=$ms"
    all+=("$ms")
  done
  echo "RESULT ${daemon}_cached_roam_median_ms=$(printf '%s\n' "${all[@]}" | sort -n | awk '{v[NR]=$1} END {print (v[2]+v[3])/2}')"
  wcli sta1 wlan2 terminate >/dev/null; sleep 0.5
  mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-$daemon.log"
}

steps() {  # steps DAEMON LOG : RESULT line of the AP's median time per step, µs
  local line=() name median count
  python3 "$W/steps.py" "$1" "$2" > "$W/steps-$1.txt" || fail "steps.py failed on $2"
  while read -r name median count; do line+=("${1}_${name//-/_}_us=$median ${1}_${name//-/_}_count=$count"); done \
    < "$W/steps-$1.txt"
  ((${#line[@]})) || fail "no step timings in $2"
  echo "RESULT ${line[*]}"
}

f=$W/roamd.toml; : > "$f"
for i in 0 1; do cat >> "$f" <<CONF
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
roams roamd
stop_roamd
steps roamd "$W/roamd.log"

for i in 0 1; do
  hostapd_eap_conf "$W/hostapd$i.conf" "wlan$i" roam-eap "ap$i" ctrl_interface=/run/hostapd own_ip_addr=127.0.0.1 okc=1
done
hostapd -B -t -d -f "$W/hostapd-steps.log" -P "$W/hostapd.pid" "$W/hostapd0.conf" "$W/hostapd1.conf" || fail "hostapd"
sleep 1
roams hostapd
kill "$(cat "$W/hostapd.pid")"; sleep 1
steps hostapd "$W/hostapd-steps.log"
log "cached roams: roamd and hostapd step timings above"
