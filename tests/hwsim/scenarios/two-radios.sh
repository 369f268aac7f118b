#!/bin/bash
# Two SSIDs on two radios in one roamd process; one station joins each and
# pings its AP.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
open_ap_conf "$W/roamd.toml" wlan0 1 roamd-one wlan1 6 roamd-two
start_roamd "$W/roamd.toml" 2
ip addr add 169.254.1.1/24 dev wlan0
ip addr add 169.254.2.1/24 dev wlan1
open_sta_conf "$W/sta1.conf" roamd-one
open_sta_conf "$W/sta2.conf" roamd-two
start_sta sta1 wlan2 "$W/sta1.conf"
start_sta sta2 wlan3 "$W/sta2.conf"
wait_state sta1 wlan2 COMPLETED 60
wait_state sta2 wlan3 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^bssid=02:00:00:00:00:00" || fail "sta1 is not on wlan0's BSS"
wcli sta2 wlan3 status | grep -q "^bssid=02:00:00:00:01:00" || fail "sta2 is not on wlan1's BSS"
ap_has_station wlan0 "$(ip netns exec sta1 cat /sys/class/net/wlan2/address)" || fail "sta1 not in wlan0's table"
ap_has_station wlan1 "$(ip netns exec sta2 cat /sys/class/net/wlan3/address)" || fail "sta2 not in wlan1's table"
ip -n sta1 addr add 169.254.1.2/24 dev wlan2
ip -n sta2 addr add 169.254.2.2/24 dev wlan3
ip netns exec sta1 ping -c 2 -W 5 169.254.1.1 >/dev/null || fail "ping from sta1"
ip netns exec sta2 ping -c 2 -W 5 169.254.2.1 >/dev/null || fail "ping from sta2"
log "two radios, two SSIDs, two stations: ok"
echo "RESULT two_radios_sta1_ms=$(conn_ms sta1 0) two_radios_sta2_ms=$(conn_ms sta2 0)"
