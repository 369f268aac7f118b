#!/bin/bash
# WPA3-Personal (SAE) joins against an AP that offers hunting-and-pecking
# and hash-to-element (pwe both), groups 19 and 20, and a second password
# under the identifier "alice": Debian's wpa_supplicant (key_mgmt=SAE,
# ieee80211w=2) joins with sae_pwe=0 (hunting-and-pecking), sae_pwe=1 and
# sae_pwe=2 (hash-to-element), with group 20 (sae_groups=20) and with the
# password identifier; each join is a full SAE exchange (the station's
# PMKSA cache flushed before it), completes the 4-way handshake and pings.
# A second station with a wrong password never completes: the AP refuses
# its SAE Confirm, and the station logs the failure. RESULT: the connect
# time of each join (conn_ms), and roamd's own time per SAE Commit and
# Confirm (received frame to answer handed to the kernel: its "frame path"
# summary, read by steps.py; hostapd's is bench/sae-hostapd.sh's, from its
# debug log). AP=hostapd runs the same against hostapd.
# radios=4
. "$(dirname "$0")/../lib.sh"
# The parser runs from the VM's tmpfs: copied now, before the daemons run.
cp "$(cd "$(dirname "$0")/.." && pwd)/steps.py" "$W/steps.py" || fail "cannot copy steps.py"
sta_netns phy2 sta1
sta_netns phy3 sta2
sae_ap "$AP" wlan0 roam-sae pwe=2 groups="19 20" "password=$SAE_PASS" "password=other secret|id=alice"
if [[ $AP == roamd ]]; then
  # Group 20 is in builds with the sae-ext-groups feature (roamd-full); the
  # default build refuses it by name.
  out=$("$ROAMD" --check --config "$W/$AP.toml" 2>&1) && fail "the default build accepted sae groups 20"
  grep -q "group 20 needs roamd built with the \`sae-ext-groups\` feature" <<<"$out" \
    || fail "the default build's refusal of group 20: $out"
  ROAMD=$ROAMD_FULL
fi
start_ap "$AP"
ip addr add 169.254.80.1/24 dev wlan0

# A wrong password, in parallel with the joins below (the Commits are
# exchanged as usual: only the Confirm can tell).
sae_sta_conf "$W/wrong.conf" roam-sae "not the password"
start_sta sta2 wlan3 "$W/wrong.conf"

sae_sta_conf "$W/sta.conf" roam-sae "$SAE_PASS" sae_pwe=0
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.80.2/24 dev wlan2

# sae_join LABEL CHECKS [wpa_cli SET/SET_NETWORK commands...] : a fresh SAE
# join after the commands (sae_rejoin); each of CHECKS (patterns for grep,
# separated by ";") must be in the station's log of it.
sae_join() {
  local label=$1 checks=$2 part=$W/join-$1.log check; shift 2
  sae_rejoin sta1 wlan2 "$label" "$@"
  grep -q "try to use PMKSA caching instead of new SAE" "$part" && fail "$label: PMKSA caching instead of SAE"
  IFS=';' read -ra checks <<<"$checks"
  for check in "${checks[@]}"; do grep -q "$check" "$part" || fail "$label: no '$check' in the station's log"; done
  wcli sta1 wlan2 status | grep -q "^key_mgmt=SAE" || { wcli sta1 wlan2 status; fail "$label: key_mgmt is not SAE"; }
  ip netns exec sta1 ping -c 2 -W 5 169.254.80.1 >/dev/null || fail "$label: no ping"
  log "$label: SAE join in $join_ms ms"
  echo "RESULT sae_${label}_connect_ms=$join_ms"
}
# Hunting-and-pecking logs its counter loop, hash-to-element its PT.
G19="SAE: Selecting supported ECC group 19" G20="SAE: Selecting supported ECC group 20"
HNP="SAE: pwd-seed result" H2E="SAE: Derive PWE from PT"
sae_join hnp_g19 "$G19;$HNP"
sae_join h2e_g19 "$G19;$H2E" "set sae_pwe 1"
sae_join both_g19 "$G19;$H2E" "set sae_pwe 2"
sae_join hnp_g20 "$G20;$HNP" "set sae_pwe 0" "set sae_groups 20"
sae_join password_id "$G19;SAE: own Password Identifier: alice" "set sae_groups 19" \
  "set_network 0 sae_password '\"other secret\"'" "set_network 0 sae_password_id '\"alice\"'"

# The wrong password: still not connected, and the failure in its log.
wcli sta2 wlan3 status | grep -q "^wpa_state=COMPLETED" && fail "the station with a wrong password connected"
grep -q "CTRL-EVENT-CONNECTED" "$W/wpa_supplicant-sta2.log" && fail "the station with a wrong password connected once"
# It got the AP's Commit ("SME SAE commit"), then its Confirm was refused
# (hostapd answers it with status 1; an AP that drops it silently leaves the
# station to time out and disable the network for a while).
grep -q "SME SAE commit" "$W/wpa_supplicant-sta2.log" || fail "the station with a wrong password got no SAE Commit"
grep -qE "CTRL-EVENT-AUTH-REJECT .*auth_type=3 auth_transaction=2|CTRL-EVENT-SSID-TEMP-DISABLED" "$W/wpa_supplicant-sta2.log" \
  || fail "the station with a wrong password logged no failure"
wrong_mac=$(sta_mac sta2 wlan3)
ap_has_station wlan0 "$wrong_mac" && fail "the AP authorized the station with a wrong password"
log "wrong password: refused ($(grep -cE 'SME: Trying to authenticate' "$W/wpa_supplicant-sta2.log") attempts)"
stop_ap "$AP"
if [[ $AP == roamd ]]; then
  python3 "$W/steps.py" roamd "$W/$AP.log" > "$W/steps.txt" || fail "steps.py failed"
  grep -q "^sae-commit " "$W/steps.txt" || fail "no sae-commit step in roamd's frame path summary"
  echo "RESULT $(awk '/^sae-/ { name = $1; gsub("-", "_", name); printf "%s_us=%s ", name, $2 }' "$W/steps.txt")"
fi
