#!/bin/bash
# 802.11k/v roaming assistance: two WPA2-PSK BSSes of one SSID (A on wlan0,
# B on wlan1) with rrm_neighbor_report and bss_transition. hostapd_cli
# set_neighbor gives A its neighbour B; the station joins A, its
# neighbor_rep_request gets B back (RRM-NEIGHBOR-REP-RECEIVED); hostapd_cli
# bss_tm_req with B as the preferred candidate moves it to B; A logs the
# response (BSS-TM-RESP to an attached hostapd_cli) and B's journal line of
# the roam says it followed the request (steered=accepted).
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
PASS="correct horse battery"
sta_netns phy2 sta1
f=$W/roamd.toml; : > "$f"
for i in 0 1; do cat >> "$f" <<CONF
[[radio]]
interface = "wlan$i"
channel = 1

[[radio.bss]]
ssid = "roam-wnm"
security = "wpa2-psk"
passphrase = "$PASS"
rrm_neighbor_report = true
bss_transition = true

CONF
done
start_roamd "$f" 2
cli() { hostapd_cli -p /run/roamd "$@"; }
# B's Neighbor Report element data: BSSID, BSSID Information 0x8f
# (reachable, security, key scope, RM), operating class 81, channel 1, PHY 7.
NR=0200000001008f000000510107
[[ $(cli -i wlan0 set_neighbor $B ssid=\"roam-wnm\" nr=$NR) == OK ]] || fail "SET_NEIGHBOR"
cli -i wlan0 show_neighbor | grep -q "^$B ssid=726f616d2d776e6d nr=$NR$" \
  || { cli -i wlan0 show_neighbor; fail "SHOW_NEIGHBOR does not list B"; }
# An attached hostapd_cli (-a action script) sees the events.
cat > "$W/events.sh" <<'SH'
#!/bin/sh
echo "$*" >> /tmp/scenario/events.log
SH
chmod +x "$W/events.sh"
cli -i wlan0 -B -a "$W/events.sh" || fail "hostapd_cli -a"
psk_sta_conf "$W/sta.conf" roam-wnm "$PASS" "bssid=$A"
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 $A 60
scan_pinned sta1 wlan2 $A $B
STA=$(sta_mac sta1 wlan2)
from=$(log_lines "$W/wpa_supplicant-sta1.log")
wcli sta1 wlan2 neighbor_rep_request >/dev/null || fail "neighbor_rep_request refused"
wait_log "$W/wpa_supplicant-sta1.log" "RRM-NEIGHBOR-REP-RECEIVED bssid=$B" 10
r=$(cli -i wlan0 bss_tm_req "$STA" neighbor=$B,0x0000008f,81,1,7,0301ff pref=1 valid_int=255)
[[ $r == OK ]] || fail "BSS_TM_REQ answered '$r'"
wait_bssid sta1 wlan2 $B 30
wait_log "$W/events.log" "BSS-TM-RESP $STA status_code=0 bss_termination_delay=0 target_bssid=$B" 10
wait_log "$W/roamd.log" "bss transition response.*status=0" 10
wait_log "$W/roamd.log" "roam.*bssid=$B.*steered=accepted" 10
cli -i wlan1 sta "$STA" | grep -q "^roam_steered=accepted" || fail "STA on B has no roam_steered"
cli -i wlan1 sta "$STA" | grep -q "^profile_btm_accepted=1" || fail "the profile did not count the accepted request"
steered=$(grep -o "steered=accepted,[0-9]*ms" "$W/roamd.log" | tail -1)
stop_roamd || fail "roamd exited with an error"
log "neighbor report with B; BSS_TM_REQ moved the station A -> B; journal: $steered"
echo "RESULT wnm_steered_ms=${steered//[^0-9]/}"
