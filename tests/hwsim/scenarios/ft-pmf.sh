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
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
ft_roamd_toml "$W/roamd.toml" 0 false 'pmf = "required"'
start_roamd "$W/roamd.toml" 1
ft_hostapd_conf "$W/hostapd-b.conf" 1 FT-PSK 0 ieee80211w=2
start_hostapd hostapd-b "$W/hostapd-b.conf"
ft_sta_conf "$W/sta.conf" FT-PSK "$A" ieee80211w=2
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
