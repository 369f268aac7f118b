#!/bin/bash
# RFC 5176 Dynamic Authorization (hostapd's radius_das_*): a PEAP station
# joins roamd; a Disconnect-Request from the local DAS client signed with a
# wrong secret, and one with a stale Event-Timestamp, are dropped unanswered
# and the station keeps pinging; one naming no session is NAKed 503, a
# CoA-Request 405; the genuine one (Calling-Station-Id, User-Name,
# NAS-Identifier) is ACKed, wpa_supplicant sees the deauthentication
# (reason 2, as hostapd), roamd logs it and sends the accounting Stop with
# the session's Acct-Session-Id, which then selects nothing any more.
# radios=3
. "$(dirname "$0")/../lib.sh"
das() { python3 "$(dirname "$0")/../das-client.py" 3799 "$@"; }
sta_netns phy2 sta1
start_freeradius
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0 \
  'radius_das_port = 3799' 'radius_das_clients = ["127.0.0.1 das-secret"]' \
  'radius_das_require_event_timestamp = true' 'radius_das_require_message_authenticator = true' \
  '[[radio.bss.auth_server]]' 'address = "127.0.0.1:1812"' 'secret = "testing123"' \
  '[[radio.bss.acct_server]]' 'address = "127.0.0.1:1813"' 'secret = "testing123"'
start_roamd "$W/roamd.toml"
wait_log "$W/roamd.log" "RADIUS DAS listening" 5
ip addr add 169.254.77.1/24 dev wlan0
peap_sta_conf "$W/sta.conf" roam-eap "bssid=02:00:00:00:00:00"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 90
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping after PEAP"
mac=$(sta_mac sta1 wlan2)
from=$(log_lines "$W/wpa_supplicant-sta1.log")

r=$(das wrong-secret sta="$mac" user=alice nas=ap0); [[ $r == no-reply ]] || fail "forged request answered: $r"
r=$(das das-secret ts=-3600 sta="$mac" user=alice nas=ap0); [[ $r == no-reply ]] || fail "stale request answered: $r"
r=$(das das-secret user=bob); [[ $r == "Disconnect-NAK 503" ]] || fail "unknown session: $r"
r=$(das das-secret sta="$mac" nas=ap9); [[ $r == "Disconnect-NAK 403" ]] || fail "another NAS: $r"
r=$(das das-secret coa sta="$mac"); [[ $r == "CoA-NAK 405" ]] || fail "CoA: $r"
tail -n "+$((from + 1))" "$W/wpa_supplicant-sta1.log" | grep -q CTRL-EVENT-DISCONNECTED && fail "the station was disconnected by a refused request"
wcli sta1 wlan2 status | grep -q "^wpa_state=COMPLETED" || fail "the station lost its connection"
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping after the refused requests"
grep -q "drop: bad request authenticator" "$W/roamd.log" || fail "roamd did not log the forged request"
grep -q "drop: event-timestamp outside the time window" "$W/roamd.log" || fail "roamd did not log the stale request"
log "forged and stale Disconnect-Requests dropped, unknown session NAK 503, other NAS 403, CoA 405; the station still pings"

t0=$(now_ms)
r=$(das das-secret sta="$mac" user=alice nas=ap0); [[ $r == Disconnect-ACK ]] || fail "genuine request: $r"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=2" 10
disconnect_ms=$(( $(now_ms) - t0 ))
grep -qE "RADIUS DAS: answered .*kind=Disconnect error=None sta=Some\($mac\)" "$W/roamd.log" || fail "roamd did not log the disconnect"
sleep 1
detail=$(ls /var/log/freeradius/radacct/127.0.0.1/detail-* 2>/dev/null | head -1)
[[ -n $detail ]] || fail "no accounting detail file"
cp "$detail" "$W/accounting-detail"
grep -q "Acct-Terminate-Cause = Admin-Reset" "$detail" || { cat "$detail"; fail "no Stop with Admin-Reset"; }
session=$(awk -F' = ' '/Acct-Status-Type = Stop/{s=1} s && /Acct-Session-Id/{gsub(/"/,"",$2); print $2; exit}' "$detail")
[[ -n $session ]] || fail "no Acct-Session-Id in the Stop"
log "Disconnect-Request: ACK, station deauthenticated (reason 2) in $disconnect_ms ms, accounting Stop (Admin-Reset) for session $session"
# wpa_supplicant reconnects at once (full PEAP: roamd dropped its PMKSA);
# the old session no longer exists.
wait_state sta1 wlan2 COMPLETED 90
r=$(das das-secret session="$session"); [[ $r == "Disconnect-NAK 503" ]] || fail "the ended session: $r"
echo "RESULT das_disconnect_ms=$disconnect_ms"
