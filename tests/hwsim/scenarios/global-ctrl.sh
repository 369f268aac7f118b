#!/bin/bash
# hostapd's global control interface: roamd -g /run/hostapd-global -G root
# -B starts with no configuration file; Debian's hostapd_cli (which reaches
# a global socket as -p DIR -i NAME) adds wlan0 from a hostapd.conf with
# ADD, a station joins it, IFNAME=wlan0 STATUS and STA answer, an attached
# global monitor (-a action script) sees the BSS's events with IFNAME=,
# REMOVE drops the station (it reports the disconnection) and empties
# INTERFACES, the next ADD serves the station again. ADD wlan1 /run/hostapd
# without a file is set up with SET (its own socket and IFNAME=) and
# started with ENABLE, and a second station joins it; ADD bss_config= puts
# a BSS beside wlan0's on its running radio, the second station joins it
# while the first stays connected, and REMOVE takes it alone. TERMINATE
# stops roamd. Then roamd-full (feature testing): DATA_TEST_CONFIG and
# DATA_TEST_TX reach the station (a packet socket in its namespace), and a
# test packet from the station is DATA-TEST-RX.
# radios=4
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
sta_netns phy3 sta2
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

[[ $(hostapd_cli -p /run/hostapd -i wlan0 raw DATA_TEST_CONFIG 1) == "UNKNOWN COMMAND" ]] \
  || fail "DATA_TEST_CONFIG without the testing feature"

# hostapd's test framework's way: ADD <ifname> <ctrl dir>, SET, ENABLE.
[[ $(g raw ADD wlan1 /run/hostapd) == OK ]] || { tail -20 "$W/roamd.log"; fail "ADD wlan1 /run/hostapd"; }
c1() { hostapd_cli -p /run/hostapd -i wlan1 "$@"; }
c1 status | grep -q "^state=UNINITIALIZED" || fail "STATUS before ENABLE: $(c1 status)"
[[ $(g raw INTERFACES) == $'wlan0\nwlan1' ]] || fail "INTERFACES with wlan1 not started: $(g raw INTERFACES)"
[[ $(c1 set channel six) == FAIL ]] || fail "SET channel six was not refused"
grep -q 'wlan1: SET channel: channel: "six" is not a number' "$W/roamd.log" || fail "SET's error does not name the key"
[[ $(c1 enable) == FAIL ]] || fail "ENABLE without an SSID was not refused"
grep -q "wlan1: ENABLE: wlan1 SET: .*required" "$W/roamd.log" || fail "ENABLE's refusal not logged"
for kv in "ssid roam-set" "hw_mode g" "channel 6" "wpa 2" "wpa_key_mgmt WPA-PSK" "rsn_pairwise CCMP"; do
  [[ $(c1 set $kv) == OK ]] || fail "SET $kv"
done
[[ $(g raw IFNAME=wlan1 SET wpa_passphrase correct horse battery) == OK ]] || fail "IFNAME=wlan1 SET wpa_passphrase"
grep -q "correct horse" "$W/roamd.log" && fail "the passphrase reached the log"
[[ $(c1 enable) == OK ]] || { tail -20 "$W/roamd.log"; fail "ENABLE wlan1"; }
wait_log "$W/events.log" "IFNAME=wlan1 AP-ENABLED" 5
c1 status | grep -q "^state=ENABLED" || fail "STATUS after ENABLE: $(c1 status)"
ip addr add 169.254.79.1/24 dev wlan1
psk_sta_conf "$W/sta2.conf" roam-set "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta2 wlan3 "$W/sta2.conf"
wait_state sta2 wlan3 COMPLETED 60
sta2=$(sta_mac sta2 wlan3)
ip -n sta2 addr add 169.254.79.2/24 dev wlan3
ip netns exec sta2 ping -c 2 -W 5 169.254.79.1 >/dev/null || fail "ping through wlan1 set up by SET"
log "ADD wlan1 /run/hostapd, SET (a bad value refused with its key named), ENABLE: station $sta2 joined and pinged"
[[ $(g raw REMOVE wlan1) == OK ]] || fail "REMOVE wlan1"
wcli sta2 wlan3 terminate >/dev/null; sleep 0.5

# A BSS onto wlan0's running radio: sta1 stays connected.
phy=phy$(iw dev wlan0 info | awk '/wiphy/ {print $2}')
printf 'interface=wlan0_g\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=roam-guest\nhw_mode=g\nchannel=1\n' > "$W/guest.conf"
mark=$(log_lines "$W/wpa_supplicant-sta1.log")
[[ $(g raw ADD bss_config="$phy:$W/guest.conf") == OK ]] || { tail -20 "$W/roamd.log"; fail "ADD bss_config=$phy"; }
wait_log "$W/events.log" "IFNAME=wlan0_g AP-ENABLED" 5
[[ $(g raw INTERFACES) == $'wlan0\nwlan0_g' ]] || fail "INTERFACES with wlan0_g: $(g raw INTERFACES)"
open_sta_conf "$W/guest-sta.conf" roam-guest
start_sta sta2 wlan3 "$W/guest-sta.conf"
wait_bssid sta2 wlan3 02:00:00:00:00:01 60
g raw IFNAME=wlan0_g STA "$sta2" | grep -q "^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]" || fail "IFNAME=wlan0_g STA $sta2"
sed -n "$((mark + 1)),\$p" "$W/wpa_supplicant-sta1.log" | grep -q CTRL-EVENT-DISCONNECTED && fail "sta1 was disconnected by the BSS added to its radio"
ip netns exec sta1 ping -c 2 -W 5 169.254.78.1 >/dev/null || fail "sta1's ping with wlan0_g beside"
log "ADD bss_config=$phy: wlan0_g (02:00:00:00:00:01) runs beside wlan0, $sta2 joined it, $sta stayed connected"
[[ $(g raw REMOVE wlan0_g) == OK ]] || fail "REMOVE wlan0_g"
wait_log "$W/events.log" "IFNAME=wlan0_g AP-STA-DISCONNECTED $sta2" 5
[[ $(g raw INTERFACES) == wlan0 ]] || fail "INTERFACES after REMOVE wlan0_g: $(g raw INTERFACES)"
ip link show wlan0_g >/dev/null 2>&1 && fail "wlan0_g left after REMOVE"
sed -n "$((mark + 1)),\$p" "$W/wpa_supplicant-sta1.log" | grep -q CTRL-EVENT-DISCONNECTED && fail "sta1 was disconnected by REMOVE wlan0_g"
ip netns exec sta1 ping -c 2 -W 5 169.254.78.1 >/dev/null || fail "sta1's ping after REMOVE wlan0_g"
wcli sta2 wlan3 terminate >/dev/null
log "REMOVE wlan0_g: its station left, wlan0 and its station run on"

[[ $(g raw TERMINATE) == OK ]] || fail "TERMINATE"
for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "roamd still runs 10 s after TERMINATE"
grep -q "TERMINATE: shutting down" "$W/roamd.log" || fail "no TERMINATE in the log"
[[ -e /run/hostapd-global ]] && fail "global socket left after TERMINATE"
kill "$(cat "$W/cli.pid")" 2>/dev/null
log "TERMINATE: roamd exited and removed its sockets"

# hostapd's data test commands, in roamd-full (feature testing). The
# station's side: a packet socket in its namespace that sends hostapd's
# test packet or waits for one.
cat > "$W/dtest.py" <<'PY'
import socket, sys
mode, ifname, dst, src = sys.argv[1:5]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind((ifname, 0x0800))
mac = lambda a: bytes.fromhex(a.replace(':', ''))
if mode == 'send':
    ip_len = 1486
    h = bytearray([0x45, 0x20, ip_len >> 8, ip_len & 0xff, 0, 0, 0, 0, 64, 1, 0, 0, 192, 168, 1, 1, 192, 168, 1, 2])
    c = sum((h[i] << 8) | h[i + 1] for i in range(0, 20, 2))
    while c >> 16: c = (c & 0xffff) + (c >> 16)
    h[10:12] = (~c & 0xffff).to_bytes(2, 'big')
    s.send(mac(dst) + mac(src) + b'\x08\x00' + bytes(h) + bytes(i & 0xff for i in range(ip_len - 20)))
    sys.exit(0)
s.settimeout(15)
print('ready', flush=True)
while True:
    f = s.recv(2048)
    if f[:6] == mac(dst) and f[6:12] == mac(src) and f[14] == 0x45 and f[15] == 0x20:
        n = int.from_bytes(f[16:18], 'big')
        if n == 1486 and all(b == i & 0xff for i, b in enumerate(f[34:14 + n])):
            print('test packet received'); sys.exit(0)
PY
cat > "$W/wlan0-open.conf" <<'CONF'
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ssid=roam-dtest
hw_mode=g
channel=1
CONF
ROAMD=$ROAMD_FULL start_roamd "$W/wlan0-open.conf" 1 roamd-full
hostapd_cli -p /run/hostapd -i wlan0 -B -a "$W/events.sh" -P "$W/cli2.pid" || fail "hostapd_cli -a on wlan0"
open_sta_conf "$W/dtest-sta.conf" roam-dtest
wcli sta1 wlan2 terminate >/dev/null; sleep 0.5
start_sta sta1 wlan2 "$W/dtest-sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ap=02:00:00:00:00:00
[[ $(hostapd_cli -p /run/hostapd -i wlan0 raw DATA_TEST_TX "$sta" $ap 0x20) == FAIL ]] || fail "DATA_TEST_TX before DATA_TEST_CONFIG"
[[ $(hostapd_cli -p /run/hostapd -i wlan0 raw DATA_TEST_CONFIG 1) == OK ]] || { tail "$W/roamd-full.log"; fail "DATA_TEST_CONFIG 1"; }
ip netns exec sta1 python3 "$W/dtest.py" recv wlan2 "$sta" $ap > "$W/dtest-rx.out" 2>&1 &
rx=$!
# Python starts slowly in the VM: send once its socket is bound.
wait_log "$W/dtest-rx.out" ready 30
[[ $(hostapd_cli -p /run/hostapd -i wlan0 raw DATA_TEST_TX "$sta" $ap 0x20) == OK ]] || { tail "$W/roamd-full.log"; fail "DATA_TEST_TX"; }
wait "$rx" || { cat "$W/dtest-rx.out"; fail "the station did not receive DATA_TEST_TX's packet"; }
log "DATA_TEST_CONFIG 1, DATA_TEST_TX $sta $ap 0x20: the station received hostapd's test packet"
ip netns exec sta1 python3 "$W/dtest.py" send wlan2 $ap "$sta" || fail "the station's test packet"
wait_log "$W/events.log" "DATA-TEST-RX $ap $sta" 5
[[ $(hostapd_cli -p /run/hostapd -i wlan0 raw DATA_TEST_CONFIG 0) == OK ]] || fail "DATA_TEST_CONFIG 0"
log "a test packet from the station: DATA-TEST-RX $ap $sta"
kill "$(cat "$W/cli2.pid")" 2>/dev/null
stop_roamd roamd-full
echo "RESULT global_ctrl=pass"
