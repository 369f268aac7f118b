#!/bin/bash
# Two SSIDs in one roamd at the same time, one with cache mode okc and one
# with sticky, each on two radios; one station per SSID roams A -> B -> A.
# The okc station skips EAP on its first roam, the sticky one does not; both
# skip it on the way back.
# radios=6
. "$(dirname "$0")/../lib.sh"
sta_netns phy4 sta1
sta_netns phy5 sta2
start_freeradius
f=$W/roamd.toml; : > "$f"
for spec in "0 roam-okc okc" "1 roam-okc okc" "2 roam-sticky sticky" "3 roam-sticky sticky"; do
  set -- $spec
  cat >> "$f" <<CONF
[[radio]]
interface = "wlan$1"
channel = 1

[[radio.bss]]
ssid = "$2"
security = "wpa2-eap"
nas_identifier = "ap$1"
own_ip_addr = "127.0.0.1"

[radio.bss.cache]
mode = "$3"

[[radio.bss.auth_server]]
address = "127.0.0.1:1812"
secret = "testing123"

CONF
done
start_roamd "$f" 4
A1=02:00:00:00:00:00 B1=02:00:00:00:01:00 A2=02:00:00:00:02:00 B2=02:00:00:00:03:00
peap_sta_conf "$W/okc.conf" roam-okc "proactive_key_caching=1" "bssid=$A1"
peap_sta_conf "$W/sticky.conf" roam-sticky "proactive_key_caching=1" "bssid=$A2"
start_sta sta1 wlan4 "$W/okc.conf"
wait_bssid sta1 wlan4 $A1 90
FULL=$(radius_requests)
start_sta sta2 wlan5 "$W/sticky.conf"
wait_bssid sta2 wlan5 $A2 90
(( $(radius_requests) == 2 * FULL )) || fail "the two first connections did not cost the same"
wcli sta1 wlan4 set_network 0 bssid any >/dev/null; wcli sta2 wlan5 set_network 0 bssid any >/dev/null
scan_until sta1 wlan4 $A1 $B1
scan_until sta2 wlan5 $A2 $B2
# Interleaved, so both SSIDs' caches are in use at the same time.
roam_step sta1 wlan4 $B1 mixed_okc_A_to_B okc 0
roam_step sta2 wlan5 $B2 mixed_sticky_A_to_B full-eap full
roam_step sta1 wlan4 $A1 mixed_okc_B_to_A pmksa 0
roam_step sta2 wlan5 $A2 mixed_sticky_B_to_A pmksa 0
log "okc and sticky SSIDs in one daemon behaved differently at the same time"
