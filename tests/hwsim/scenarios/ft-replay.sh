#!/bin/bash
# An attacker on the air records a station's FT frames and plays them
# again (tests/hwsim/replay.py on a monitor interface, wlan3):
#  1. the Reassociation Request of an FT roam to AP B, replayed while the
#     station is at B: roamd answers it again and leaves the keys alone
#     (a second install would reset the packet numbers: CVE-2017-13082);
#     the station stays connected and its link works;
#  2. the FT Authentication Request of that roam, replayed at B after the
#     station went back to A: B answers, no reassociation follows, and the
#     exchange goes at the reassociation deadline (journal: roam failed,
#     reason=deadline); the station at A is untouched.
# One roamd process, two BSSes (wlan0: A, wlan1: B) on one bridge.
# radios=4
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
REPLAY=$(cd "$(dirname "$0")/.." && pwd)/replay.py
sta_netns phy2 sta1
sta_mac=$(ip netns exec sta1 cat /sys/class/net/wlan2/address)
ft_siblings_toml "$W/roamd.toml" '["ft-psk"]' 'bridge = "br0"'
ip link add br0 type bridge || fail "no bridge support in the VM"
ip link set br0 up
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
start_roamd "$W/roamd.toml" 2
# The attacker's radio: monitor mode on the APs' channel.
ip link set wlan3 down
iw dev wlan3 set type monitor || fail "iw: wlan3 to monitor mode"
ip link set wlan3 up || fail "wlan3 up"
iw dev wlan3 set channel 1 || fail "iw: wlan3 to channel 1"
python3 "$REPLAY" --help >/dev/null || fail "replay.py does not run"

ft_sta_conf "$W/sta.conf" FT-PSK "$A"
ip -n sta1 link set wlan2 up
start_sta sta1 wlan2 "$W/sta.conf"
wait_bssid sta1 wlan2 "$A" 60
wcli sta1 wlan2 set_network 0 bssid any >/dev/null
ip -n sta1 addr add 169.254.79.2/24 dev wlan2
scan_until sta1 wlan2 "$A" "$B"

python3 "$REPLAY" capture wlan3 --sta "$sta_mac" --dir "$W" --seconds 20 > "$W/capture.log" 2>&1 &
capture=$!
sleep 2
ft_roam sta1 wlan2 "$B" air to_b
wait "$capture"; cat "$W/capture.log"
[[ -s $W/$B-reassoc && -s $W/$B-ft-auth ]] || fail "the station's FT frames to B were not captured"

# 1. The reassociation again, at B.
installs=$(grep -c "reassociated by FT" "$W/roamd.log")
python3 "$REPLAY" send wlan3 "$W/$B-reassoc"
wait_log "$W/roamd.log" "FT reassociation repeated: answered again, keys untouched" 10
sleep 1
(( $(grep -c "reassociated by FT" "$W/roamd.log") == installs )) || fail "the replayed reassociation installed keys again"
[[ $(wcli sta1 wlan2 status | sed -n 's/^bssid=//p') == "$B" ]] || fail "the station lost B"
ip netns exec sta1 ping -c 2 -W 5 "$PING_TARGET" > "$W/ping-after-replay.log" 2>&1 || { cat "$W/ping-after-replay.log"; fail "no ping after the replay"; }
log "replayed reassociation: answered, keys untouched, link up"

# 2. The FT authentication again, at B, once the station is back at A.
ft_roam sta1 wlan2 "$A" air back_to_a
python3 "$REPLAY" send wlan3 "$W/$B-ft-auth"
wait_log "$W/roamd.log" "roam failed .*bssid=$B .*reason=deadline" 10
[[ $(wcli sta1 wlan2 status | sed -n 's/^bssid=//p') == "$A" ]] || fail "the station lost A"
ip netns exec sta1 ping -c 2 -W 5 "$PING_TARGET" > "$W/ping-after-auth-replay.log" 2>&1 || { cat "$W/ping-after-auth-replay.log"; fail "no ping after the second replay"; }
grep "roam failed" "$W/roamd.log" | sed 's/^/  /'
stop_roamd
grep -q "ft_deadline_expired=1" "$W/roamd.log" || fail "FT counters: no expired deadline"
echo "RESULT ft_replay=ok"
