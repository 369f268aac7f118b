#!/bin/bash
# The station disconnects: roamd logs it and removes it from the kernel. The
# station joins again; roamd is stopped with SIGTERM and deauthenticates it,
# which wpa_supplicant reports (reason 3, "deauthenticated because sending
# station is leaving").
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
open_ap_conf "$W/roamd.toml" wlan0 1 roamd-open
start_roamd "$W/roamd.toml"
open_sta_conf "$W/sta.conf" roamd-open
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
wait_log "$W/roamd.log" "associated" 5

wcli sta1 wlan2 disconnect >/dev/null
wait_log "$W/roamd.log" "station left.*$sta_mac|$sta_mac.*station left" 10
for i in $(seq 50); do ap_has_station wlan0 "$sta_mac" || break; sleep 0.1; done
iw dev wlan0 station get "$sta_mac" >/dev/null 2>&1 && fail "station still in wlan0's table after it left"
log "station left and was removed"

from=$(log_lines "$W/wpa_supplicant-sta1.log")
wcli sta1 wlan2 reconnect >/dev/null
wait_state sta1 wlan2 COMPLETED 60
echo "RESULT reconnect_ms=$(conn_ms sta1 "$from")"
stop_roamd || fail "roamd exited with an error on SIGTERM"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=3" 10
grep -q "deauthenticat.*$sta_mac\|$sta_mac.*deauthenticat" "$W/roamd.log" || fail "roamd did not log the shutdown deauthentication"
log "shutdown deauthenticated the station"
