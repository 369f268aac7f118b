#!/bin/bash
# Several SSIDs on one radio: roamd serves an open SSID on wlan0 and a
# WPA2-PSK SSID on a second AP interface it creates on the same radio
# (BSSID 02:00:00:00:00:01); one station joins each and pings, and
# hostapd_cli's STATUS lists both BSSes of the radio.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
cat > "$W/roamd.toml" <<CONF
[[radio]]
interface = "wlan0"
channel = 1

[[radio.bss]]
ssid = "roamd-open"

[[radio.bss]]
ssid = "roamd-psk"
security = "wpa2-psk"
passphrase = "correct horse battery"
CONF
start_roamd "$W/roamd.toml" 2
ip link show wlan0-1 >/dev/null || fail "roamd did not create wlan0-1"
ip addr add 169.254.1.1/24 dev wlan0
ip addr add 169.254.2.1/24 dev wlan0-1
open_sta_conf "$W/sta1.conf" roamd-open
psk_sta_conf "$W/sta2.conf" roamd-psk "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta1.conf"
start_sta sta2 wlan3 "$W/sta2.conf"
wait_bssid sta1 wlan2 02:00:00:00:00:00 60
wait_bssid sta2 wlan3 02:00:00:00:00:01 60
ip -n sta1 addr add 169.254.1.2/24 dev wlan2
ip -n sta2 addr add 169.254.2.2/24 dev wlan3
ip netns exec sta1 ping -c 2 -W 5 169.254.1.1 >/dev/null || fail "ping on the open BSS"
ip netns exec sta2 ping -c 2 -W 5 169.254.2.1 >/dev/null || fail "ping on the PSK BSS"
hostapd_cli -p /run/roamd -i wlan0 status > "$W/status.txt"
grep -q "^bss\[1\]=wlan0-1" "$W/status.txt" && grep -q "^ssid\[1\]=roamd-psk" "$W/status.txt" && grep -q "^num_sta\[1\]=1" "$W/status.txt" \
  || { cat "$W/status.txt"; fail "STATUS does not list the second BSS"; }
stop_roamd || fail "roamd exited with an error"
ip link show wlan0-1 >/dev/null 2>&1 && fail "roamd left wlan0-1 behind"
log "two SSIDs on one radio, one station each, ping ok; wlan0-1 removed at shutdown"
echo "RESULT multi_bss_open_ms=$(conn_ms sta1 0) multi_bss_psk_ms=$(conn_ms sta2 0)"
