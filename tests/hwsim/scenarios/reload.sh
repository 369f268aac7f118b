#!/bin/bash
# Live reload: roamd with two radios, WPA2-Enterprise (PEAP, sticky PMKSA
# caching) on wlan0 and WPA2-PSK on wlan1, a station on each pinging its AP
# every 100 ms throughout. (a) cache.mode sticky -> okc on wlan0 and SIGHUP:
# applied live, nobody disconnects, no ping lost, and the log says what
# happened to the cached entry; (b) `hostapd_cli reload` with a broken file:
# FAIL, the log names file and line, both stations keep pinging; (c) the
# SSID of wlan1's BSS changes and `hostapd_cli reload`: only that BSS
# restarts, its station reconnects to the new SSID, wlan0's station never
# notices; (a') a cache lifetime shorter than the entry's age expires it,
# live; (d) wlan0's NAS-Identifier changes: wlan0 and its RADIUS client
# restart, its station authenticates again, wlan1's station never notices.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
start_freeradius

conf() {  # conf CACHE_MODE CACHE_LIFETIME PSK_SSID NAS_ID : the whole configuration
  eap_ap_conf "$W/eap.toml" wlan0 1 roam-eap "$4" '[radio.bss.cache]' "mode = \"$1\"" "lifetime = $2"
  psk_ap_conf "$W/psk.toml" wlan1 6 "$3" reload-passphrase
  { printf '[daemon]\nctrl_interface = "/run/roamd"\n\n'; cat "$W/eap.toml"; echo; cat "$W/psk.toml"; } > "$W/roamd.toml.new"
  mv "$W/roamd.toml.new" "$W/roamd.toml"
}
cli() { hostapd_cli -p /run/roamd -i "$1" reload; }
disconnections() { grep -c "CTRL-EVENT-DISCONNECTED" "$W/wpa_supplicant-$1.log"; }
# Replies that never came: the holes below the highest sequence number
# answered (a request still in flight at the end is not counted).
lost() {
  awk -F'icmp_seq=' '/bytes from/ { split($2, a, " "); s = a[1] + 0; if (!(s in seen)) { seen[s] = 1; n++ } if (s > max) max = s }
    END { print max - n }' "$W/ping-$1.log"
}

conf sticky 43200 roam-psk ap0
start_roamd "$W/roamd.toml" 2
pid=$(cat "$W/roamd.pid")
ip addr add 169.254.1.1/24 dev wlan0
ip addr add 169.254.2.1/24 dev wlan1
peap_sta_conf "$W/sta1.conf" roam-eap
# sta2 knows the SSID before and after (c).
psk_sta_conf "$W/sta2.conf" roam-psk reload-passphrase
psk_sta_conf "$W/sta2b.conf" roam-psk2 reload-passphrase
cat "$W/sta2b.conf" >> "$W/sta2.conf"
start_sta sta1 wlan2 "$W/sta1.conf"
start_sta sta2 wlan3 "$W/sta2.conf"
wait_state sta1 wlan2 COMPLETED 90
wait_state sta2 wlan3 COMPLETED 60
ip -n sta1 addr add 169.254.1.2/24 dev wlan2
ip -n sta2 addr add 169.254.2.2/24 dev wlan3
ip netns exec sta1 ping -c 2 -W 5 169.254.1.1 >/dev/null || fail "ping from sta1"
ip netns exec sta2 ping -c 2 -W 5 169.254.2.1 >/dev/null || fail "ping from sta2"
ip netns exec sta1 ping -i 0.1 169.254.1.1 > "$W/ping-sta1.log" 2>&1 &
ping1=$!
ip netns exec sta2 ping -i 0.1 169.254.2.1 > "$W/ping-sta2.log" 2>&1 &
ping2=$!
sleep 1
hostapd_cli -p /run/roamd -i wlan0 pmksa | grep -q "^0 " || fail "no PMKSA entry for sta1 after PEAP"
log "both stations connected and pinging"

# (a) sticky -> okc on SIGHUP.
conf okc 43200 roam-psk ap0
t0=$(now_ms)
kill -HUP "$pid"
wait_log "$W/roamd.log" "configuration reloaded" 10
t1=$(now_ms)
sighup_ms=$((t1 - t0))
applied_ms=$(grep 'configuration reloaded' "$W/roamd.log" | grep -o 'elapsed_ms=[0-9]*' | head -1 | cut -d= -f2)
grep "PMKSA cache" "$W/roamd.log" | tail -2
grep -qF "wlan0: cache sticky -> okc: 1 entries kept (re-scoped)" "$W/roamd.log" \
  || fail "the reload line does not say what happened to the entry"
grep -q "reload: PMKSA cache settings applied live, no station disconnected.*sticky -> okc: 1 entries kept" "$W/roamd.log" \
  || fail "no per-BSS cache line"
hostapd_cli -p /run/roamd -i wlan0 pmksa | grep -q "^0 " || fail "the PMKSA entry is gone after sticky -> okc"
sleep 2
(( $(disconnections sta1) == 0 && $(disconnections sta2) == 0 )) || fail "a station disconnected on a cache-mode change"
kill -0 "$pid" || fail "roamd exited"
lost_a1=$(lost sta1) lost_a2=$(lost sta2)
(( lost_a1 == 0 && lost_a2 == 0 )) || fail "pings lost on a cache-mode change: sta1 $lost_a1, sta2 $lost_a2"
log "(a) sticky -> okc applied live ($applied_ms ms in roamd, $sighup_ms ms from SIGHUP to the log line seen), entry kept, no disconnection, no ping lost"

# (a') a lifetime shorter than the entry's age expires it, still live.
conf okc 2 roam-psk ap0
kill -HUP "$pid"
wait_log "$W/roamd.log" "wlan0: cache okc: 0 entries kept, 1 expired" 10
hostapd_cli -p /run/roamd -i wlan0 pmksa | grep -q "^0 " && fail "the PMKSA entry outlived the shorter lifetime"
sleep 1
(( $(disconnections sta1) == 0 && $(lost sta1) == 0 )) || fail "sta1 disconnected or lost pings when its entry expired"
log "(a') lifetime 43200 -> 2 s: the entry expired, sta1 still connected and pinging"
conf okc 43200 roam-psk ap0
reloads=$(grep -c "configuration reloaded" "$W/roamd.log")
kill -HUP "$pid"
for i in $(seq 50); do (( $(grep -c "configuration reloaded" "$W/roamd.log") > reloads )) && break; sleep 0.1; done
(( $(grep -c "configuration reloaded" "$W/roamd.log") > reloads )) || fail "no reload after the second SIGHUP"

# (b) a broken file is refused.
cp "$W/roamd.toml" "$W/roamd.toml.good"
echo 'max_stations = "many' >> "$W/roamd.toml"
bad_line=$(wc -l < "$W/roamd.toml")
reply=$(cli wlan0)
[[ $reply == FAIL ]] || fail "RELOAD of a broken file answered '$reply'"
wait_log "$W/roamd.log" "ERROR.*configuration reload refused.*roamd.toml: TOML parse error at line $bad_line" 5
grep "configuration reload refused" "$W/roamd.log" | tail -1
sleep 1
(( $(disconnections sta1) == 0 && $(disconnections sta2) == 0 )) || fail "a station disconnected on a refused reload"
(( $(lost sta1) == 0 && $(lost sta2) == 0 )) || fail "pings lost on a refused reload"
log "(b) broken file refused (FAIL, line $bad_line named), both stations still pinging"

# (c) a new SSID on wlan1 restarts that BSS only.
conf okc 43200 roam-psk2 ap0
before2=$(log_lines "$W/wpa_supplicant-sta2.log")
t0=$(now_ms)
reply=$(cli wlan1)
[[ $reply == OK ]] || fail "RELOAD answered '$reply'"
grep "configuration reloaded" "$W/roamd.log" | tail -1
grep -q "wlan1: restarted (ssid, passphrase changed)" "$W/roamd.log" || fail "no restart line for wlan1"
wait_log "$W/wpa_supplicant-sta2.log" "CTRL-EVENT-DISCONNECTED" 10
wait_state sta2 wlan3 COMPLETED 60
t1=$(now_ms)
wcli sta2 wlan3 status | grep -q "^ssid=roam-psk2" || fail "sta2 is not on the new SSID"
ip netns exec sta2 ping -c 2 -W 5 169.254.2.1 >/dev/null || fail "no ping from sta2 after the restart"
sleep 1
(( $(disconnections sta1) == 0 )) || fail "sta1 disconnected when wlan1 restarted"
lost_c1=$(lost sta1) lost_c2=$(lost sta2)
(( lost_c1 == 0 )) || fail "sta1 lost $lost_c1 pings when wlan1 restarted"
log "(c) wlan1 restarted, sta2 back on roam-psk2 in $((t1 - t0)) ms ($lost_c2 pings lost), sta1 untouched"
reconnect_ms=$((t1 - t0))

# (d) a RADIUS setting of wlan0 (NAS-Identifier) restarts wlan0 and its
# RADIUS client: sta1 runs EAP again through the new client, sta2 stays.
conf okc 43200 roam-psk2 ap0-new
gone2=$(disconnections sta2)
requests=$(radius_requests_from ap0-new)
[[ $(cli wlan0) == OK ]] || fail "RELOAD (d)"
grep -q "wlan0: restarted (radius changed)" "$W/roamd.log" || fail "no restart line for wlan0"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED" 10
wait_state sta1 wlan2 COMPLETED 90
(( $(radius_requests_from ap0-new) > requests )) || fail "sta1 did not authenticate through the restarted RADIUS client"
ip netns exec sta1 ping -c 2 -W 5 169.254.1.1 >/dev/null || fail "no ping from sta1 after the restart"
sleep 1
(( $(disconnections sta2) == gone2 )) || fail "sta2 disconnected when wlan0 restarted"
before_d2=$lost_c2
lost_d2=$(lost sta2)
(( lost_d2 == before_d2 )) || fail "sta2 lost $((lost_d2 - before_d2)) pings when wlan0 restarted"
kill "$ping1" "$ping2" 2>/dev/null
log "(d) wlan0 restarted with a new RADIUS client, sta1 authenticated again (NAS-Identifier ap0-new), sta2 untouched"
echo "RESULT reload_sighup_to_log_ms=$sighup_ms reload_apply_ms=${applied_ms:-?} reload_cache_live_pings_lost=$((lost_a1 + lost_a2)) reload_untouched_bss_pings_lost=$lost_c1 reload_restarted_bss_reconnect_ms=$reconnect_ms reload_restarted_bss_pings_lost=$lost_c2"
