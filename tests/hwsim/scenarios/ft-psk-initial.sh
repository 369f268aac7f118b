#!/bin/bash
# 802.11r, first step: the FT initial mobility domain association. Debian's
# wpa_supplicant, with key_mgmt=FT-PSK only, joins roamd serving the AP0
# configuration of the hostapd reference trace (traces/ft-psk, a
# hostapd.conf: mobility domain a1b2, R0KH-ID ap0.example.net) and pings
# through: the 4-way handshake runs on the PMK-R1 with PMKR1Name, MDE and
# FTE checked both ways. Then hostapd serves the same network (another
# mobility domain, so that this is an initial association there too) on
# wlan1 and a fresh wpa_supplicant joins it, for the two latencies side by
# side. (The same wpa_supplicant would try an FT roam into the other
# mobility domain: it compares the target's MDID with the one it stored
# from the target itself, and retries FT authentication for ever.)
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
ft_conf() {  # ft_conf FILE IF MDID NAS_ID R1KH
  cat > "$1" <<CONF
interface=$2
driver=nl80211
ssid=roam-ft
hw_mode=g
channel=1
wpa=2
rsn_pairwise=CCMP
mobility_domain=$3
nas_identifier=$4
r1_key_holder=$5
ft_over_ds=1
wpa_key_mgmt=FT-PSK WPA-PSK
wpa_passphrase=correct horse battery
CONF
}
ft_conf "$W/ap0.conf" wlan0 a1b2 ap0.example.net 020000000000
start_roamd "$W/ap0.conf"
ip addr add 169.254.78.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-ft "correct horse battery" "key_mgmt=FT-PSK" "bssid=02:00:00:00:00:00"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^key_mgmt=FT-PSK" || { wcli sta1 wlan2 status; fail "not FT-PSK"; }
wait_log "$W/roamd.log" "4-way handshake completed" 5
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
ap_has_station wlan0 "$sta_mac" || fail "station not authorized in wlan0's table"
# The station derived the same PMKR1Name as roamd (it put it in message 2).
grep -q "FT: PMKR1Name" "$W/wpa_supplicant-sta1.log" || fail "the station did not run FT key derivation"
ip -n sta1 addr add 169.254.78.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.78.1 > "$W/ping.log" || { cat "$W/ping.log"; fail "ping through the FT-PSK link"; }
roamd_ms=$(conn_ms sta1 0)
log "roamd: FT-PSK initial mobility domain association in ${roamd_ms} ms, ping ok"

ft_conf "$W/ap1.conf" wlan1 c3d4 ap1.example.net 020000000100
start_hostapd hostapd "$W/ap1.conf"
wcli sta1 wlan2 terminate >/dev/null
sleep 0.5
from=$(log_lines "$W/wpa_supplicant-sta1.log")
psk_sta_conf "$W/sta-hostapd.conf" roam-ft "correct horse battery" "key_mgmt=FT-PSK" "bssid=02:00:00:00:01:00"
start_sta sta1 wlan2 "$W/sta-hostapd.conf"
wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^bssid=02:00:00:00:01:00" || fail "station did not move to hostapd"
hostapd_ms=$(conn_ms sta1 "$from")
echo "RESULT ft_psk_initial_roamd_ms=$roamd_ms ft_psk_initial_hostapd_ms=$hostapd_ms"
