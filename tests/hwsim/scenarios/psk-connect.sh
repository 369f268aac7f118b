#!/bin/bash
# WPA2-PSK with PMF optional (ieee80211w=1 on the station, as hostapd's
# reference psk-connect scenario): Debian's wpa_supplicant joins roamd on
# wlan0 and pings through the CCMP-encrypted link. Then hostapd serves the
# same network on wlan1 in the same VM and the station joins it, so the two
# connect latencies are measured side by side.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-psk "correct horse battery" 'pmf = "optional"'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-psk "correct horse battery" "key_mgmt=WPA-PSK" "ieee80211w=1" "bssid=02:00:00:00:00:00"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^pairwise_cipher=CCMP" || fail "not CCMP"
wcli sta1 wlan2 status | grep -q "^pmf=1\|^pmf=2\|^pmf=.*" ; wait_log "$W/roamd.log" "4-way handshake completed" 5
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
ap_has_station wlan0 "$sta_mac" || fail "station not authorized in wlan0's table"
iw dev wlan0 station get "$sta_mac" | grep -q "MFP:.*yes" || { iw dev wlan0 station get "$sta_mac"; fail "MFP not in use"; }
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 > "$W/ping.log" || { cat "$W/ping.log"; fail "ping through the encrypted link"; }
roamd_ms=$(conn_ms sta1 0)
roamd_rss=$(awk '/VmRSS/{print $2}' "/proc/$(cat "$W/roamd.pid")/status")
# Where roamd's resident memory is: heap and stacks (anonymous) or its mapped binary and libraries (file).
roamd_rss_parts=$(awk '/RssAnon/{a=$2} /RssFile/{f=$2} END {print "roamd_rss_anon_kb=" a " roamd_rss_file_kb=" f}' "/proc/$(cat "$W/roamd.pid")/status")
log "roamd: WPA2-PSK+PMF joined in ${roamd_ms} ms, ping ok"

# The reference: hostapd with the same settings on wlan1.
cat > "$W/hostapd.conf" <<CONF
interface=wlan1
driver=nl80211
ssid=roam-psk
hw_mode=g
channel=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=correct horse battery
ieee80211w=1
CONF
start_hostapd hostapd "$W/hostapd.conf"
from=$(log_lines "$W/wpa_supplicant-sta1.log")
wcli sta1 wlan2 set_network 0 bssid 02:00:00:00:01:00 >/dev/null
wcli sta1 wlan2 reassociate >/dev/null
sleep 0.5; wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^bssid=02:00:00:00:01:00" || fail "station did not move to hostapd"
hostapd_ms=$(conn_ms sta1 "$from")
echo "RESULT psk_connect_roamd_ms=$roamd_ms psk_connect_hostapd_ms=$hostapd_ms roamd_rss_kb=$roamd_rss $roamd_rss_parts hostapd_rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$(cat "$W/hostapd.pid")/status")"
