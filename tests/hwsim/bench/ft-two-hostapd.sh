#!/bin/bash
# hostapd's reference for ft-two-roamd: the same two APs (two hostapd
# processes, wlan0 on br0 and wlan1 on br1, bridges joined by a veth pair,
# hostapd's ft-roam configuration), the same rounds, without push then with
# pmk_r1_push. Not a test: a benchmark reference (tests/hwsim/bench.sh 5
# ft-two-roamd ft-two-hostapd), named explicitly to run.
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
for push in 0 1; do
  for i in 0 1; do
    ft_hostapd_conf "$W/hostapd-$i.conf" $i FT-PSK $push
    start_hostapd "hostapd-$i-push-$push" "$W/hostapd-$i.conf"
  done
  ft_round FT-PSK "$A" "$B" "hostapd_push_${push}_from_a"; ft_round_end
  ft_round FT-PSK "$B" "$A" "hostapd_push_${push}_from_b"; ft_round_end
  for i in 0 1; do kill "$(cat "$W/hostapd-$i-push-$push.pid")"; done; sleep 0.5
done
echo "RESULT ft_two_hostapd=ok"
