#!/bin/bash
# GTK rekeying every 3 s while the station pings (broadcast ARP and unicast
# ICMP through the encrypted link): the group key handshakes complete and no
# ping is lost. Then hostapd_cli rekey_ptk: a new 4-way handshake, no ping
# lost either.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-psk "correct horse battery" 'group_rekey = 3'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-psk "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
# 15 s of pings at 5 per second: about 4 rekeys happen meanwhile.
ip netns exec sta1 ping -i 0.2 -c 75 -W 2 169.254.77.1 > "$W/ping.log"
cat "$W/ping.log" | tail -3
rekeys=$(grep -c "GTK rekey" "$W/roamd.log")
done_hs=$(grep -c "group key handshake completed" "$W/roamd.log" || true)
received=$(awk '/packets transmitted/{print $4}' "$W/ping.log")
(( rekeys >= 3 )) || fail "expected at least 3 GTK rekeys, saw $rekeys"
grep -q "GTK rekey\|group key" "$W/wpa_supplicant-sta1.log" || true
wait_log "$W/wpa_supplicant-sta1.log" "WPA: Group rekeying completed" 5
[[ $received == 75 ]] || fail "lost pings during GTK rekeying: $received of 75 received"
log "$rekeys GTK rekeys, 75 of 75 pings received"
echo "RESULT gtk_rekeys=$rekeys pings_received=$received/75"

# REKEY_PTK (hostapd_cli raw): a new 4-way handshake on the established PTKSA, the
# station pinging throughout.
completed=$(grep -c "WPA: Key negotiation completed" "$W/wpa_supplicant-sta1.log")
ip netns exec sta1 ping -i 0.2 -c 25 -W 2 169.254.77.1 > "$W/ping-ptk.log" &
ping_pid=$!
sleep 1
reply=$(hostapd_cli -p /run/roamd -i wlan0 raw REKEY_PTK "$(sta_mac sta1 wlan2)")
[[ $reply == OK ]] || fail "rekey_ptk answered '$reply'"
for i in $(seq 50); do
  (( $(grep -c "WPA: Key negotiation completed" "$W/wpa_supplicant-sta1.log") > completed )) && break; sleep 0.1
done
(( $(grep -c "WPA: Key negotiation completed" "$W/wpa_supplicant-sta1.log") > completed )) || fail "no second 4-way handshake at the station"
wait "$ping_pid"
ptk_received=$(awk '/packets transmitted/{print $4}' "$W/ping-ptk.log")
[[ $ptk_received == 25 ]] || fail "lost pings during the PTK rekey: $ptk_received of 25 received"
[[ $(hostapd_cli -p /run/roamd -i wlan0 raw REKEY_PTK 02:00:00:00:09:09) == FAIL ]] || fail "rekey_ptk of an unknown station"
log "PTK rekey: a new 4-way handshake, 25 of 25 pings received"
echo "RESULT ptk_rekey_pings_received=$ptk_received/25"
