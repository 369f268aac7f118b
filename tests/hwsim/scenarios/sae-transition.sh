#!/bin/bash
# WPA3 transition mode (roamd security = "wpa2-wpa3"; hostapd wpa_key_mgmt=
# WPA-PSK SAE, ieee80211w=1), one passphrase for both: a WPA2-only station
# (key_mgmt=WPA-PSK, ieee80211w=0) and a WPA3 station (key_mgmt=SAE,
# ieee80211w=2) join at the same time; each negotiates its own AKM (wpa_cli
# status: key_mgmt=WPA2-PSK and key_mgmt=SAE), the WPA3 one with PMF, the
# WPA2 one without, and both ping the AP. AP=hostapd runs the same against hostapd.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
sae_ap "$AP" wlan0 roam-mixed transition
start_ap "$AP"
ip addr add 169.254.81.1/24 dev wlan0
psk_sta_conf "$W/wpa2.conf" roam-mixed "$SAE_PASS" "key_mgmt=WPA-PSK" "ieee80211w=0"
sae_sta_conf "$W/wpa3.conf" roam-mixed "$SAE_PASS"
start_sta sta1 wlan2 "$W/wpa2.conf"
start_sta sta2 wlan3 "$W/wpa3.conf"
wait_state sta1 wlan2 COMPLETED 60
wait_state sta2 wlan3 COMPLETED 60
wcli sta1 wlan2 status | grep -q "^key_mgmt=WPA2-PSK$" || { wcli sta1 wlan2 status; fail "the WPA2 station did not negotiate WPA2-PSK"; }
wcli sta2 wlan3 status | grep -q "^key_mgmt=SAE$" || { wcli sta2 wlan3 status; fail "the WPA3 station did not negotiate SAE"; }
iw dev wlan0 station get "$(sta_mac sta2 wlan3)" | grep -q "MFP:.*yes" || fail "the WPA3 station's association has no MFP"
iw dev wlan0 station get "$(sta_mac sta1 wlan2)" | grep -q "MFP:.*no" || fail "the WPA2 station's association has MFP"
ip -n sta1 addr add 169.254.81.2/24 dev wlan2
ip -n sta2 addr add 169.254.81.3/24 dev wlan3
ip netns exec sta1 ping -c 2 -W 5 169.254.81.1 >/dev/null || fail "no ping from the WPA2 station"
ip netns exec sta2 ping -c 2 -W 5 169.254.81.1 >/dev/null || fail "no ping from the WPA3 station"
log "transition mode: WPA2-PSK and SAE side by side"
echo "RESULT transition_wpa2_connect_ms=$(conn_ms sta1 0) transition_sae_connect_ms=$(conn_ms sta2 0)"
stop_ap "$AP"
