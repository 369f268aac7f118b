#!/bin/bash
# FT-EAP-SHA384 (AKM 00-0F-AC:13) between two roamd processes (wlan0: A,
# wlan1: B) on two bridges joined by a veth pair, each reading a
# hostapd.conf, FreeRADIUS behind them: Debian's wpa_supplicant
# (key_mgmt=FT-EAP-SHA384, PEAP) joins A with a full EAP (the 4-way handshake
# with 24-octet MICs), then roams over the air to B (B pulls the PMK-R1:
# SHA-384 hierarchy, 24-octet FTE MIC), over the DS back, over the air
# again; FreeRADIUS sees no request on the FT roams.
# radios=3
. "$(dirname "$0")/../lib.sh"
A=02:00:00:00:00:00 B=02:00:00:00:01:00
sta_netns phy2 sta1
two_bridges
ip addr add 169.254.79.1/24 dev br0
PING_TARGET=169.254.79.1
start_freeradius
for i in 0 1; do ft_hostapd_conf "$W/roamd-$i.conf" $i FT-EAP-SHA384 0; done
start_roamd "$W/roamd-0.conf" 1 roamd-a
start_roamd "$W/roamd-1.conf" 1 roamd-b
ft_join FT-EAP-SHA384 "$A"
wcli sta1 wlan2 status | grep -q "key_mgmt=FT-EAP-SHA384" || fail "the station did not negotiate FT-EAP-SHA384"
r0=$(radius_requests)
ft_roams "$A" "$B" sha384
(( $(radius_requests) == r0 )) || fail "FreeRADIUS saw $(( $(radius_requests) - r0 )) requests during the FT roams"
journal() { cat "$W/roamd-a.log" "$W/roamd-b.log" | grep " roam .*outcome=ft-"; }
for i in $(seq 50); do (( $(journal | wc -l) >= 3 )) && break; sleep 0.1; done
(( $(journal | wc -l) == 3 )) || fail "the journals do not show the three FT roams"
journal | grep -q "outcome=ft-air.*key_source=pulled" || fail "no FT roam with a pulled SHA-384 key"
journal | sed 's/^/  /'
echo "RESULT ft_eap_sha384=ok"
