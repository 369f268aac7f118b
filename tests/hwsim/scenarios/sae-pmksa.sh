#!/bin/bash
# SAE with PMKSA caching across two BSSes of one AP process (wlan0 = A,
# wlan1 = B, same SSID): the station joins A by SAE, roams to B (a full
# SAE exchange again: B has no PMKSA of it) and back to A, where the
# return uses the PMKSA cached from the first join: wpa_supplicant added
# PMKSA entries after both SAE exchanges (PMKSA-CACHE-ADDED), the return
# authenticates with Open System ("try to use PMKSA caching instead of new
# SAE authentication", no SAE Commit built), the AP accepts the PMKID
# (hostapd's debug log: "SAE: PMK from PMKSA cache"; roamd's journal:
# outcome=sae-pmksa), and the 4-way handshake follows. Pings after each step.
# RESULT: the first join, the SAE roam to B and the roam-back time.
# AP=hostapd runs the same against hostapd (with its debug log, for the
# PMKSA check, unless HOSTAPD_DEBUG=0).
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
# hostapd logs its use of a PMKSA only in its debug dump: on by default
# (HOSTAPD_DEBUG=0, for timing in a benchmark, leaves the station's log as
# the only evidence).
[[ $AP == hostapd ]] && export HOSTAPD_DEBUG=${HOSTAPD_DEBUG:-1}
sta_netns phy2 sta1
sae_ap "$AP" wlan0 roam-sae
sae_ap "$AP" wlan1 roam-sae
start_ap "$AP"
ip link add br0 type bridge || fail "no bridge support in the VM"
ip link set br0 up; ip addr add 169.254.82.1/24 dev br0
for i in 0 1; do ip link set wlan$i master br0 || fail "wlan$i cannot join the bridge"; done

sae_sta_conf "$W/sta.conf" roam-sae "$SAE_PASS" "bssid=$A"
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 "$A" 60
wcli sta1 wlan2 set_network 0 bssid any >/dev/null
ip -n sta1 addr add 169.254.82.2/24 dev wlan2
scan_until sta1 wlan2 "$A" "$B"
first_ms=$(conn_ms sta1 0)

# roam_to LABEL BSSID : wpa_cli roam, ping, the station's log of the roam in $W/roam-LABEL.log
roam_to() {
  local from; from=$(log_lines "$W/wpa_supplicant-sta1.log")
  wcli sta1 wlan2 roam "$2" >/dev/null
  wait_bssid sta1 wlan2 "$2" 60
  sed -n "$((from + 1)),\$p" "$W/wpa_supplicant-sta1.log" > "$W/roam-$1.log"
  ip netns exec sta1 ping -c 2 -W 5 169.254.82.1 >/dev/null || fail "$1: no ping after the roam"
  roam_ms=$(conn_ms sta1 "$from")
  log "$1: to $2 in $roam_ms ms"
}
PMKSA_USED="try to use PMKSA caching instead of new SAE authentication"
roam_to to_b "$B"
grep -q "SAE: own commit-scalar" "$W/roam-to_b.log" || fail "to B: no SAE exchange"
grep -q "$PMKSA_USED" "$W/roam-to_b.log" && fail "to B: PMKSA caching with a BSS that has no PMKSA"
to_b_ms=$roam_ms
(( $(grep -c "PMKSA-CACHE-ADDED" "$W/wpa_supplicant-sta1.log") >= 2 )) || fail "the station did not cache a PMKSA for A and for B"

ap_pmksa_lines() {  # the AP's lines for PMKSA use; 0 where it logs none (hostapd without debug)
  if [[ $AP == roamd ]]; then grep -c " roam .*outcome=sae-pmksa" "$W/roamd.log"
  elif [[ $HOSTAPD_DEBUG == 1 ]]; then grep -c "SAE: PMK from PMKSA cache" "$W/hostapd.log"
  else echo 0; fi
}
before=$(ap_pmksa_lines)
roam_to back_to_a "$A"
grep -q "$PMKSA_USED" "$W/roam-back_to_a.log" || fail "back to A: the station did not use its PMKSA"
grep -q "SAE: own commit-scalar" "$W/roam-back_to_a.log" && fail "back to A: an SAE Commit was built (no PMKSA caching)"
grep -q "RX EAPOL" "$W/roam-back_to_a.log" || fail "back to A: no 4-way handshake"
wcli sta1 wlan2 status | grep -q "^key_mgmt=SAE$" || fail "back to A: key_mgmt is not SAE"
if [[ $AP == hostapd && $HOSTAPD_DEBUG != 1 ]]; then log "back to A: hostapd without its debug log; the station's log is the evidence"
else (( $(ap_pmksa_lines) > before )) || fail "back to A: the AP's log does not show the PMKSA used"; fi
log "roam back to A by PMKSA caching in $roam_ms ms"
echo "RESULT sae_first_connect_ms=$first_ms sae_roam_to_b_ms=$to_b_ms sae_pmksa_roam_back_ms=$roam_ms"
stop_ap "$AP"
