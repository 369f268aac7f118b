#!/bin/bash
# GCMP-256 when the radio supports it (mac80211_hwsim does): roamd offers
# GCMP-256 and CCMP-128; a station asking for GCMP-256 gets it and pings.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-gcmp "correct horse battery" 'pairwise = ["gcmp-256", "ccmp"]'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-gcmp "correct horse battery" "key_mgmt=WPA-PSK" "pairwise=GCMP-256"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^pairwise_cipher=GCMP-256" || { wcli sta1 wlan2 status; fail "pairwise cipher is not GCMP-256"; }
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping over GCMP-256"
log "GCMP-256 negotiated, ping ok"
echo "RESULT gcmp256_connect_ms=$(conn_ms sta1 0)"
