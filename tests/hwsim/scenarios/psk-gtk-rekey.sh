#!/bin/bash
# GTK rekeying every 3 s while the station pings (broadcast ARP and unicast
# ICMP through the encrypted link): the group key handshakes complete and no
# ping is lost.
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
