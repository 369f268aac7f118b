#!/bin/bash
# PMF required: a station without PMF cannot join (Debian's wpa_supplicant
# sees MFPR in roamd's RSNE and does not even try; roamd's own refusal with
# status 31 of an RSNE without MFPC is covered by the rsn unit tests); one
# with PMF (ieee80211w=2) joins, negotiating WPA-PSK-SHA256 (00-0f-ac:6).
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-pmf "correct horse battery" 'pmf = "required"' 'key_mgmt = ["wpa-psk", "wpa-psk-sha256"]'
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0

# No PMF: refused.
psk_sta_conf "$W/nopmf.conf" roam-pmf "correct horse battery" "key_mgmt=WPA-PSK" "ieee80211w=0"
start_sta sta2 wlan3 "$W/nopmf.conf"
nopmf_mac=$(ip netns exec sta2 cat /sys/class/net/wlan3/address)
wait_log "$W/wpa_supplicant-sta2.log" "no mgmt frame protection enabled but AP requires it" 30
sleep 2
ap_has_station wlan0 "$nopmf_mac" && fail "station without PMF was admitted"
grep -q "$nopmf_mac.*associated\|associated.*$nopmf_mac" "$W/roamd.log" && fail "roamd associated the station without PMF"
wcli sta2 wlan3 status | grep -q "^wpa_state=COMPLETED" && fail "station without PMF connected"
log "station without PMF could not join"

# PMF required on the station, SHA-256 AKM preferred.
psk_sta_conf "$W/pmf.conf" roam-pmf "correct horse battery" "key_mgmt=WPA-PSK-SHA256" "ieee80211w=2"
start_sta sta1 wlan2 "$W/pmf.conf"
wait_state sta1 wlan2 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^key_mgmt=WPA2-PSK-SHA256" || { wcli sta1 wlan2 status; fail "AKM is not PSK-SHA256"; }
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
iw dev wlan0 station get "$sta_mac" | grep -q "MFP:.*yes" || fail "MFP not in use"
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping with PMF + SHA-256 AKM"
log "PMF + WPA-PSK-SHA256 joined and pinged"
echo "RESULT pmf_sha256_connect_ms=$(conn_ms sta1 0)"
