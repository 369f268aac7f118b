#!/bin/bash
# RADIUS accounting with FreeRADIUS: Start when the port opens,
# Interim-Update every 2 s (acct_interim_interval), Stop with
# Acct-Terminate-Cause User-Request and the station's traffic counters when
# it disconnects; FreeRADIUS's detail log must show all three for the same
# Acct-Session-Id.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
start_freeradius
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0 'acct_interim_interval = 2' \
  '[[radio.bss.auth_server]]' 'address = "127.0.0.1:1812"' 'secret = "testing123"' \
  '[[radio.bss.acct_server]]' 'address = "127.0.0.1:1813"' 'secret = "testing123"'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
peap_sta_conf "$W/sta.conf" roam-eap
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 90
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 5 -i 0.5 -W 5 169.254.77.1 >/dev/null || fail "ping"
wcli sta1 wlan2 disconnect >/dev/null
wait_log "$W/roamd.log" "station left" 10
sleep 1
detail=$(ls /var/log/freeradius/radacct/127.0.0.1/detail-* 2>/dev/null | head -1)
[[ -n $detail ]] || { tail -30 "$W/freeradius.log"; fail "no accounting detail file"; }
cp "$detail" "$W/accounting-detail"
session=$(awk -F' = ' '/Acct-Session-Id/{gsub(/"/,"",$2); print $2; exit}' "$detail")
for status in Start Interim-Update Stop; do
  grep -q "Acct-Status-Type = $status" "$detail" || { cat "$detail"; fail "no $status record"; }
done
(( $(grep -c "Acct-Session-Id = \"$session\"" "$detail") >= 3 )) || fail "records do not share session $session"
grep -q "Acct-Terminate-Cause = User-Request" "$detail" || fail "Stop without Terminate-Cause User-Request"
octets=$(awk '/Acct-Status-Type = Stop/{s=1} s && /Acct-Input-Octets/{print $3; exit}' "$detail")
(( octets > 0 )) || fail "Stop without input octets"
grep -q 'User-Name = "alice"' "$detail" || fail "no User-Name in accounting"
log "accounting: Start, Interim-Update, Stop (User-Request, $octets input octets) for session $session"
echo "RESULT acct_records=$(grep -c 'Acct-Status-Type' "$detail") acct_stop_input_octets=$octets"
