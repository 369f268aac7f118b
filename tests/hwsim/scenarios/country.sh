#!/bin/bash
# The Country element (hostapd's country_code + ieee80211d): roamd runs a
# hostapd.conf with country_code=DE and ieee80211d=1 on channel 1. The
# kernel's regulatory domain becomes DE (from wireless-regdb's
# regulatory.db); a station's scan shows "Country: DE" with the channel
# triplets of the AP radio's enabled 2.4 GHz channels (runs of channels with
# the same power limit, as hostapd groups them); then it joins and pings.
# AP=hostapd runs the same checks against hostapd.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_hostapd_conf "$W/ap.conf" roam-country country_code=DE ieee80211d=1
if [[ $AP == hostapd ]]; then
  # The same file run by hostapd, to prove the checks (AP=hostapd run.sh country).
  start_hostapd hostapd "$W/ap.conf"
  for i in $(seq 100); do
    hostapd_cli -p /run/hostapd -i wlan0 status 2>/dev/null | grep -q "^state=ENABLED" && break
    sleep 0.1
  done
else
  start_roamd "$W/ap.conf"
fi
ip addr add 169.254.77.1/24 dev wlan0
iw reg get > "$W/reg.txt"
grep -q "^country DE" "$W/reg.txt" || { cat "$W/reg.txt"; fail "the regulatory domain is not DE"; }

# Expected triplets from the AP radio's channel list: "* 2412.0 MHz [1] (20.0 dBm)".
phy=phy$(iw dev wlan0 info | awk '/wiphy/{print $2}')
iw phy "$phy" info > "$W/phy.txt"
awk '
  /\* [0-9.]+ MHz \[[0-9]+\]/ {
    freq = $2 + 0; if (freq >= 3000 || /disabled/) next
    ch = $4; gsub(/[][]/, "", ch); ch += 0
    if (!match($0, /\([0-9.]+ dBm\)/)) next
    p = int(substr($0, RSTART + 1) + 0)
    if (n && ch == last + 1 && p == power) { last = ch; next }
    if (n) printf "Channels [%d - %d] @ %d dBm\n", first, last, power
    first = ch; last = ch; power = p; n++
  }
  END { if (n) printf "Channels [%d - %d] @ %d dBm\n", first, last, power }
' "$W/phy.txt" > "$W/expected.txt"
[[ -s $W/expected.txt ]] || { cat "$W/phy.txt"; fail "no enabled 2.4 GHz channel on $phy"; }

# The station scans before wpa_supplicant takes the interface.
ip -n sta1 link set wlan2 up
for try in 1 2 3 4 5; do
  ip netns exec sta1 iw dev wlan2 scan freq 2412 > "$W/scan.txt" 2>&1 && grep -q "SSID: roam-country" "$W/scan.txt" && break
  sleep 0.5
done
grep -q "SSID: roam-country" "$W/scan.txt" || { cat "$W/scan.txt"; fail "the station does not see roam-country"; }
grep -q "Country: DE" "$W/scan.txt" || { cat "$W/scan.txt"; fail "no Country: DE in the scan"; }
grep -o "Channels \[.*dBm" "$W/scan.txt" > "$W/advertised.txt"
diff "$W/expected.txt" "$W/advertised.txt" || fail "the advertised triplets differ from $phy's channel list"

psk_sta_conf "$W/sta.conf" roam-country "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 > "$W/ping.log" || { cat "$W/ping.log"; fail "ping"; }
log "$AP advertised DE: $(tr '\n' ' ' < "$W/advertised.txt")"
echo "RESULT country_connect_ms=$(conn_ms sta1 0) country_triplets=$(wc -l < "$W/advertised.txt")"
