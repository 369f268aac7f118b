#!/bin/bash
# Two roamd processes, one per radio (wlan0: AP A, wlan1: AP B), each on
# its own bridge, the bridges joined by a veth pair: their key holders talk
# over a real link, as two AP hosts would. FT-PSK without
# psk_generate_local, so a station's first FT roam to the AP that is not
# its R0KH pulls the PMK-R1 (journal key_source=pulled); then with push on
# both, the keys are there before the station roams (key_source=pushed).
# Each round: join one AP, roam over the air to the other, over the DS
# back, over the air again; pings after each roam. Last, FT-EAP (PEAP with
# FreeRADIUS, each roamd reading a hostapd.conf): the initial association
# is a full EAP, the three FT roams reach FreeRADIUS not once. The same roams by two
# hostapd processes on the same links are tests/hwsim/bench/ft-two-hostapd.sh
# (hostapd's reference ft-roam scenario): `tests/hwsim/bench.sh 5
# ft-two-roamd ft-two-hostapd` gives the latencies side by side.
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1

journal() { cat "$W/roamd-a.log" "$W/roamd-b.log" | grep " roam .*outcome=ft-"; }

round() {  # round FIRST OTHER LABEL : ft_round, and the journals show the three roams
  local j0; j0=$(journal | wc -l)
  ft_round FT-PSK "$@"
  local i; for i in $(seq 50); do (( $(journal | wc -l) - j0 >= 3 )) && break; sleep 0.1; done
  (( $(journal | wc -l) - j0 == 3 )) || fail "$3: the journals do not show the three FT roams"
  ft_round_end
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

# FT-EAP, roamd from hostapd.conf files, push on: no RADIUS on FT roams.
start_freeradius
for i in 0 1; do ft_hostapd_conf "$W/roamd-eap-$i.conf" $i FT-EAP 1; done
RUST_LOG=${RUST_LOG:-info} start_roamd "$W/roamd-eap-0.conf" 1 roamd-a
RUST_LOG=${RUST_LOG:-info} start_roamd "$W/roamd-eap-1.conf" 1 roamd-b
j0=$(journal | wc -l)
ft_join FT-EAP "$A"
r0=$(radius_requests)
(( r0 > 0 )) || fail "the initial FT-EAP association reached no RADIUS server"
ft_roams "$A" "$B" roamd_eap
(( $(radius_requests) == r0 )) || fail "FreeRADIUS saw $(( $(radius_requests) - r0 )) requests during FT-EAP roams"
for i in $(seq 50); do (( $(journal | wc -l) - j0 >= 3 )) && break; sleep 0.1; done
(( $(journal | wc -l) - j0 == 3 )) || fail "FT-EAP: the journals do not show the three FT roams"
journal | tail -3 | sed 's/^/  /'
echo "RESULT ft_eap_initial_radius_requests=$r0 ft_eap_roam_radius_requests=0"
echo "RESULT ft_two_roamd=ok"
