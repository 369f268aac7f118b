#!/bin/bash
# systemd's notification protocol with a stand-in service manager (a
# datagram socket read by python3, as NOTIFY_SOCKET points systemd's): roamd
# started as Type=notify with WATCHDOG_USEC=2 s sends READY=1 once its AP
# is up, WATCHDOG=1 with a STATUS= line about every second from its event
# loop (half the timeout, as sd_watchdog_enabled(3) advises), none while
# the loop is stopped (SIGSTOP: what systemd's watchdog restarts), pings
# again after SIGCONT, and STOPPING=1 on SIGTERM.
# radios=2
. "$(dirname "$0")/../lib.sh"
cat > "$W/manager.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)
while True:
    msg = s.recv(4096).decode()
    out.write(f"{time.monotonic():.3f} " + msg.replace("\n", " | ") + "\n")
PY
python3 "$W/manager.py" "$W/notify.sock" "$W/notify.log" &
manager=$!
for i in $(seq 50); do [[ -S $W/notify.sock ]] && break; sleep 0.1; done
[[ -S $W/notify.sock ]] || fail "the stand-in service manager did not start"
open_ap_conf "$W/roamd.toml" wlan0 1 roam-notify
NOTIFY_SOCKET=$W/notify.sock WATCHDOG_USEC=2000000 start_roamd "$W/roamd.toml"
wait_log "$W/notify.log" "READY=1 \| STATUS=BSSes up: 1" 5
sleep 3.5
pings=$(grep -c "WATCHDOG=1 | STATUS=BSSes: 1, stations associated: 0" "$W/notify.log")
(( pings >= 3 )) || { cat "$W/notify.log"; fail "$pings watchdog pings in 3.5 s (expected one a second)"; }
log "READY=1, then $pings watchdog pings in 3.5 s"

# A stopped loop sends nothing: systemd's watchdog would restart it.
pid=$(cat "$W/roamd.pid")
kill -STOP "$pid"
before=$(grep -c "WATCHDOG=1" "$W/notify.log")
sleep 3
(( $(grep -c "WATCHDOG=1" "$W/notify.log") == before )) || fail "watchdog pings while the daemon was stopped"
kill -CONT "$pid"
sleep 2.5
(( $(grep -c "WATCHDOG=1" "$W/notify.log") > before )) || fail "no watchdog ping after SIGCONT"
log "no pings while stopped, pings again after SIGCONT"

stop_roamd
wait_log "$W/notify.log" "STOPPING=1" 5
kill "$manager" 2>/dev/null
log "STOPPING=1 at shutdown"
