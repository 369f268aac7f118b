#!/bin/bash
# Inside the VM: see demo.sh.
. "$(dirname "$0")/lib.sh"
sta_netns phy2 sta1
open_ap_conf "$W/roamd.toml" wlan0 1 roamd-demo wlan1 6 roamd-demo-2
echo "--- roamd configuration"; cat "$W/roamd.toml"
RUST_LOG=info start_roamd "$W/roamd.toml" 2
ip addr add 192.0.2.1/24 dev wlan0
open_sta_conf "$W/sta.conf" roamd-demo
start_sta sta1 wlan2 "$W/sta.conf"
wait_state sta1 wlan2 COMPLETED 60
ip -n sta1 addr add 192.0.2.2/24 dev wlan2
echo "--- wpa_supplicant (station, netns sta1)"; wcli sta1 wlan2 status | grep -E '^(bssid|ssid|wpa_state|key_mgmt)='
echo "--- ping from the station across the simulated air"; ip netns exec sta1 ping -c 3 192.0.2.1
echo "--- the AP's station table (iw dev wlan0 station dump)"; iw dev wlan0 station dump | grep -E 'Station|authorized|associated|rx packets|tx packets'
stop_roamd
echo "--- roamd's log"; cat "$W/roamd.log"
echo "--- connect latency: $(conn_ms sta1 0) ms (wpa_supplicant: Trying to authenticate -> CTRL-EVENT-CONNECTED)"
