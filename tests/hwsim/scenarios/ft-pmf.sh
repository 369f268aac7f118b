#!/bin/bash
# FT-PSK with PMF required (ieee80211w=2) in a mobility domain of roamd (AP
# A, wlan0) and Debian's hostapd (AP B, wlan1), key holders on two bridges
# joined by a veth pair. The station roams A -> B -> A over the air, then
# B and A again over the DS. Coming back to A, roamd still holds the
# station's PMF association from before (nothing told it the station
# left): the FT authentication must not be refused or answered without
# FT, nor the association torn down by it, and the FT reassociation (its
# MIC proves the keys) must not wait for an SA Query. roamd's journal: every
# roam to A is FT with pmf=true.
# radios=3
# timeout=600
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
K=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
cat > "$W/roamd.toml" <<CONF
[[radio]]
interface = "wlan0"
channel = 1

[[radio.bss]]
ssid = "roam-ft"
security = "wpa2-psk"
passphrase = "correct horse battery"
key_mgmt = ["ft-psk"]
pmf = "required"
bridge = "br0"

[radio.bss.ft]
mobility_domain = "a1b2"
r0kh_id = "ap0.example.net"
r1kh_id = "$A"
r0kh = ["$B ap1.example.net $K"]
r1kh = ["$B $B $K"]
CONF
start_roamd "$W/roamd.toml" 1
cat > "$W/hostapd-b.conf" <<CONF
interface=wlan1
bridge=br1
driver=nl80211
ssid=roam-ft
hw_mode=g
channel=1
wpa=2
rsn_pairwise=CCMP
wpa_key_mgmt=FT-PSK
wpa_passphrase=correct horse battery
ieee80211w=2
mobility_domain=a1b2
nas_identifier=ap1.example.net
r1_key_holder=020000000100
ft_over_ds=1
r0kh=$A ap0.example.net $K
r1kh=$A $A $K
CONF
start_hostapd hostapd-b "$W/hostapd-b.conf"
printf 'network={\n ssid="roam-ft"\n key_mgmt=FT-PSK\n psk="correct horse battery"\n ieee80211w=2\n bssid=%s\n scan_freq=2412\n}\n' "$A" > "$W/sta.conf"
ip -n sta1 link set wlan2 up
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 "$A" 60
wcli sta1 wlan2 set_network 0 bssid any >/dev/null
ip -n sta1 addr add 169.254.79.2/24 dev wlan2
scan_until sta1 wlan2 "$A" "$B"
ft_roam sta1 wlan2 "$B" air pmf_air_to_b
ft_roam sta1 wlan2 "$A" air pmf_air_back_to_a
ft_roam sta1 wlan2 "$B" ds pmf_ds_to_b
ft_roam sta1 wlan2 "$A" ds pmf_ds_back_to_a
wait_log "$W/roamd.log" " roam .*outcome=ft-ds.*pmf=true" 5
(( $(grep -c " roam .*outcome=ft-.*pmf=true" "$W/roamd.log") == 2 )) || fail "roamd's journal lacks its two FT roams with PMF"
grep -q "SA Query" "$W/roamd.log" && grep "SA Query" "$W/roamd.log" | head -3
grep " roam " "$W/roamd.log" | sed 's/^/  /'
echo "RESULT ft_pmf=ok"
