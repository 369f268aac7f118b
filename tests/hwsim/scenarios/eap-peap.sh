#!/bin/bash
# WPA2-Enterprise: roamd relays PEAP-MSCHAPv2 between Debian's wpa_supplicant
# and FreeRADIUS on loopback, the 4-way handshake uses the MSK from the
# Access-Accept, and the station pings; hostapd_cli eapol_reauth runs PEAP
# and the 4-way handshake again with the station connected. Then hostapd serves the same network
# on wlan1 in the same VM and the station joins it, then it joins roamd again:
# the full-PEAP connect latencies are printed side by side (the first
# connection warms FreeRADIUS up, so roamd's second one is the fair figure).
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
start_freeradius
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
peap_sta_conf "$W/sta.conf" roam-eap "bssid=02:00:00:00:00:00"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 90
wait_log "$W/roamd.log" "CTRL-EVENT-EAP-SUCCESS2" 5
wait_log "$W/roamd.log" "4-way handshake completed" 5
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping after PEAP"
roamd_ms=$(conn_ms sta1 0); roamd_requests=$(radius_requests_from ap0)
log "roamd: PEAP joined in $roamd_ms ms with $roamd_requests Access-Requests"

# EAPOL_REAUTH (hostapd_cli raw; its eapol_reauth is not in Debian's build): PEAP runs again through FreeRADIUS, then a new
# 4-way handshake on the new PMK, the station connected all along.
sta_mac=$(sta_mac sta1 wlan2); r0=$(radius_requests_from ap0)
handshakes=$(grep -c "4-way handshake completed" "$W/roamd.log")
reply=$(hostapd_cli -p /run/roamd -i wlan0 raw EAPOL_REAUTH "$sta_mac")
[[ $reply == OK ]] || fail "eapol_reauth answered '$reply'"
wait_log "$W/roamd.log" "reauthentication=true" 30
for i in $(seq 100); do (( $(grep -c "4-way handshake completed" "$W/roamd.log") > handshakes )) && break; sleep 0.1; done
(( $(grep -c "4-way handshake completed" "$W/roamd.log") > handshakes )) || fail "no 4-way handshake after the reauthentication"
reauth_requests=$(( $(radius_requests_from ap0) - r0 ))
(( reauth_requests == roamd_requests )) || fail "the reauthentication took $reauth_requests Access-Requests, not a full PEAP ($roamd_requests)"
wcli sta1 wlan2 status | grep -q "^wpa_state=COMPLETED" || fail "the station lost its connection during the reauthentication"
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping after the reauthentication"
[[ $(hostapd_cli -p /run/roamd -i wlan0 raw EAPOL_REAUTH 02:00:00:00:09:09) == FAIL ]] || fail "eapol_reauth of an unknown station"
log "eapol_reauth: PEAP again ($reauth_requests Access-Requests) and a new 4-way handshake, the station pinging after it"

hostapd_eap_conf "$W/hostapd.conf" wlan1 roam-eap ap1
start_hostapd hostapd "$W/hostapd.conf"
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
from=$(log_lines "$W/wpa_supplicant-sta1.log"); r0=$(radius_requests_from ap1)
wcli sta1 wlan2 set_network 0 bssid 02:00:00:00:01:00 >/dev/null
wcli sta1 wlan2 reassociate >/dev/null
sleep 0.5; wait_state sta1 wlan2 COMPLETED 90
wcli sta1 wlan2 status | grep -q "^bssid=02:00:00:00:01:00" || fail "station did not move to hostapd"
hostapd_ms=$(conn_ms sta1 "$from"); hostapd_requests=$(( $(radius_requests_from ap1) - r0 ))
# Back to roamd, which must take a full PEAP: forget the PMKSA from the first
# connection. pmksa_flush on a connected station drops the PMKSA in use and
# deauthenticates, and wpa_supplicant at once reconnects to the BSSID it is
# pinned to (hostapd) with another full PEAP, racing the move to roamd. So
# leave hostapd first, flush while disconnected, wait until hostapd has let
# the station go, and only then point the station at roamd; and count only
# roamd's Access-Requests (NAS-Identifier ap0), checking hostapd got none.
wcli sta1 wlan2 disconnect >/dev/null
wait_state sta1 wlan2 DISCONNECTED 10
wcli sta1 wlan2 pmksa_flush >/dev/null
for i in $(seq 100); do iw dev wlan1 station get "$sta_mac" >/dev/null 2>&1 || break; sleep 0.1; done
iw dev wlan1 station get "$sta_mac" >/dev/null 2>&1 && fail "hostapd still has the station 10 s after it disconnected"
from=$(log_lines "$W/wpa_supplicant-sta1.log"); r0=$(radius_requests_from ap0); h0=$(radius_requests_from ap1)
wcli sta1 wlan2 set_network 0 bssid 02:00:00:00:00:00 >/dev/null
wcli sta1 wlan2 reassociate >/dev/null
sleep 0.5; wait_state sta1 wlan2 COMPLETED 90
wcli sta1 wlan2 status | grep -q "^bssid=02:00:00:00:00:00" || fail "station did not come back to roamd"
warm=$(( $(radius_requests_from ap0) - r0 )); stray=$(( $(radius_requests_from ap1) - h0 ))
(( stray == 0 )) || fail "hostapd received $stray Access-Requests while the station moved back to roamd"
(( warm == roamd_requests )) || fail "the second roamd connection took $warm Access-Requests, not a full PEAP ($roamd_requests)"
echo "RESULT peap_connect_roamd_cold_ms=$roamd_ms peap_connect_hostapd_ms=$hostapd_ms peap_connect_roamd_ms=$(conn_ms sta1 "$from") roamd_warm_radius_requests=$warm roamd_radius_requests=$roamd_requests hostapd_radius_requests=$hostapd_requests"
