#!/bin/bash
# Two roamd processes, one per radio (wlan0: AP A, wlan1: AP B), each on
# its own bridge, the bridges joined by a veth pair: their key holders talk
# over a real link, as two AP hosts would. FT-PSK without
# psk_generate_local, so a station's first FT roam to the AP that is not
# its R0KH pulls the PMK-R1 (journal key_source=pulled); then with push on
# both, the keys are there before the station roams (key_source=pushed).
# Each round: join one AP, roam over the air to the other, over the DS
# back, over the air again; pings after each roam. Then two hostapd
# processes make the same roams on the same links (hostapd's reference
# ft-roam scenario), for the latencies side by side.
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1

journal() { cat "$W/roamd-a.log" "$W/roamd-b.log" | grep " roam .*outcome=ft-"; }

round() {  # round FIRST OTHER LABEL
  local first=$1 other=$2 label=$3 j0
  ft_sta_conf "$W/sta.conf" FT-PSK "$first"
  ip -n sta1 link set wlan2 up
  start_sta sta1 wlan2 "$W/sta.conf"
  wait_bssid sta1 wlan2 "$first" 90
  wcli sta1 wlan2 set_network 0 bssid any >/dev/null
  ip -n sta1 addr flush dev wlan2; ip -n sta1 addr add 169.254.79.2/24 dev wlan2
  scan_until sta1 wlan2 "$A" "$B"
  [[ $label == roamd* ]] && j0=$(journal | wc -l)
  ft_roam sta1 wlan2 "$other" air "${label}_air"
  ft_roam sta1 wlan2 "$first" ds "${label}_ds"
  ft_roam sta1 wlan2 "$other" air "${label}_air_again"
  if [[ $label == roamd* ]]; then
    local i; for i in $(seq 50); do (( $(journal | wc -l) - j0 >= 3 )) && break; sleep 0.1; done
    (( $(journal | wc -l) - j0 == 3 )) || fail "$label: the journals do not show the three FT roams"
  fi
  wcli sta1 wlan2 terminate >/dev/null; sleep 0.5
}

for push in false true; do
  ft_roamd_toml "$W/roamd-0.toml" 0 $push; ft_roamd_toml "$W/roamd-1.toml" 1 $push
  # Info level (the journal), as hostapd runs without its debug dump: the
  # latencies are compared.
  RUST_LOG=${RUST_LOG:-info} start_roamd "$W/roamd-0.toml" 1 roamd-a
  RUST_LOG=${RUST_LOG:-info} start_roamd "$W/roamd-1.toml" 1 roamd-b
  round "$A" "$B" "roamd_push_${push}_from_a"
  round "$B" "$A" "roamd_push_${push}_from_b"
  if [[ $push == false ]]; then
    journal | grep -q "outcome=ft-air.*key_source=pulled key_round_trip_ms=" || fail "no FT roam with a pulled key"
  else
    journal | grep -q "outcome=ft-air.*key_source=pushed" || fail "no FT roam with a pushed key"
  fi
  journal | sed 's/^/  /'
  stop_roamd roamd-a; stop_roamd roamd-b
  mv "$W/roamd-a.log" "$W/roamd-a-push-$push.log"; mv "$W/roamd-b.log" "$W/roamd-b-push-$push.log"
done

# The same with two hostapd processes (its reference ft-roam configuration).
for push in 0 1; do
  for i in 0 1; do
    ft_hostapd_conf "$W/hostapd-$i.conf" $i FT-PSK $push
    start_hostapd "hostapd-$i-push-$push" "$W/hostapd-$i.conf"
  done
  round "$A" "$B" "hostapd_push_${push}_from_a"
  round "$B" "$A" "hostapd_push_${push}_from_b"
  for i in 0 1; do kill "$(cat "$W/hostapd-$i-push-$push.pid")"; done; sleep 0.5
done
echo "RESULT ft_two_roamd=ok"
