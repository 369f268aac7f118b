#!/bin/bash
# The RADIUS client under trouble, with FreeRADIUS and Debian's wpa_supplicant:
# 1. a wrong password: Access-Reject, EAP-Failure reaches the station, it is
#    never authorized;
# 2. the primary server is down (nothing listens on 127.0.0.1:1912): roamd
#    fails over to the secondary within the configured time and the station
#    joins;
# 3. a relay races FreeRADIUS with a forged reply (wrong secret, right
#    Identifier) before every genuine one: each forgery is dropped and counted,
#    the genuine replies complete the exchange.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
start_freeradius

# 1. Wrong password.
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0
start_roamd "$W/roamd.toml"
peap_sta_conf "$W/bad.conf" roam-eap
sed -i 's/password="wonderland"/password="not-wonderland"/' "$W/bad.conf"
start_sta sta1 wlan2 "$W/bad.conf"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-EAP-FAILURE" 60
wait_log "$W/roamd.log" "CTRL-EVENT-EAP-FAILURE2" 5
grep -q "port authorized" "$W/roamd.log" && fail "station authorized with a wrong password"
grep -q "Sent Access-Reject" "$W/freeradius.log" || fail "FreeRADIUS sent no Access-Reject"
log "wrong password: Access-Reject, EAP-Failure, never authorized"
wcli sta1 wlan2 terminate >/dev/null; stop_roamd; mv "$W/roamd.log" "$W/roamd-wrong-password.log"

# 2. Failover: primary down, 1 s first timeout, 2 tries before failing over.
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0 \
  '[[radio.bss.auth_server]]' 'address = "127.0.0.1:1912"' 'secret = "testing123"' 'timeout = 1' 'retries = 2' \
  '[[radio.bss.auth_server]]' 'address = "127.0.0.1:1812"' 'secret = "testing123"'
start_roamd "$W/roamd.toml"
peap_sta_conf "$W/good.conf" roam-eap
mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-wrong-password.log"
start_sta sta1 wlan2 "$W/good.conf"
wait_state sta1 wlan2 COMPLETED 90
wait_log "$W/roamd.log" "RADIUS server failover" 5
t_fail=$(conn_ms sta1 0)
# 1 s, then 2 s (doubling) on the dead primary: the failover comes at about 3 s.
(( ${t_fail%.*} < 8000 )) || fail "failover took $t_fail ms, configured for about 3 s"
log "failover: joined through the secondary in $t_fail ms"
echo "RESULT failover_connect_ms=$t_fail"
wcli sta1 wlan2 terminate >/dev/null; stop_roamd; mv "$W/roamd.log" "$W/roamd-failover.log"
mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-failover.log"

# 3. Forged replies.
python3 "$(dirname "$0")/../forged-radius.py" > "$W/forged-radius.log" 2>&1 &
relay=$!
wait_log "$W/forged-radius.log" "ready" 10
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0 '[[radio.bss.auth_server]]' 'address = "127.0.0.1:1815"' 'secret = "testing123"'
start_roamd "$W/roamd.toml"
start_sta sta1 wlan2 "$W/good.conf"
wait_state sta1 wlan2 COMPLETED 90
stop_roamd
kill -TERM $relay; wait $relay 2>/dev/null
cat "$W/forged-radius.log"
forged=$(awk '/forged=/{for(i=1;i<=NF;i++) if ($i ~ /^forged=/) {split($i,a,"="); print a[2]}}' "$W/forged-radius.log")
counted=$(grep "RADIUS server counters" "$W/roamd.log" | grep "server=127.0.0.1:1815" | sed -E 's/.*bad_authenticators=([0-9]+).*/\1/')
(( forged >= 8 )) || fail "the relay forged only $forged replies"
[[ $counted == "$forged" ]] || fail "roamd counted $counted bad authenticators for $forged forgeries"
log "forged replies: $forged sent, $counted dropped and counted, station joined"
echo "RESULT forged_replies=$forged bad_authenticators_counted=$counted"
