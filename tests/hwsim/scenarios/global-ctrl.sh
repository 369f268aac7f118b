#!/bin/bash
# hostapd's global control interface: roamd -g /run/hostapd-global -G root
# -B starts with no configuration file; Debian's hostapd_cli (which reaches
# a global socket as -p DIR -i NAME) adds wlan0 from a hostapd.conf with
# ADD, a station joins it, IFNAME=wlan0 STATUS and STA answer, an attached
# global monitor (-a action script) sees the BSS's events with IFNAME=,
# REMOVE drops the station (it reports the disconnection) and empties
# INTERFACES, the next ADD serves the station again, TERMINATE stops roamd.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
unset RUST_LOG
psk_hostapd_conf "$W/wlan0.conf" roam-global
g() { hostapd_cli -p /run -i hostapd-global "$@"; }

"$ROAMD" -g /run/hostapd-global -G root -B -P "$W/roamd.pid" -f "$W/roamd.log" > "$W/bg.out" 2>&1
rc=$?
((rc == 0)) || { cat "$W/bg.out" "$W/roamd.log"; fail "roamd -g -B without a file exited $rc"; }
pid=$(cat "$W/roamd.pid") || fail "no pid file"
[[ $(stat -c '%a %G' /run/hostapd-global) == "770 root" ]] || fail "global socket: $(stat -c '%a %G' /run/hostapd-global)"
[[ $(g ping) == PONG ]] || fail "global ping: $(g ping)"
[[ -z $(g raw INTERFACES) ]] || fail "INTERFACES before ADD: $(g raw INTERFACES)"
log "roamd -g -G root -B: no radio, the global socket answers (mode 770, group root)"

cat > "$W/events.sh" <<'SH'
#!/bin/sh
shift; echo "$*" >> /tmp/scenario/events.log
SH
chmod +x "$W/events.sh"
g -B -a "$W/events.sh" -P "$W/cli.pid" || fail "hostapd_cli -a on the global socket"

[[ $(g raw ADD wlan0 config="$W/wlan0.conf") == OK ]] || { cat "$W/roamd.log"; fail "ADD wlan0"; }
[[ $(g raw INTERFACES) == wlan0 ]] || fail "INTERFACES after ADD: $(g raw INTERFACES)"
[[ $(g raw "INTERFACES ctrl") == "wlan0 ctrl_iface=/run/hostapd" ]] || fail "INTERFACES ctrl: $(g raw 'INTERFACES ctrl')"
[[ $(hostapd_cli -p /run/hostapd -i wlan0 ping) == PONG ]] || fail "the added BSS's own socket"
[[ $(g raw ADD wlan0 config="$W/wlan0.conf") == FAIL ]] || fail "a second ADD wlan0 was not refused"
wait_log "$W/events.log" "IFNAME=wlan0 AP-ENABLED" 5
log "ADD wlan0 config=$W/wlan0.conf: OK; its socket answers; AP-ENABLED reached the global monitor"

ip addr add 169.254.78.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-global "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
sta=$(sta_mac sta1 wlan2)
ip -n sta1 addr add 169.254.78.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.78.1 >/dev/null || fail "ping through the added BSS"
g raw IFNAME=wlan0 STATUS > "$W/status.txt"
grep -q "^state=ENABLED" "$W/status.txt" && grep -q "^ssid\[0\]=roam-global" "$W/status.txt" \
  || { cat "$W/status.txt"; fail "IFNAME=wlan0 STATUS"; }
g raw IFNAME=wlan0 STA "$sta" | grep -q "^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]" || fail "IFNAME=wlan0 STA $sta"
[[ $(g raw IFNAME=wlan9 PING) == FAIL-NO-IFNAME-MATCH ]] || fail "IFNAME=wlan9: $(g raw IFNAME=wlan9 PING)"
wait_log "$W/events.log" "IFNAME=wlan0 AP-STA-CONNECTED $sta" 5
log "station $sta joined the added BSS and pinged; IFNAME=wlan0 STATUS/STA answer; the global monitor saw it connect"

mark=$(log_lines "$W/wpa_supplicant-sta1.log")
[[ $(g raw REMOVE wlan0) == OK ]] || fail "REMOVE wlan0"
wait_log "$W/wpa_supplicant-sta1.log" "CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00" 10
wait_log "$W/events.log" "IFNAME=wlan0 AP-STA-DISCONNECTED $sta" 5
[[ -z $(g raw INTERFACES) ]] || fail "INTERFACES after REMOVE: $(g raw INTERFACES)"
[[ -e /run/hostapd/wlan0 ]] && fail "wlan0's control socket left after REMOVE"
iw dev wlan0 info | grep -q "ssid roam-global" && fail "wlan0 still beacons roam-global"
[[ $(g raw REMOVE wlan0) == FAIL ]] || fail "REMOVE of a removed interface"
log "REMOVE wlan0: the station was disconnected, INTERFACES is empty, the socket is gone"

[[ $(g raw ADD wlan0 config="$W/wlan0.conf") == OK ]] || { tail -20 "$W/roamd.log"; fail "ADD wlan0 again"; }
wait_state sta1 wlan2 COMPLETED 60
[[ $(g raw INTERFACES) == wlan0 ]] || fail "INTERFACES after the second ADD"
ip netns exec sta1 ping -c 2 -W 5 169.254.78.1 >/dev/null || fail "ping after the second ADD"
log "ADD wlan0 again: the station joined again"

[[ $(g raw TERMINATE) == OK ]] || fail "TERMINATE"
for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "roamd still runs 10 s after TERMINATE"
grep -q "TERMINATE: shutting down" "$W/roamd.log" || fail "no TERMINATE in the log"
[[ -e /run/hostapd-global ]] && fail "global socket left after TERMINATE"
kill "$(cat "$W/cli.pid")" 2>/dev/null
log "TERMINATE: roamd exited and removed its sockets"
echo "RESULT global_ctrl=pass"
