#!/bin/bash
# Inside the VM: see demo.sh. One client's story on an SSID served by three
# APs: it joins with PEAP, roams, the operator switches the SSID's key
# caching from sticky to OKC without taking it down, the client roams again
# without EAP, and an AP moves it on with a BSS transition request. Then
# roamd's roam journal is printed as a timeline, with each roam's outcome,
# its RADIUS cost and the time to an open port, and the SSID's summary.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00 C=02:00:00:00:02:00
declare -A AP_NAME=([$A]="AP-A" [$B]="AP-B" [$C]="AP-C")
step() { printf '\n=== %s\n' "$*"; }

three_aps() {  # three_aps MODE : SSID "campus" on wlan0..2, key caching MODE
  : > "$W/roamd.toml"
  local i; for i in 0 1 2; do
    cat >> "$W/roamd.toml" <<CONF
[[radio]]
interface = "wlan$i"
channel = 1

[[radio.bss]]
ssid = "campus"
security = "wpa2-eap"
nas_identifier = "ap$i"
own_ip_addr = "127.0.0.1"
bss_transition = true

[radio.bss.cache]
mode = "$1"

[[radio.bss.auth_server]]
address = "127.0.0.1:1812"
secret = "testing123"

CONF
  done
}

journal_lines() { grep -c ' roam sta=' "$W/roamd.log"; }
wait_journal() {  # wait_journal N : until the journal has N roams
  local i; for i in $(seq 100); do (( $(journal_lines) >= $1 )) && return 0; sleep 0.1; done
  fail "roamd's journal has no roam $1"
}
# The journal line of the last roam, in words.
say_roam() {
  grep ' roam sta=' "$W/roamd.log" | tail -1 | tr ' ' '\n' | awk -F= '
    $1 == "outcome" { o = $2 } $1 == "radius_round_trips" { r = $2 } $1 == "authorize_ms" { t = $2 }
    END { printf "    roamd: %s, %d RADIUS round trips, port open after %d ms\n", o, r, t }'
}
roam_to() {  # roam_to BSSID : the station roams on its own (wpa_cli roam)
  local n; n=$(journal_lines)
  wcli sta1 wlan3 roam "$1" >/dev/null
  wait_bssid sta1 wlan3 "$1" 90; wait_journal $((n + 1)); say_roam
}

step "Three APs serve the SSID \"campus\" (WPA2-Enterprise, FreeRADIUS behind them), key caching \"sticky\""
start_freeradius
three_aps sticky
RUST_LOG=info start_roamd "$W/roamd.toml" 3
awk '/^\[\[radio\]\]/ && n++ { exit } NF { print "    " $0 }' "$W/roamd.toml"
echo "    (the same on wlan1 and wlan2: one SSID, three BSSIDs)"

step "A station (PEAP, user alice) joins AP-A: full EAP through RADIUS"
sta_netns phy3 sta1
peap_sta_conf "$W/sta.conf" campus "proactive_key_caching=1" "bssid=$A"
start_sta sta1 wlan3 "$W/sta.conf"
wait_bssid sta1 wlan3 $A 90; wait_journal 1; say_roam
scan_pinned sta1 wlan3 $A $B $C

step "It roams to AP-B: with sticky caching its PMK is only good at AP-A, so EAP runs again"
roam_to $B

step "The operator switches \"campus\" to OKC, live: hostapd_cli reload, nobody is disconnected"
sed -i 's/mode = "sticky"/mode = "okc"/' "$W/roamd.toml"
hostapd_cli -p /run/roamd -i wlan0 reload | sed 's/^/    hostapd_cli: /'
wait_log "$W/roamd.log" 'cache sticky -> okc' 10
grep -o 'wlan0: cache sticky -> okc[^"]*' "$W/roamd.log" | sed 's/ trigger=.*//; s/; /\n/g' | sed 's/^/    roamd: /'
wcli sta1 wlan3 status | grep -E '^(bssid|wpa_state)=' | sed 's/^/    station: /'

step "It roams to AP-C: OKC, its PMK re-derived for AP-C, no RADIUS at all"
roam_to $C

step "AP-C asks it to move to AP-A (hostapd_cli bss_tm_req, 802.11v), and it does"
sta=$(sta_mac sta1 wlan3); n=$(journal_lines)
hostapd_cli -p /run/roamd -i wlan2 bss_tm_req "$sta" neighbor=$A,0x0000008f,81,1,7,0301ff pref=1 valid_int=255 | sed 's/^/    hostapd_cli: /'
wait_bssid sta1 wlan3 $A 90; wait_journal $((n + 1)); say_roam

step "The roam journal as a timeline"
grep ' roam sta=' "$W/roamd.log" | awk -v a=$A -v b=$B -v c=$C '
  BEGIN { name[a] = "AP-A"; name[b] = "AP-B"; name[c] = "AP-C"
          printf "    %-12s  %-4s  %-13s  %6s  %9s  %-19s  %s\n", "time", "to", "how", "RADIUS", "port open", "class", "steered" }
  { t = substr($1, 12, 12); delete f
    for (i = 2; i <= NF; i++) if (split($i, kv, "=") == 2) f[kv[1]] = kv[2]
    how = f["reassoc"] == "true" ? f["outcome"] : "join/" f["outcome"]
    printf "    %-12s  %-4s  %-13s  %6d  %6d ms  %-19s  %s\n", t, name[f["bssid"]], how, f["radius_round_trips"], f["authorize_ms"], f["class"], (f["steered"] == "" ? "-" : f["steered"]) }'

step "The SSID's summary (hostapd_cli raw ROAM_SUMMARY)"
hostapd_cli -p /run/roamd -i wlan0 raw ROAM_SUMMARY | sed 's/^/    /'
echo "    the station: $(hostapd_cli -p /run/roamd -i wlan0 sta "$sta" | grep -E '^profile_(associations|okc|sticky_only|full)=' | tr '\n' ' ')"
echo "    FreeRADIUS saw $(radius_requests) Access-Requests in all."
stop_roamd
echo; echo "(roamd's whole log is in $W/roamd.log inside the VM)"
