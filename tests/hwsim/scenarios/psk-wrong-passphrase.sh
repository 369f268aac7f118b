#!/bin/bash
# A station with the wrong passphrase: every attempt fails its message 2 MIC,
# the station is never authorized (never in the kernel as authorized, no
# ping), and roamd logs the MIC failure once per attempt.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
psk_ap_conf "$W/roamd.toml" wlan0 1 roam-psk "correct horse battery"
start_roamd "$W/roamd.toml"
psk_sta_conf "$W/sta.conf" roam-psk "wrong horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
# Two attempts: each one ends with a deauthentication after the retries.
wait_log "$W/wpa_supplicant-sta1.log" "WRONG_KEY|4-Way Handshake failed" 30
for i in $(seq 300); do
  (( $(grep -c "starting the 4-way handshake" "$W/roamd.log") >= 2 )) && break
  ap_has_station wlan0 "$sta_mac" && fail "station authorized with a wrong passphrase"
  sleep 0.1
done
attempts=$(grep -c "starting the 4-way handshake" "$W/roamd.log")
mismatches=$(grep -c "possible PSK mismatch" "$W/roamd.log")
(( attempts >= 2 )) || fail "expected at least two attempts, saw $attempts"
# One log line per attempt (the attempt in progress may not have failed yet).
(( mismatches == attempts || mismatches == attempts - 1 )) || fail "$mismatches PSK-mismatch lines for $attempts attempts"
grep -q "port authorized" "$W/roamd.log" && fail "roamd authorized a station with a wrong passphrase"
wcli sta1 wlan2 status | grep -q "^wpa_state=COMPLETED" && fail "station completed with a wrong passphrase"
log "wrong passphrase: $attempts attempts, $mismatches MIC-failure lines, never authorized"
echo "RESULT wrong_passphrase_attempts=$attempts mic_failure_lines=$mismatches"
