#!/bin/bash
# 802.11r FT-SAE between two BSSes of one AP process (wlan0 = A on bridge
# br0, wlan1 = B on br1, the bridges joined by a veth pair): Debian's
# wpa_supplicant (key_mgmt=FT-SAE, ieee80211w=2) joins A with SAE and the
# FT initial mobility domain association, then roams over the air to B,
# over the DS back to A, over the air to B again (ft_round): each roam an
# FT exchange with no SAE and no 4-way handshake after it (the station's
# log), the link carrying pings. roamd's BSSes trust each other inside the
# process (its journal: outcome=ft-air, ft-ds with akm=ft-sae); hostapd needs r0kh/r1kh
# lines to its sibling BSS (ft_hostapd_conf). RESULT: each roam's latency.
# AP=hostapd runs the same against hostapd.
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
if [[ $AP == roamd ]]; then
  ft_siblings_toml "$W/roamd.toml" '["ft-sae", "sae"]'
  start_roamd "$W/roamd.toml" 2
  for i in 0 1; do ip link set wlan$i master br$i || fail "wlan$i cannot join br$i"; done
else
  for i in 0 1; do ft_hostapd_conf "$W/hostapd-wlan$i.conf" $i FT-SAE 0; done
  start_hostapd hostapd "$W"/hostapd-wlan*.conf
fi
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
ft_join FT-SAE "$A"
grep -q "SAE: own commit-scalar" "$W/wpa_supplicant-sta1.log" || fail "the first join was not SAE"
wcli sta1 wlan2 status | grep -q "^key_mgmt=FT-SAE$" || { wcli sta1 wlan2 status; fail "key_mgmt is not FT-SAE"; }
sae_lines=$(grep -c "SAE: own commit-scalar" "$W/wpa_supplicant-sta1.log")
ft_roams "$A" "$B" ft_sae
(( $(grep -c "SAE: own commit-scalar" "$W/wpa_supplicant-sta1.log") == sae_lines )) || fail "an FT roam ran SAE"
if [[ $AP == roamd ]]; then
  (( $(grep -c " roam .*outcome=ft-air akm=ft-sae" "$W/roamd.log") >= 2 && $(grep -c " roam .*outcome=ft-ds akm=ft-sae" "$W/roamd.log") >= 1 )) \
    || fail "roamd's journal lacks the two ft-air roams and the ft-ds roam"
fi
log "FT-SAE: over the air, over the DS, over the air"
ft_round_end
stop_ap "$AP"
