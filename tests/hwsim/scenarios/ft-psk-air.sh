#!/bin/bash
# 802.11r FT-PSK over the air between two roamd BSSes (wlan0, wlan1: one
# process, one mobility domain, psk_generate_local): Debian's
# wpa_supplicant (key_mgmt=FT-PSK) joins one, then roams with `wpa_cli
# roam` three times. Each roam must be an FT authentication and
# reassociation with no 4-way handshake (roamd's journal: outcome=ft-air;
# the station's log: no EAPOL-Key after the first association), and the
# link must carry pings after it. Then hostapd (two processes,
# ft_psk_generate_local=1) serves the same on the same radios and the
# station makes the same roams, for the latencies side by side.
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
: > "$W/roamd.toml"
for i in 0 1; do
  cat >> "$W/roamd.toml" <<CONF
[[radio]]
interface = "wlan$i"
channel = 1

[[radio.bss]]
ssid = "roam-ft"
security = "wpa2-psk"
passphrase = "correct horse battery"
key_mgmt = ["ft-psk", "wpa-psk"]

[radio.bss.ft]
mobility_domain = "a1b2"
r0kh_id = "ap$i.example.net"
psk_generate_local = true

CONF
done
start_roamd "$W/roamd.toml" 2
ip link add br0 type bridge; ip link set br0 up
ip addr add 169.254.79.1/24 dev br0
for i in 0 1; do iw dev wlan$i set 4addr off 2>/dev/null; ip link set wlan$i master br0 2>/dev/null || true; done
psk_sta_conf "$W/sta.conf" roam-ft "correct horse battery" "key_mgmt=FT-PSK"
ip -n sta1 link set wlan2 up
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
scan_until sta1 wlan2 "$A" "$B"
ip -n sta1 addr add 169.254.79.2/24 dev wlan2

ft_roams() {  # ft_roams LABEL : three FT roams, each checked; the median in $median
  local label=$1 i cur target from ms all=()
  for i in 1 2 3; do
    cur=$(wcli sta1 wlan2 status | sed -n 's/^bssid=//p')
    if [[ $cur == "$A" ]]; then target=$B; else target=$A; fi
    from=$(log_lines "$W/wpa_supplicant-sta1.log")
    wcli sta1 wlan2 roam "$target" >/dev/null
    wait_bssid sta1 wlan2 "$target" 30
    sed -n "$((from + 1)),\$p" "$W/wpa_supplicant-sta1.log" > "$W/roam-$label-$i.log"
    grep -q "SME: Trying to use FT over-the-air" "$W/roam-$label-$i.log" || fail "$label roam $i: not FT over the air"
    grep -q "RX EAPOL" "$W/roam-$label-$i.log" && fail "$label roam $i: an EAPOL-Key exchange ran (no FT)"
    ms=$(conn_ms sta1 "$from"); all+=("$ms")
    log "$label: FT roam $i to $target in $ms ms"
    if [[ $label == roamd ]]; then
      wait_log "$W/roamd.log" " roam .*bssid=$target .*outcome=ft-air" 5
      (( $(grep -c " roam .*outcome=ft-air" "$W/roamd.log") == i )) || fail "roamd's journal: not $i ft-air roams"
    fi
    ip netns exec sta1 ping -c 2 -W 5 169.254.79.1 > "$W/ping-$label-$i.log" 2>&1 || { cat "$W/ping-$label-$i.log"; fail "$label roam $i: no ping through the new link"; }
  done
  median=$(printf '%s\n' "${all[@]}" | sort -n | sed -n 2p)
}
ft_roams roamd; roamd_median=$median
[[ $(grep -c "outcome=ft-air" "$W/roamd.log") -ge 3 ]] || fail "roamd's journal has fewer than three ft-air roams"
wcli sta1 wlan2 terminate >/dev/null
stop_roamd

for i in 0 1; do
  cat > "$W/hostapd$i.conf" <<CONF
interface=wlan$i
driver=nl80211
ssid=roam-ft
hw_mode=g
channel=1
wpa=2
rsn_pairwise=CCMP
wpa_key_mgmt=FT-PSK WPA-PSK
wpa_passphrase=correct horse battery
mobility_domain=a1b2
nas_identifier=ap$i.example.net
ft_psk_generate_local=1
CONF
  start_hostapd "hostapd$i" "$W/hostapd$i.conf"
done
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
scan_until sta1 wlan2 "$A" "$B"
ft_roams hostapd; hostapd_median=$median
echo "RESULT ft_psk_air_roamd_median_ms=$roamd_median ft_psk_air_hostapd_median_ms=$hostapd_median"
