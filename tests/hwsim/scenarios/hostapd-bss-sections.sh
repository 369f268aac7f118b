#!/bin/bash
# hostapd.conf `bss=` sections: one file, two BSSes on one radio, started as
# `roamd FILE` as hostapd would be. The first BSS is WPA2-PSK; the `bss=wlan0_1`
# section is a second WPA2-PSK SSID with its own passphrase and the BSSID its
# `bssid=` line sets, starting from hostapd's defaults (nothing inherited).
# A station joins the second SSID and pings over wlan0_1, and Debian's
# hostapd_cli talks to the second BSS's own control socket.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_hostapd_conf "$W/ap.conf" roam-home "" bss=wlan0_1 bssid=02:00:00:00:00:11 \
  ctrl_interface=/run/hostapd ssid=roam-guest wpa=2 wpa_key_mgmt=WPA-PSK "wpa_passphrase=guest horse battery"
start_roamd "$W/ap.conf" 2
ip link show wlan0_1 >/dev/null || fail "roamd did not create wlan0_1"
ip addr add 169.254.78.1/24 dev wlan0_1
psk_sta_conf "$W/sta.conf" roam-guest "guest horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 02:00:00:00:00:11 60
ip -n sta1 addr add 169.254.78.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.78.1 >/dev/null || fail "ping over the second BSS"
sta_mac=$(sta_mac sta1 wlan2)
hostapd_cli -p /run/hostapd -i wlan0_1 status > "$W/status.txt" || { cat "$W/status.txt"; fail "hostapd_cli -i wlan0_1 status"; }
grep -q "^bss\[1\]=wlan0_1" "$W/status.txt" && grep -q "^bssid\[1\]=02:00:00:00:00:11" "$W/status.txt" \
  && grep -q "^ssid\[1\]=roam-guest" "$W/status.txt" && grep -q "^num_sta\[1\]=1" "$W/status.txt" \
  && grep -q "^ssid\[0\]=roam-home" "$W/status.txt" && grep -q "^num_sta\[0\]=0" "$W/status.txt" \
  || { cat "$W/status.txt"; fail "STATUS on wlan0_1 does not show the station on the second BSS"; }
hostapd_cli -p /run/hostapd -i wlan0_1 all_sta > "$W/all_sta.txt"
grep -q "^$sta_mac" "$W/all_sta.txt" || { cat "$W/all_sta.txt"; fail "hostapd_cli -i wlan0_1 all_sta"; }
hostapd_cli -p /run/hostapd -i wlan0 all_sta > "$W/all_sta0.txt"
grep -q "^$sta_mac" "$W/all_sta0.txt" && { cat "$W/all_sta0.txt"; fail "the station is listed on wlan0 too"; }
stop_roamd || fail "roamd exited with an error"
ip link show wlan0_1 >/dev/null 2>&1 && fail "roamd left wlan0_1 behind"
log "a bss= section ran as a second SSID on wlan0_1; the station joined it and pinged; hostapd_cli -i wlan0_1 answered"
echo "RESULT hostapd_bss_section_connect_ms=$(conn_ms sta1 0)"
