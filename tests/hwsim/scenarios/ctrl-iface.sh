#!/bin/bash
# The control interface, driven by Debian's hostapd_cli: PING, STATUS,
# all_sta (hostapd's station MIB plus roamd's roam journal), PMKSA after a
# WPA2-Enterprise join, events to an attached hostapd_cli (-a action script),
# DEAUTHENTICATE, which the station reports, then hostapd's per-interface
# commands: get_config, mib, NOTE, REKEY_GTK (the station takes the new
# GTK), disable/enable, after which the station joins again, and a deny
# list set at run time.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
start_freeradius
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0
sed -i '1i [daemon]\nctrl_interface = "/run/roamd"\n' "$W/roamd.toml"
start_roamd "$W/roamd.toml"
cli() { hostapd_cli -p /run/roamd -i wlan0 "$@"; }
[[ $(cli ping) == PONG ]] || fail "hostapd_cli ping: $(cli ping)"
cat > "$W/events.sh" <<'SH'
#!/bin/sh
echo "$2 $3" >> /tmp/scenario/events.log
SH
chmod +x "$W/events.sh"
hostapd_cli -p /run/roamd -i wlan0 -B -a "$W/events.sh" || fail "hostapd_cli -a"
cli status > "$W/status.txt"
grep -q "^state=ENABLED" "$W/status.txt" && grep -q "^ssid\[0\]=roam-eap" "$W/status.txt" \
  && grep -q "^bssid\[0\]=02:00:00:00:00:00" "$W/status.txt" || { cat "$W/status.txt"; fail "STATUS"; }
peap_sta_conf "$W/sta.conf" roam-eap
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 90
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
cli all_sta > "$W/all_sta.txt"
cat "$W/all_sta.txt"
grep -q "^$sta_mac" "$W/all_sta.txt" || fail "all_sta does not list $sta_mac"
grep -q "^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]" "$W/all_sta.txt" || fail "station flags"
grep -q "^dot1xAuthSessionUserName=alice" "$W/all_sta.txt" || fail "no EAP identity"
grep -q "^roam_outcome=full-eap" "$W/all_sta.txt" || fail "no roam journal in the station listing"
grep -q "^AKMSuiteSelector=00-0f-ac-1" "$W/all_sta.txt" || fail "AKM"
cli pmksa > "$W/pmksa.txt"
grep -q "^0 $sta_mac [0-9a-f]\{32\} [0-9]\+ 0" "$W/pmksa.txt" || { cat "$W/pmksa.txt"; fail "PMKSA listing"; }
wait_log "$W/events.log" "AP-STA-CONNECTED $sta_mac" 5
[[ $(cli deauthenticate "$sta_mac") == OK ]] || fail "deauthenticate"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=2" 10
wait_log "$W/events.log" "AP-STA-DISCONNECTED $sta_mac" 5
[[ $(cli raw FROB) == "UNKNOWN COMMAND" ]] || fail "unknown command: $(cli raw FROB)"

cli get_config > "$W/get_config.txt"
cat "$W/get_config.txt"
for line in bssid=02:00:00:00:00:00 ssid=roam-eap wps_state=disabled wpa=2 key_mgmt=WPA-EAP \
    group_cipher=CCMP rsn_pairwise_cipher=CCMP; do
  grep -qx "$line" "$W/get_config.txt" || fail "get_config: no $line"
done
[[ $(cli raw "NOTE scenario note") == OK ]] || fail "NOTE"
wait_log "$W/roamd.log" "NOTE: scenario note" 5
# The station comes back after the deauthentication.
wait_state sta1 wlan2 COMPLETED 90
cli mib > "$W/mib.txt"
cat "$W/mib.txt"
grep -q "^dot11RSNAOptionImplemented=TRUE" "$W/mib.txt" || fail "mib: no RSNA variables"
grep -q "^radiusAuthClientAccessAccepts=[1-9]" "$W/mib.txt" || fail "mib: no RADIUS Access-Accept counted"
grep -q "^hostapdWPAPTKState=11" <<<"$(cli sta "$sta_mac")" || fail "sta: PTK state not PTKINITDONE (11)"
[[ $(cli raw REKEY_GTK) == OK ]] || fail "REKEY_GTK"
wait_log "$W/wpa_supplicant-sta1.log" "WPA: Group rekeying completed" 10

gone=$(grep -c "AP-STA-DISCONNECTED $sta_mac" "$W/events.log")
[[ $(cli disable) == OK ]] || fail "disable"
wait_log "$W/events.log" "AP-DISABLED" 5
[[ $(grep -c "AP-STA-DISCONNECTED $sta_mac" "$W/events.log") -gt $gone ]] || fail "no AP-STA-DISCONNECTED on disable"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=3" 10
grep -q "^state=DISABLED" <<<"$(cli status)" || fail "status after disable"
[[ $(cli disable) == FAIL ]] || fail "a second disable"
[[ $(cli enable) == OK ]] || fail "enable"
wait_log "$W/events.log" "AP-ENABLED" 5
grep -q "^state=ENABLED" <<<"$(cli status)" || fail "status after enable"
wait_state sta1 wlan2 COMPLETED 90
[[ $(cli enable) == FAIL ]] || fail "a second enable"
# A deny list set at run time drops the station (reason 1) and keeps it out.
echo "$sta_mac" > "$W/deny"
[[ $(cli set deny_mac_file "$W/deny") == OK ]] || fail "set deny_mac_file"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=1" 10
[[ $(cli set wpa_passphrase 12345678) == FAIL ]] || fail "set wpa_passphrase is not taken at run time"
cat "$W/events.log"
log "hostapd_cli: ping, status, all_sta with the roam journal, pmksa, events, deauthenticate, get_config, note, mib, REKEY_GTK, disable/enable with the station back, set deny_mac_file"
