#!/bin/bash
# 802.11n (HT20) and WMM: roamd runs a hostapd.conf with ieee80211n=1,
# wmm_enabled=1 and ht_capab=[SHORT-GI-20]; the WPA2-PSK station joins with
# HT and WMM and pings: the AP's kernel entry for it has WMM/WME and the AP
# sends it HT (MCS) rates, hostapd_cli STATUS says ieee80211n=1 and STA
# lists [WMM][HT].
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_hostapd_conf "$W/ap.conf" roam-ht ieee80211n=1 wmm_enabled=1 "ht_capab=[SHORT-GI-20]"
start_roamd "$W/ap.conf"
ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-ht "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 5 -i 0.2 -W 5 169.254.77.1 >/dev/null || fail "ping"
sta_mac=$(sta_mac sta1 wlan2)

# Traffic from the AP too, until its rate control leaves the basic rates:
# an MCS towards the station means the kernel has its HT capabilities.
for burst in 1 2 3; do
  ping -c 40 -i 0.05 -W 5 169.254.77.2 >/dev/null || fail "ping from the AP"
  iw dev wlan0 station get "$sta_mac" > "$W/ap_station.txt" || fail "iw: no station $sta_mac on wlan0"
  grep -q "tx bitrate:.*MCS" "$W/ap_station.txt" && break
done
grep -Eq "WMM/WME:[[:space:]]*yes" "$W/ap_station.txt" || { cat "$W/ap_station.txt"; fail "the AP's kernel entry has no WMM/WME"; }
grep -q "tx bitrate:.*MCS" "$W/ap_station.txt" || { cat "$W/ap_station.txt"; fail "the AP sends the station no HT (MCS) rate"; }
ip netns exec sta1 iw dev wlan2 link > "$W/sta_link.txt"

hostapd_cli -p /run/hostapd -i wlan0 status > "$W/status.txt"
grep -q "^ieee80211n=1$" "$W/status.txt" || { cat "$W/status.txt"; fail "STATUS: ieee80211n is not 1"; }
hostapd_cli -p /run/hostapd -i wlan0 sta "$sta_mac" > "$W/sta.txt"
grep -q "^flags=.*\[WMM\].*\[HT\]" "$W/sta.txt" || { cat "$W/sta.txt"; fail "STA: no [WMM][HT] flags"; }
wcli sta1 wlan2 status > "$W/wpa_status.txt"
log "roamd ran HT20 with WMM: $(grep -ho 'tx bitrate:.*' "$W/ap_station.txt" | head -1)"
echo "RESULT ht_connect_ms=$(conn_ms sta1 0)"
sta_mcs=no; grep -q "tx bitrate:.*MCS" "$W/sta_link.txt" && sta_mcs=yes
echo "RESULT ht_sta_tx_mcs=$sta_mcs"
echo "RESULT ht_sta_$(grep -o '^wifi_generation=[0-9]*' "$W/wpa_status.txt" || echo wifi_generation=unknown)"
