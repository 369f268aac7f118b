#!/bin/bash
# One 802.11r mobility domain served by roamd (wlan0, AP A) and Debian's
# hostapd (wlan1, AP B): separate processes on separate bridges joined by a
# veth pair, their key holders talking hostapd's protocol (0x88b7 PMK-R1
# pull/push, 0x890d over-DS relay), as in hostapd's reference ft-roam
# scenario. Debian's wpa_supplicant roams between them in both directions:
# each round starts at one AP (the station's R0KH) and roams over the air
# to the other, over the DS back, over the air again.
#  - FT-PSK, no psk_generate_local, no push: every first roam to an AP
#    pulls the PMK-R1 from the other's R0KH (roamd's journal:
#    key_source=pulled with the round trip). hostapd's first pull from
#    roamd runs over the DS (its round starts with the over-DS roam):
#    over the air, a pull that takes hostapd past the station's ~100 ms
#    authentication timeout (hostapd's own processing under TCG, ~100 ms
#    of its 140 ms in the failing runs) makes the station send a new FT
#    Authentication, which hostapd answers with a fresh ANonce after its
#    first answer went out, then refuses the reassociation (status 55,
#    "ANonce mismatch in FTIE"). That is hostapd's handling of repeated
#    requests (roamd answers a repeat with the same answer:
#    ft_auth_repeats); over the DS there are no authentication frames to
#    repeat. roamd's answers to hostapd's pulls are also checked byte for
#    byte against hostapd's trace (crates/ft key-holder tests).
#  - FT-EAP (PEAP, FreeRADIUS) with pmk_r1_push=1 on both: the keys are
#    pushed after the initial association (key_source=pushed), and
#    FreeRADIUS sees no request on any FT roam.
# roamd reads a TOML file for FT-PSK and hostapd's own file format for
# FT-EAP. hostapd starts after roamd, so roamd's start-up warm-up misses
# it: each part waits until roamd's key holder has asked again and knows
# hostapd's sequence numbers (FT_PEERS), and roamd must then never hold a
# message of hostapd's for a sequence exchange (kh_deferred=0): its pulls
# and answers take one round trip.
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1

hostapd_b() {  # hostapd_b AKM PUSH : AP B, hostapd, bridge br1, its debug log kept
  ft_hostapd_conf "$W/hostapd-b.conf" 1 "$1" "$2"
  HOSTAPD_DEBUG=1 start_hostapd "hostapd-b-$1" "$W/hostapd-b.conf"
  roamd_knows_hostapd
}

# roamd's key holder asks its peers' sequence numbers again 1 s after its
# start (then backing off): both its R0KH and R1KH entries for B known.
roamd_knows_hostapd() {
  local i peers
  for i in $(seq 100); do
    peers=$(hostapd_cli -p /run/roamd -i wlan0 raw FT_PEERS)
    (( $(grep -c "addr=$B .*seq_known=1" <<<"$peers") == 2 )) && return 0
    sleep 0.1
  done
  echo "$peers"; fail "roamd's key holder did not learn hostapd's sequence numbers within 10 s"
}

# At roamd's shutdown: no message of hostapd's was held for a sequence exchange.
roamd_deferred_nothing() {
  grep -q "FT counters .*kh_deferred=0 " "$W/roamd.log" \
    || fail "roamd held key-holder messages for a sequence exchange: $(grep -o 'kh_deferred=[0-9]*' "$W/roamd.log")"
}

# round AKM FIRST OTHER LABEL [ds-first] : ft_round (or, with ds-first, the
# first roam over the DS, then over the air back and again), FreeRADIUS
# silent on FT roams, and roamd's journal with its roams (one when it is
# FIRST, two when OTHER).
round() {
  local akm=$1 first=$2 other=$3 label=$4 order=${5:-} r0 j0 want=1
  ft_join "$akm" "$first"
  [[ $akm == FT-EAP ]] && r0=$(radius_requests)
  j0=$(grep -c " roam .*outcome=ft-" "$W/roamd.log")
  if [[ $order == ds-first ]]; then
    ft_roam sta1 wlan2 "$other" ds "${label}_ds"
    ft_roam sta1 wlan2 "$first" air "${label}_air_back"
    ft_roam sta1 wlan2 "$other" air "${label}_air_again"
  else
    ft_roams "$first" "$other" "$label"
  fi
  if [[ $akm == FT-EAP ]]; then
    (( $(radius_requests) == r0 )) || fail "$label: FreeRADIUS saw $(( $(radius_requests) - r0 )) requests during FT roams"
  fi
  [[ $other == "$A" ]] && want=2
  local i; for i in $(seq 50); do
    (( $(grep -c " roam .*outcome=ft-" "$W/roamd.log") - j0 >= want )) && break; sleep 0.1
  done
  (( $(grep -c " roam .*outcome=ft-" "$W/roamd.log") - j0 == want )) || fail "$label: roamd's journal lacks its FT roams"
  ft_round_end
}

# --- FT-PSK: pulls ---------------------------------------------------------
ft_roamd_toml "$W/roamd-psk.toml" 0 false
start_roamd "$W/roamd-psk.toml" 1
hostapd_b FT-PSK 0
round FT-PSK "$A" "$B" psk_from_roamd ds-first
round FT-PSK "$B" "$A" psk_from_hostapd
# hostapd pulled from roamd (over the DS), roamd from hostapd.
grep -q "FT: Received PMK-R1 pull response" "$W/hostapd-b-FT-PSK.log" \
  || fail "hostapd's log has no PMK-R1 pull answered by roamd"
grep -q " roam .*outcome=ft-air.*key_source=pulled key_round_trip_ms=" "$W/roamd.log" \
  || fail "roamd's journal has no FT roam with a pulled key"
grep " roam .*outcome=ft-" "$W/roamd.log" | sed 's/^/  /'
# An FT reassociation names its PMK-R1, not a PMKSA: no cache lookup.
grep " roam .*outcome=ft-" "$W/roamd.log" | grep -v "pmkids=PmkR1Name" \
  && fail "FT roams journaled with a PMKSA offer"
kill "$(cat "$W/hostapd-b-FT-PSK.pid")"; stop_roamd; roamd_deferred_nothing
cp "$W/roamd.log" "$W/roamd-psk.log"

# --- FT-EAP: pushes, roamd reading a hostapd.conf --------------------------
start_freeradius
ft_hostapd_conf "$W/roamd-eap.conf" 0 FT-EAP 1 ctrl_interface=/run/roamd
start_roamd "$W/roamd-eap.conf" 1
hostapd_b FT-EAP 1
round FT-EAP "$A" "$B" eap_from_roamd
round FT-EAP "$B" "$A" eap_from_hostapd
grep -q " roam .*outcome=ft-air.*key_source=pushed" "$W/roamd.log" \
  || fail "roamd's journal has no FT roam with a pushed key"
grep " roam .*outcome=ft-" "$W/roamd.log" | sed 's/^/  /'
kill "$(cat "$W/hostapd-b-FT-EAP.pid")"; stop_roamd; roamd_deferred_nothing
echo "RESULT ft_mixed_domain=ok"
