#!/bin/bash
# hostapd's command line: roamd started as a hostapd init script starts
# hostapd (-B -P pidfile -f logfile -t hostapd.conf) returns only once the AP
# is up, leaves its pid in the pid file and its log in the log file, answers
# hostapd_cli, serves a station, and on SIGTERM exits and removes the pid
# file. Then -dd with -i (the interface from the command line) logs debug
# lines, a -B start that fails returns its error and status, -s logs to
# syslog, and an unknown flag, -G without -g and -S are refused with exit 2,
# naming the flag.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
unset RUST_LOG
psk_hostapd_conf "$W/hostapd.conf" roam-cli
gone() { ! kill -0 "$1" 2>/dev/null; }  # gone PID
wait_gone() {  # wait_gone PID LABEL : the process exits within 10 s
  local i; for i in $(seq 100); do gone "$1" && return 0; sleep 0.1; done
  fail "$2 (pid $1) did not exit within 10 s of SIGTERM"
}

# 1. -B -P -f -t, as an init script starts hostapd.
"$ROAMD" -B -P "$W/ap.pid" -f "$W/ap.log" -t "$W/hostapd.conf" > "$W/bg.out" 2>&1
rc=$?
iw dev wlan0 info > "$W/iw-info.txt"
((rc == 0)) || { cat "$W/bg.out" "$W/ap.log"; fail "roamd -B exited $rc"; }
grep -q "type AP" "$W/iw-info.txt" || { cat "$W/iw-info.txt"; fail "wlan0 is not an AP when roamd -B returns"; }
[[ -s $W/bg.out ]] && { cat "$W/bg.out"; fail "roamd -B wrote to the terminal"; }
pid=$(cat "$W/ap.pid") || fail "no pid file"
[[ $pid =~ ^[0-9]+$ ]] || fail "pid file holds '$pid'"
[[ $(cat "/proc/$pid/comm" 2>/dev/null) == roamd ]] || fail "pid $pid in the pid file is not a running roamd"
# The daemon left the terminal's session and the working directory.
[[ $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $4}') == "$pid" ]] || fail "roamd -B did not start its own session"
[[ $(readlink "/proc/$pid/cwd") == / ]] || fail "roamd -B stayed in $(readlink "/proc/$pid/cwd")"
grep -q "AP started" "$W/ap.log" || { cat "$W/ap.log"; fail "no 'AP started' in the -f log file"; }
grep -q " DEBUG " "$W/ap.log" && fail "debug lines without -d"
[[ $(hostapd_cli -p /run/hostapd -i wlan0 ping) == PONG ]] || fail "hostapd_cli ping"
log "roamd -B returned with wlan0 an AP; pid $pid in the pid file; hostapd_cli ping: PONG"

ip addr add 169.254.77.1/24 dev wlan0
psk_sta_conf "$W/sta.conf" roam-cli "correct horse battery" "key_mgmt=WPA-PSK"
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
ip netns exec sta1 ping -c 3 -W 5 169.254.77.1 >/dev/null || fail "ping"
sta=$(sta_mac sta1 wlan2)
grep -q "$sta" "$W/ap.log" || fail "the station is not in the -f log file"
log "station $sta joined and pinged"

kill "$(cat "$W/ap.pid")"
wait_gone "$pid" "roamd -B"
[[ -e $W/ap.pid ]] && fail "pid file left after SIGTERM"
grep -q "SIGTERM: shutting down" "$W/ap.log" || fail "no clean shutdown in the log"
log "kill \$(cat pidfile) stopped roamd; pid file removed"
wcli sta1 wlan2 disconnect >/dev/null

# 2. -dd, the interface from -i (hostapd.conf without interface=).
grep -v '^interface=' "$W/hostapd.conf" > "$W/no-iface.conf"
"$ROAMD" -dd -B -P "$W/ap-dd.pid" -f "$W/ap-dd.log" -i wlan0 "$W/no-iface.conf" > "$W/bg-dd.out" 2>&1
rc=$?
((rc == 0)) || { cat "$W/bg-dd.out"; fail "roamd -dd -B -i wlan0 exited $rc"; }
grep -q "AP started.*wlan0\|wlan0.*AP started" "$W/ap-dd.log" || fail "-i wlan0: AP not started on wlan0"
wcli sta1 wlan2 reconnect >/dev/null
wait_state sta1 wlan2 COMPLETED 60
grep -q " DEBUG .*$sta" "$W/ap-dd.log" || { head -20 "$W/ap-dd.log"; fail "-dd: no debug lines about the station"; }
pid=$(cat "$W/ap-dd.pid"); kill "$pid"; wait_gone "$pid" "roamd -dd"
log "-dd: $(grep -c ' DEBUG ' "$W/ap-dd.log") debug lines, $(grep -c ' TRACE ' "$W/ap-dd.log") trace lines; -i wlan0 named the interface"

# 3. A -B start that fails (no such interface) returns its error and status.
"$ROAMD" -B -P "$W/ap-fail.pid" -i wlan9 "$W/hostapd.conf" > "$W/bg-fail.out" 2>&1
rc=$?
cat "$W/bg-fail.out"
((rc == 1)) || fail "roamd -B on a missing interface exited $rc, not 1"
grep -q "wlan9" "$W/bg-fail.out" || fail "roamd -B: the start-up error does not reach the terminal"
[[ -e $W/ap-fail.pid ]] && fail "pid file left by a failed start"
log "a failed -B start: exit 1, the error on the terminal, no pid file"

# 4. -s: syslog (a stand-in syslogd on /dev/log when the VM has none).
if [[ ! -S /dev/log ]]; then
  python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("/dev/log")
out = open(sys.argv[1], "a")
while True:
    out.write(s.recv(4096).decode(errors="replace") + "\n"); out.flush()
' "$W/syslog.txt" &
  syslogd=$!
  for i in $(seq 50); do [[ -S /dev/log ]] && break; sleep 0.1; done
  "$ROAMD" -s -K --check "$W/hostapd.conf" > "$W/check-s.out" 2>&1 || { cat "$W/check-s.out"; fail "roamd -s --check"; }
  wait_log "$W/syslog.txt" "roamd\[[0-9]+\]: .*-K: roamd never logs key material" 5
  kill "$syslogd"; rm -f /dev/log
  log "-s: $(cat "$W/syslog.txt" | head -1)"
else
  log "-s: /dev/log is a running syslogd's; not checked"
fi

# 5. Refused flags: exit 2, the flag named.
refused() {  # refused FLAG... : roamd FLAG... hostapd.conf exits 2 naming FLAG
  "$ROAMD" "$@" "$W/hostapd.conf" > "$W/refused.out" 2>&1
  local rc=$?
  ((rc == 2)) || { cat "$W/refused.out"; fail "roamd $*: exit $rc, not 2"; }
  head -1 "$W/refused.out" | grep -qF -- "$1" || { cat "$W/refused.out"; fail "roamd $*: the error does not name $1"; }
  log "roamd $*: $(head -1 "$W/refused.out")"
}
refused --frobnicate
refused -G netdev
refused -S
echo "RESULT hostapd_cli_flags=pass"
