#!/bin/bash
# PMF and the SA Query procedure (IEEE 802.11-2020 11.3.5.4): a station with
# a PMF association re-authenticates and reassociates to roamd without
# deauthenticating first (wpa_cli roam to the same BSSID). roamd must not let
# the unprotected frames tear down the protected association: it answers
# with status 30 and an association comeback time and sends an SA Query. The
# station dropped its old keys, so the query goes unanswered; after the
# timeout roamd drops the old association and the station's next attempt
# succeeds with a fresh 4-way handshake.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-pmf "correct horse battery" 'pmf = "required"'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-pmf "correct horse battery" "key_mgmt=WPA-PSK" "ieee80211w=2"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
wait_log "$W/roamd.log" "4-way handshake completed" 5
from=$(log_lines "$W/wpa_supplicant-sta1.log")
wcli sta1 wlan2 roam 02:00:00:00:00:00 >/dev/null
wait_log "$W/roamd.log" "association attempt while a PMF association exists: SA Query" 20
wait_log "$W/roamd.log" "SA Query timed out" 10
for i in $(seq 100); do (( $(grep -c "4-way handshake completed" "$W/roamd.log") >= 2 )) && break; sleep 0.2; done
(( $(grep -c "4-way handshake completed" "$W/roamd.log") >= 2 )) || fail "no second 4-way handshake after the SA Query timed out"
wait_state sta1 wlan2 COMPLETED 30
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 2 -W 5 169.254.77.1 >/dev/null || fail "ping after the reassociation"
log "SA Query procedure: comeback, query timed out, station reassociated"
echo "RESULT pmf_sa_query_reassoc_ms=$(conn_ms sta1 "$from")"
