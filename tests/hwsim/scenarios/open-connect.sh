#!/bin/bash
# roamd runs an open SSID on wlan0; Debian's wpa_supplicant joins from wlan2
# (netns sta1); the station is in roamd's (the kernel's) station table as
# authorized, and IP ping crosses the simulated air.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
open_ap_conf "$W/roamd.toml" wlan0 1 roamd-open
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
open_sta_conf "$W/sta.conf" roamd-open
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
wait_log "$W/roamd.log" "associated.*$sta_mac|$sta_mac.*associated" 5
ap_has_station wlan0 "$sta_mac" || { iw dev wlan0 station dump; fail "station $sta_mac not authorized in wlan0's station table"; }
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 > "$W/ping.log" || { cat "$W/ping.log"; fail "ping across the air"; }
log "connected; station in the AP's table; ping ok"
echo "RESULT open_connect_ms=$(conn_ms sta1 0) roamd_rss_kb=$(awk '/VmRSS/{print $2}' /proc/$(cat "$W/roamd.pid")/status)"
