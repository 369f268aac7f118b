#!/bin/bash
# hostapd compatibility: roamd runs the hostapd reference scenario's own
# hostapd.conf unchanged (WPA2-PSK + PMF, ctrl_interface=/run/hostapd), the
# station joins and pings, and Debian's hostapd_cli, with hostapd's default
# arguments for that directory, lists the station.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_hostapd_conf "$W/ap.conf" roam-psk ieee80211w=1
start_roamd "$W/ap.conf"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-psk "correct horse battery" "key_mgmt=WPA-PSK" "ieee80211w=1"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping"
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
hostapd_cli -p /run/hostapd -i wlan0 all_sta > "$W/all_sta.txt"
grep -q "^$sta_mac" "$W/all_sta.txt" && grep -q "^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]\[MFP\]" "$W/all_sta.txt" \
  || { cat "$W/all_sta.txt"; fail "hostapd_cli all_sta"; }
log "roamd ran hostapd's psk-connect hostapd.conf; hostapd_cli lists the station"
echo "RESULT hostapd_conf_connect_ms=$(conn_ms sta1 0)"
