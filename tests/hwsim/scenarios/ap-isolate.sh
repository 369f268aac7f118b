#!/bin/bash
# hostapd's ap_isolate: two stations on one open BSS. With ap_isolate=1 in
# the hostapd.conf roamd runs, the kernel forwards nothing between them
# (NL80211_CMD_SET_BSS with NL80211_ATTR_AP_ISOLATE after START_AP): each
# pings the AP, neither pings the other. Without it (roamd restarted with
# the same file less that line), station to station pings pass, so the
# first result is the isolation and not a broken path.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
write_conf() {  # write_conf FILE [EXTRA LINE]
  printf 'interface=wlan0\ndriver=nl80211\nssid=roam-isolate\nhw_mode=g\nchannel=1\n%s\n' "${2:-}" > "$1"
}
open_sta_conf "$W/sta.conf" roam-isolate
ip -n sta1 addr add 169.254.78.2/24 dev wlan2
ip -n sta2 addr add 169.254.78.3/24 dev wlan3
# join_both : both stations (re)connect and each pings the AP.
join_both() {
  local ns ifc
  for ns in sta1:wlan2 sta2:wlan3; do
    ifc=${ns#*:} ns=${ns%:*}
    if [[ -f $W/wpa_supplicant-$ns.pid ]]; then wcli "$ns" "$ifc" reassociate >/dev/null
    else start_sta "$ns" "$ifc" "$W/sta.conf"; fi
  done
  wait_state sta1 wlan2 COMPLETED 60
  wait_state sta2 wlan3 COMPLETED 60
  ip netns exec sta1 ping -c 2 -W 5 169.254.78.1 >/dev/null || fail "$1: sta1 cannot ping the AP"
  ip netns exec sta2 ping -c 2 -W 5 169.254.78.1 >/dev/null || fail "$1: sta2 cannot ping the AP"
}

write_conf "$W/isolated.conf" "ap_isolate=1"
start_roamd "$W/isolated.conf"
ip addr add 169.254.78.1/24 dev wlan0
join_both isolated
ip netns exec sta1 ping -c 3 -W 2 169.254.78.3 >/dev/null && fail "isolated: sta1 reached sta2 through the AP"
log "ap_isolate=1: each station reaches the AP, not the other"
stop_roamd

write_conf "$W/open.conf"
start_roamd "$W/open.conf"
ip addr add 169.254.78.1/24 dev wlan0 2>/dev/null
join_both not-isolated
ip netns exec sta1 ping -c 3 -W 5 169.254.78.3 >/dev/null || fail "not isolated: sta1 cannot reach sta2"
log "without ap_isolate: station to station traffic passes"
stop_roamd
