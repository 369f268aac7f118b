#!/bin/bash
# PMKSA caching modes, per SSID, observed by counting FreeRADIUS's
# Access-Requests at each roam (wpa_cli roam) between three BSSes of one SSID
# on three radios, and checked against roamd's roam journal:
#   none  : A -> B -> A, EAP every time
#   sticky: A (EAP) -> B (EAP) -> A (PMKSA, no EAP) -> B (PMKSA, no EAP)
#   okc   : A (EAP) -> B (OKC, no EAP) -> C (OKC, no EAP), station with
#           proactive_key_caching=1
#   expiry: sticky with a 4 s lifetime: A -> B -> (5 s) -> A runs EAP again
# Then hostapd runs the okc and sticky steps on the same radios in the same
# VM, for the latency comparison.
# radios=4
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00 C=02:00:00:00:02:00
sta_netns phy3 sta1
start_freeradius

roamd_three() {  # roamd_three MODE [LIFETIME]: the same SSID on wlan0..2
  local f=$W/roamd.toml; : > "$f"
  local i; for i in 0 1 2; do
    cat >> "$f" <<CONF
[[radio]]
interface = "wlan$i"
channel = 1

[[radio.bss]]
ssid = "roam-eap"
security = "wpa2-eap"
nas_identifier = "ap$i"
own_ip_addr = "127.0.0.1"

[radio.bss.cache]
mode = "$1"
lifetime = ${2:-43200}

[[radio.bss.auth_server]]
address = "127.0.0.1:1812"
secret = "testing123"

CONF
  done
  start_roamd "$f" 3
}

first_connect() {  # first_connect OKC(0|1) : join A with full EAP, learn the full-EAP request count
  peap_sta_conf "$W/sta.conf" roam-eap "proactive_key_caching=$1" "bssid=$A"
  start_sta sta1 wlan3 "$W/sta.conf"
  wait_bssid sta1 wlan3 $A 90
  FULL=$(radius_requests)
  (( FULL > 0 )) || fail "first connection without RADIUS"
  echo "RESULT ${MODE}_first_connect_ms=$(conn_ms sta1 0) ${MODE}_first_connect_radius_requests=$FULL"
  wcli sta1 wlan3 set_network 0 bssid any >/dev/null
  scan_until sta1 wlan3 $A $B $C
}

next_mode() {  # stop the station and roamd, keep their logs
  wcli sta1 wlan3 terminate >/dev/null; sleep 0.5
  stop_roamd
  mv "$W/roamd.log" "$W/roamd-$MODE.log"; mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-$MODE.log"
  kill "$(cat "$W/freeradius.pid")"; wait "$(cat "$W/freeradius.pid")" 2>/dev/null
  mv "$W/freeradius.log" "$W/freeradius-$MODE.log"; start_freeradius
}

MODE=none; roamd_three none; first_connect 0
roam_step sta1 wlan3 $B none_A_to_B full-eap full
roam_step sta1 wlan3 $A none_B_to_A full-eap full
next_mode

MODE=sticky; roamd_three sticky; first_connect 0
roam_step sta1 wlan3 $B sticky_A_to_B full-eap full
roam_step sta1 wlan3 $A sticky_B_to_A pmksa 0
roam_step sta1 wlan3 $B sticky_A_to_B_again pmksa 0
next_mode

MODE=okc; roamd_three okc; first_connect 1
roam_step sta1 wlan3 $B okc_A_to_B okc 0
roam_step sta1 wlan3 $C okc_B_to_C okc 0
roam_step sta1 wlan3 $A okc_C_to_A pmksa 0
# The station's roaming profile (hostapd_cli sta) and the SSID's summary.
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan3/address)
hostapd_cli -p /run/roamd -i wlan0 sta "$sta_mac" > "$W/sta-okc.txt"
for want in profile_associations=4 profile_okc=1 profile_sticky_only=0 profile_full=1 \
    profile_failed_to_fast_roam=0; do
  grep -qx "$want" "$W/sta-okc.txt" || { cat "$W/sta-okc.txt"; fail "okc: hostapd_cli sta lacks $want"; }
done
grep -qxE "roam_class=(fast|slow)" "$W/sta-okc.txt" || { cat "$W/sta-okc.txt"; fail "okc: roam_class"; }
summary=$(hostapd_cli -p /run/roamd -i wlan1 raw ROAM_SUMMARY)
grep -qE "^ssid=roam-eap roams=4 .* full=1 failed_to_fast_roam=0 clients=1 never_offer_pmkid=0 okc_clients=1 ft_clients=0" <<<"$summary" \
  || fail "okc: ROAM_SUMMARY says '$summary'"
log "okc: profile_okc=1, $summary"
next_mode

MODE=expiry; roamd_three sticky 4; first_connect 0
roam_step sta1 wlan3 $B expiry_A_to_B full-eap full
sleep 5
roam_step sta1 wlan3 $A expiry_B_to_A_after_lifetime full-eap full
next_mode

# hostapd, same radios, same steps (its latency is the reference).
for hmode in okc sticky; do
  okc=0; [[ $hmode == okc ]] && okc=1
  for i in 0 1; do
    hostapd_eap_conf "$W/hostapd$i.conf" "wlan$i" roam-eap "ap$i" ctrl_interface=/run/hostapd "okc=$okc"
  done
  hostapd -B -t -f "$W/hostapd-$hmode.log" -P "$W/hostapd.pid" "$W/hostapd0.conf" "$W/hostapd1.conf" || fail "hostapd"
  sleep 1
  peap_sta_conf "$W/sta.conf" roam-eap "proactive_key_caching=$okc" "bssid=$A"
  start_sta sta1 wlan3 "$W/sta.conf"
  wait_bssid sta1 wlan3 $A 90
  wcli sta1 wlan3 set_network 0 bssid any >/dev/null
  scan_until sta1 wlan3 $A $B
  for step in "$B hostapd_${hmode}_A_to_B" "$A hostapd_${hmode}_B_to_A"; do
    set -- $step
    from=$(log_lines "$W/wpa_supplicant-sta1.log"); r0=$(radius_requests)
    wcli sta1 wlan3 roam "$1" >/dev/null; wait_bssid sta1 wlan3 "$1" 90; sleep 0.3
    echo "RESULT ${2}_ms=$(conn_ms sta1 "$from") ${2}_radius_requests=$(( $(radius_requests) - r0 ))"
  done
  wcli sta1 wlan3 terminate >/dev/null; kill "$(cat "$W/hostapd.pid")"; sleep 1
  mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-hostapd-$hmode.log"
done
log "PMKSA modes none/sticky/okc/expiry behaved as configured"
