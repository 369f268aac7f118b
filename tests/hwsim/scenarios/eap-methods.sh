#!/bin/bash
# WPA2-Enterprise with the other EAP methods: TTLS-PAP and EAP-TLS (client
# certificate from a test CA that FreeRADIUS trusts) each join and ping.
# radios=3
. "$(dirname "$0")/../lib.sh"
sta_netns phy2 sta1
make_test_pki
start_freeradius
eap_ap_conf "$W/roamd.toml" wlan0 1 roam-eap ap0
start_roamd "$W/roamd.toml"
ip addr add 169.254.77.1/24 dev wlan0
ip -n sta1 addr add 169.254.77.2/24 dev wlan2
cat > "$W/ttls.conf" <<CONF
network={
  ssid="roam-eap"
  key_mgmt=WPA-EAP
  eap=TTLS
  identity="alice"
  password="wonderland"
  phase2="auth=PAP"
  scan_freq=2412
}
CONF
cat > "$W/tls.conf" <<CONF
network={
  ssid="roam-eap"
  key_mgmt=WPA-EAP
  eap=TLS
  identity="alice"
  ca_cert="$PKI/ca.pem"
  client_cert="$PKI/client.pem"
  private_key="$PKI/client.key"
  scan_freq=2412
}
CONF
for method in ttls tls; do
  start_sta sta1 wlan2 "$W/$method.conf"
  wait_state sta1 wlan2 COMPLETED 90
  wcli sta1 wlan2 status | grep -q "^EAP state=SUCCESS" || { wcli sta1 wlan2 status; fail "$method: EAP did not succeed"; }
  ip netns exec sta1 ping -c 2 -W 5 169.254.77.1 >/dev/null || fail "ping after $method"
  ms=$(conn_ms sta1 0)
  log "$method joined in $ms ms"
  echo "RESULT eap_${method}_connect_ms=$ms"
  wcli sta1 wlan2 terminate >/dev/null; sleep 1
  mv "$W/wpa_supplicant-sta1.log" "$W/wpa_supplicant-$method.log"
done
