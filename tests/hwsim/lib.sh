# Helpers for roamd's hwsim scenarios; sourced inside the VM (see run.sh).
# Radios: wlan0, wlan1 are access points (BSSIDs 02:00:00:00:00:00 and
# 02:00:00:00:01:00); wlan2 (and wlan3) are stations, each moved into its own
# network namespace so that its frames really cross the simulated air.
set -u
# Logs go to the VM's tmpfs (debug logs written through 9p slow the daemons
# enough to change their timing) and are copied out at exit.
W=/tmp/scenario; mkdir -p "$W"
trap 'finish' EXIT
finish() {
  local rc=$?
  # Stop roamd first so its shutdown (deauthentication of stations) is logged.
  local pidfile; for pidfile in "$W"/roamd*.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 0.3
  [[ -n ${HWSIM_OUT:-} ]] && cp -r "$W/." "$HWSIM_OUT/" 2>/dev/null
  exit $rc
}
log() { printf '%s %s\n' "$(date +%T.%3N)" "$*"; }
fail() { log "FAIL: $*"; exit 1; }

ROAMD=${ROAMD:?ROAMD must point at the roamd binary}

sta_netns() {   # sta_netns PHY NETNS : move PHY into its own network namespace
  ip netns add "$2"
  iw phy "$1" set netns name "$2" || fail "iw phy $1 set netns $2"
  ip -n "$2" link set lo up
}

start_roamd() {  # start_roamd CONF [N_APS] [NAME] : roamd in the background, log in $W/NAME.log (NAME: roamd)
  # A .toml file is roamd's configuration; a .conf file is a hostapd.conf.
  local args=(--config "$1") name=${3:-roamd}; [[ $1 == *.conf ]] && args=("$1")
  RUST_LOG=${RUST_LOG:-roamd=debug,info} "$ROAMD" "${args[@]}" > "$W/$name.log" 2>&1 &
  echo $! > "$W/$name.pid"
  local i; for i in $(seq 100); do
    grep -q "AP started" "$W/$name.log" && [[ $(grep -c "AP started" "$W/$name.log") -ge ${2:-1} ]] && return 0
    kill -0 "$(cat "$W/$name.pid")" 2>/dev/null || { cat "$W/$name.log"; fail "$name exited during start-up"; }
    sleep 0.1
  done
  cat "$W/$name.log"; fail "$name did not start its APs within 10 s"
}
stop_roamd() {   # stop_roamd [NAME] : SIGTERM, wait for a clean exit
  local name=${1:-roamd} pid; pid=$(cat "$W/$name.pid"); kill -TERM "$pid"
  local i; for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$W/$name.pid"; wait "$pid"; return $?; }; sleep 0.1; done
  fail "$name did not exit within 10 s of SIGTERM"
}

# wpa_supplicant in network namespace NS for interface IF, debug log with timestamps.
start_sta() {   # start_sta NS IF CONF
  ip netns exec "$1" wpa_supplicant -B -i "$2" -c "$3" -C "/run/wpa_supplicant-$1" \
    -dd -t -f "$W/wpa_supplicant-$1.log" -P "$W/wpa_supplicant-$1.pid" || fail "wpa_supplicant did not start in $1"
}
wcli() { local ns=$1 ifc=$2; shift 2; ip netns exec "$ns" wpa_cli -p "/run/wpa_supplicant-$ns" -i "$ifc" "$@"; }

wait_state() {  # wait_state NS IF STATE [TIMEOUT_S]
  local end=$(( $(date +%s%3N) + ${4:-60} * 1000 )) st
  while :; do
    st=$(wcli "$1" "$2" status 2>/dev/null)
    grep -q "^wpa_state=$3" <<<"$st" && return 0
    (( $(date +%s%3N) < end )) || break
    sleep 0.05
  done
  wcli "$1" "$2" status; fail "station $2 in $1 not $3 within ${4:-60}s"
}

now_ms() { date +%s%3N; }

wait_log() {  # wait_log FILE PATTERN [TIMEOUT_S] : wait until PATTERN (grep -E) appears in FILE
  # Milliseconds, and at least one look, however short the timeout.
  local end=$(( $(now_ms) + ${3:-20} * 1000 ))
  while :; do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    (( $(now_ms) < end )) || break
    sleep 0.1
  done
  fail "no line matching '$2' in $(basename "$1") within ${3:-20}s"
}

# Station-side latency of the last connection in NS: from the first
# "Trying to authenticate" after line FROM to CTRL-EVENT-CONNECTED, in ms
# (the method of the hostapd reference scenarios).
conn_ms() {  # conn_ms NS FROM_LINE
  awk -v from="$2" 'NR>from && /Trying to authenticate with/ && !s {s=$1} NR>from && /CTRL-EVENT-CONNECTED/ && s {printf "%.1f\n", ($1-s)*1000; exit}' \
    "$W/wpa_supplicant-$1.log" | tr -d ':'
}
log_lines() { wc -l < "$1"; }

# A daemon's memory and CPU time, for the flood scenarios.
vm_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null; }  # vm_kb PID VmRSS|VmHWM
# User + system CPU time of PID in ms (fields 14 and 15 of stat, after the
# parenthesised command name, in clock ticks).
cpu_ms() { local t; t=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}'); echo $(( ${t:-0} * 1000 / $(getconf CLK_TCK) )); }

# The kernel's station table for an AP interface, as roamd filled it.
ap_has_station() {  # ap_has_station IF MAC
  iw dev "$1" station get "$2" 2>/dev/null | grep -q "authorized:.*yes"
}

open_ap_conf() {  # open_ap_conf FILE IF CHANNEL SSID [IF CHANNEL SSID ...] : one radio per triple
  local f=$1; shift; : > "$f"
  while (($#)); do
    cat >> "$f" <<CONF
[[radio]]
interface = "$1"
channel = $2
hw_mode = "g"

[[radio.bss]]
ssid = "$3"
security = "open"

CONF
    shift 3
  done
}

open_sta_conf() {  # open_sta_conf FILE SSID
  printf 'network={\n  ssid="%s"\n  key_mgmt=NONE\n  scan_freq=2412 2437\n}\n' "$2" > "$1"
}

psk_ap_conf() {  # psk_ap_conf FILE IF CHANNEL SSID PASSPHRASE [EXTRA TOML LINES...]
  local f=$1 ifc=$2 ch=$3 ssid=$4 pass=$5; shift 5
  cat > "$f" <<CONF
[[radio]]
interface = "$ifc"
channel = $ch
hw_mode = "g"

[[radio.bss]]
ssid = "$ssid"
security = "wpa2-psk"
passphrase = "$pass"
CONF
  local line; for line in "$@"; do echo "$line" >> "$f"; done
}

psk_sta_conf() {  # psk_sta_conf FILE SSID PASSPHRASE [EXTRA wpa_supplicant network lines...]
  local f=$1 ssid=$2 pass=$3; shift 3
  { printf 'network={\n  ssid="%s"\n  psk="%s"\n  scan_freq=2412 2437\n' "$ssid" "$pass"
    local line; for line in "$@"; do printf '  %s\n' "$line"; done
    printf '}\n'; } > "$f"
}

start_hostapd() {  # start_hostapd NAME CONF... : Debian's hostapd as the reference AP, one process for all CONFs (no debug dump, for timing; HOSTAPD_DEBUG=1 for one)
  local debug=(); [[ ${HOSTAPD_DEBUG:-0} == 1 ]] && debug=(-dd -K)
  hostapd -B -t "${debug[@]}" -f "$W/$1.log" -P "$W/$1.pid" "${@:2}" || { tail -30 "$W/$1.log"; fail "hostapd $1 did not start"; }
}

# FreeRADIUS (Debian's package) on 127.0.0.1:1812/1813, secret testing123,
# user alice/wonderland (PEAP-MSCHAPv2, TTLS-PAP) and, after make_client_cert,
# EAP-TLS with a client certificate from the test CA.
start_freeradius() {
  RADDB=/tmp/raddb; rm -rf "$RADDB"; cp -a /etc/freeradius/3.0 "$RADDB"
  { echo 'alice Cleartext-Password := "wonderland"'; cat "$RADDB/mods-config/files/authorize"; } > "$RADDB/authorize.new"
  mv "$RADDB/authorize.new" "$RADDB/mods-config/files/authorize"
  sed -i -E 's/^(\s*)(user|group) = freerad/\1#\2 = freerad/' "$RADDB/radiusd.conf"
  # RADIUS_CLIENT_NET: authenticators outside loopback (e.g. in their own netns).
  [[ -n ${RADIUS_CLIENT_NET:-} ]] && printf 'client hosts {\n  ipaddr = %s\n  secret = testing123\n}\n' "$RADIUS_CLIENT_NET" >> "$RADDB/clients.conf"
  [[ -n ${PKI:-} ]] && use_test_pki
  mkdir -p /var/log/freeradius/radacct
  freeradius -X -d "$RADDB" > "$W/freeradius.log" 2>&1 &
  echo $! > "$W/freeradius.pid"
  local i; for i in $(seq 300); do grep -q 'Ready to process requests' "$W/freeradius.log" && return 0; sleep 0.1; done
  tail -20 "$W/freeradius.log"; fail "freeradius did not start"
}
radius_requests() { grep -c 'Received Access-Request' "$W/freeradius.log"; }
# Access-Requests from one authenticator only, told apart by NAS-Identifier:
# FreeRADIUS -X lists each request's attributes right after its "Received"
# line, as "(N)   Name = value", so a count that cannot include another AP's
# requests when two APs talk to the same server.
radius_requests_from() {  # radius_requests_from NAS_ID
  awk -v want="\"$1\"" '
    /Received Access-Request/ { attrs = 1; next }
    attrs && /^\([0-9]+\)   [A-Za-z0-9-]+ = / { if ($2 == "NAS-Identifier" && $4 == want) n++; next }
    { attrs = 0 }
    END { print n + 0 }' "$W/freeradius.log"
}

hostapd_eap_conf() {  # hostapd_eap_conf FILE IF SSID NAS_ID [EXTRA hostapd.conf LINES...] : WPA2-EAP on channel 1, FreeRADIUS above
  local f=$1 ifc=$2 ssid=$3 nas=$4; shift 4
  cat > "$f" <<CONF
interface=$ifc
driver=nl80211
ssid=$ssid
hw_mode=g
channel=1
ieee8021x=1
auth_server_addr=127.0.0.1
auth_server_port=1812
auth_server_shared_secret=testing123
nas_identifier=$nas
wpa=2
wpa_key_mgmt=WPA-EAP
rsn_pairwise=CCMP
CONF
  local line; for line in "$@"; do echo "$line" >> "$f"; done
}

eap_ap_conf() {  # eap_ap_conf FILE IF CHANNEL SSID NAS_ID [EXTRA TOML LINES...]
  local f=$1 ifc=$2 ch=$3 ssid=$4 nas=$5; shift 5
  cat > "$f" <<CONF
[[radio]]
interface = "$ifc"
channel = $ch
hw_mode = "g"

[[radio.bss]]
ssid = "$ssid"
security = "wpa2-eap"
nas_identifier = "$nas"
own_ip_addr = "127.0.0.1"
CONF
  local line; for line in "$@"; do echo "$line" >> "$f"; done
  grep -q '^\[\[radio.bss.auth_server\]\]' "$f" || printf '\n[[radio.bss.auth_server]]\naddress = "127.0.0.1:1812"\nsecret = "testing123"\n' >> "$f"
}

peap_sta_conf() {  # peap_sta_conf FILE SSID [EXTRA wpa_supplicant network lines...]
  local f=$1 ssid=$2; shift 2
  { printf 'network={\n  ssid="%s"\n  key_mgmt=WPA-EAP\n  eap=PEAP\n  identity="alice"\n  password="wonderland"\n  phase2="auth=MSCHAPV2"\n  scan_freq=2412 2437\n' "$ssid"
    local line; for line in "$@"; do printf '  %s\n' "$line"; done
    printf '}\n'; } > "$f"
}

# A throwaway PKI for EAP-TLS (EC P-256 keys: quick even on an emulated CPU),
# installed into the FreeRADIUS copy; call before start_freeradius.
make_test_pki() {
  PKI=/tmp/pki; rm -rf "$PKI"; mkdir -p "$PKI"; local o=(-days 30 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  openssl req -x509 "${o[@]}" -keyout "$PKI/ca.key" -out "$PKI/ca.pem" -subj "/CN=roamd test CA" 2>/dev/null || fail "CA"
  printf 'extendedKeyUsage=serverAuth\n' > "$PKI/server.ext"; printf 'extendedKeyUsage=clientAuth\n' > "$PKI/client.ext"
  local who; for who in server client; do
    openssl req "${o[@]}" -keyout "$PKI/$who.key" -out "$PKI/$who.csr" -subj "/CN=$([[ $who == client ]] && echo alice || echo radius.test)" 2>/dev/null || fail "$who key"
    openssl x509 -req -in "$PKI/$who.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial -days 30 \
      -extfile "$PKI/$who.ext" -out "$PKI/$who.pem" 2>/dev/null || fail "$who certificate"
  done
}
use_test_pki() {  # point FreeRADIUS's EAP TLS at the test PKI (after the raddb copy)
  local eap=$RADDB/mods-available/eap
  sed -i -E "s|^(\s*)private_key_file = .*|\1private_key_file = $PKI/server.key|; s|^(\s*)certificate_file = .*|\1certificate_file = $PKI/server.pem|; s|^(\s*)ca_file = .*|\1ca_file = $PKI/ca.pem|; s|^(\s*)private_key_password = .*|\1#private_key_password|" "$eap"
}

wait_bssid() {  # wait_bssid NS IF BSSID [TIMEOUT_S] : COMPLETED on that BSSID
  local end=$(( $(date +%s%3N) + ${4:-60} * 1000 )) st
  while :; do
    st=$(wcli "$1" "$2" status 2>/dev/null)
    grep -q "^wpa_state=COMPLETED" <<<"$st" && grep -q "^bssid=$3" <<<"$st" && return 0
    (( $(date +%s%3N) < end )) || break
    sleep 0.05
  done
  wcli "$1" "$2" status; fail "station $2 not COMPLETED on $3 within ${4:-60}s"
}

scan_until() {  # scan_until NS IF BSSID... : scan until every BSSID is in the scan results
  local ns=$1 ifc=$2; shift 2; local i b ok
  for i in $(seq 30); do
    wcli "$ns" "$ifc" scan >/dev/null; sleep 1
    ok=1; for b in "$@"; do wcli "$ns" "$ifc" scan_results | grep -q "^$b" || ok=0; done
    ((ok)) && return 0
  done
  fail "scan did not find $*"
}

# The station's network is pinned to the BSSID it joined: scan until every
# BSSID is known while it still is (so that wpa_supplicant does not roam on
# its own on these scan results), stop the scan if it still runs (an
# associated station's scan of every channel takes seconds here, and an
# over-the-DS FT Request sent while it is on another channel is lost:
# wpa_cli roam aborts a scan, ft_ds does not), then unpin it for the roams.
scan_pinned() {  # scan_pinned NS IF BSSID...
  scan_until "$@"
  wcli "$1" "$2" abort_scan >/dev/null
  wcli "$1" "$2" set_network 0 bssid any >/dev/null
}

# roam_step NS IF BSSID LABEL OUTCOME REQUESTS : roam (wpa_cli roam), then check
# FreeRADIUS's Access-Request count and roamd's journal line for this step.
# REQUESTS is a number, or "full" for the count of the first full EAP ($FULL).
roam_step() {
  local ns=$1 ifc=$2 bssid=$3 label=$4 outcome=$5 want=$6 from r0 n ms line sta
  from=$(log_lines "$W/wpa_supplicant-$ns.log"); r0=$(radius_requests)
  sta=$(ip netns exec "$ns" cat "/sys/class/net/$ifc/address")
  local j0; j0=$(grep -c " roam " "$W/roamd.log")
  wcli "$ns" "$ifc" roam "$bssid" >/dev/null
  wait_bssid "$ns" "$ifc" "$bssid" 90
  local i; for i in $(seq 50); do (( $(grep -c " roam " "$W/roamd.log") > j0 )) && break; sleep 0.1; done
  sleep 0.3
  ms=$(conn_ms "$ns" "$from"); n=$(( $(radius_requests) - r0 ))
  [[ $want == full ]] && want=$FULL
  (( n == want )) || fail "$label: $n Access-Requests, expected $want"
  line=$(grep " roam .*sta=$sta.*bssid=$bssid" "$W/roamd.log" | tail -1)
  grep -q "outcome=$outcome " <<<"$line " || fail "$label: journal says '$line', expected outcome=$outcome"
  grep -q "radius_round_trips=$n" <<<"$line" || fail "$label: journal RADIUS count differs from FreeRADIUS's ($n): $line"
  log "$label: $outcome, $n Access-Requests, $ms ms"
  echo "RESULT ${label}_ms=$ms ${label}_radius_requests=$n"
}

# FT roams, each checked: an FT exchange (over the air: "SME: Trying to use
# FT over-the-air"; over the DS: an FT Response with status 0), no EAPOL
# after it, and the link carrying pings to PING_TARGET (if set). Prints the
# latency (over the air from "Trying to authenticate", over the DS from the
# FT Request, to CTRL-EVENT-CONNECTED) and leaves it in $ft_ms.
ft_roam() {  # ft_roam NS IF TARGET air|ds LABEL
  local ns=$1 ifc=$2 target=$3 kind=$4 label=$5 from part
  from=$(log_lines "$W/wpa_supplicant-$ns.log")
  if [[ $kind == ds ]]; then wcli "$ns" "$ifc" ft_ds "$target" >/dev/null
  else wcli "$ns" "$ifc" roam "$target" >/dev/null; fi
  wait_bssid "$ns" "$ifc" "$target" 30
  part="$W/roam-$label.log"
  sed -n "$((from + 1)),\$p" "$W/wpa_supplicant-$ns.log" > "$part"
  if [[ $kind == ds ]]; then
    grep -q "FT: Received FT Action Response: .* status 0" "$part" || fail "$label: no FT Response over the DS"
    ft_ms=$(awk '/FT: Request over-the-DS/ && !s {s=$1} /CTRL-EVENT-CONNECTED/ && s {printf "%.1f\n", ($1-s)*1000; exit}' "$part" | tr -d ':')
  else
    grep -q "SME: Trying to use FT over-the-air" "$part" || fail "$label: not FT over the air"
    ft_ms=$(conn_ms "$ns" "$from")
  fi
  grep -q "RX EAPOL" "$part" && fail "$label: an EAPOL exchange ran (no FT)"
  if [[ -n ${PING_TARGET:-} ]]; then
    ip netns exec "$ns" ping -c 2 -W 5 "$PING_TARGET" > "$W/ping-$label.log" 2>&1 \
      || { cat "$W/ping-$label.log"; fail "$label: no ping through the new link"; }
  fi
  log "$label: FT over the $kind to $target in $ft_ms ms"
  echo "RESULT ${label}_ms=$ft_ms"
}

# Two bridges joined by a veth pair, a wired LAN between two APs: br0 for
# wlan0, br1 for wlan1, so key-holder frames really cross a link.
two_bridges() {
  ip link add veth0 type veth peer name veth1 || fail "no veth support in the VM"
  local i; for i in 0 1; do
    ip link add br$i type bridge || fail "no bridge support in the VM"
    ip link set veth$i master br$i; ip link set veth$i up; ip link set br$i up
  done
}

# The key the FT scenarios' key holders share (hostapd's reference ft-roam).
FT_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

# hostapd.conf of FT AP I (0 or 1: wlanI on bridge brI, BSSID
# 02:00:00:00:0I:00, R0KH-ID apI.example.net) whose key-holder peer is the
# other one, as hostapd's reference ft-roam scenario writes it.
ft_hostapd_conf() {  # ft_hostapd_conf FILE I FT-PSK|FT-SAE|FT-EAP|FT-EAP-SHA384 PUSH [EXTRA hostapd.conf LINES...]
  local f=$1 i=$2 akm=$3 push=$4 j=$((1 - $2)) own peer; shift 4
  own=02:00:00:00:0$i:00 peer=02:00:00:00:0$j:00
  cat > "$f" <<CONF
interface=wlan$i
bridge=br$i
driver=nl80211
ssid=roam-ft
hw_mode=g
channel=1
wpa=2
rsn_pairwise=CCMP
mobility_domain=a1b2
nas_identifier=ap$i.example.net
r1_key_holder=${own//:/}
ft_over_ds=1
pmk_r1_push=$push
r0kh=$peer ap$j.example.net $FT_KEY
r1kh=$peer $peer $FT_KEY
CONF
  if [[ $akm == FT-PSK ]]; then
    printf 'wpa_key_mgmt=FT-PSK WPA-PSK\nwpa_passphrase=correct horse battery\n' >> "$f"
  elif [[ $akm == FT-SAE ]]; then
    printf 'wpa_key_mgmt=FT-SAE SAE\nwpa_passphrase=correct horse battery\nieee80211w=2\nsae_require_mfp=1\n' >> "$f"
  else
    printf 'wpa_key_mgmt=%s WPA-EAP\nieee8021x=1\nauth_server_addr=127.0.0.1\nauth_server_port=1812\nauth_server_shared_secret=testing123\nown_ip_addr=127.0.0.1\n' "$akm" >> "$f"
  fi
  local line; for line in "$@"; do echo "$line" >> "$f"; done
}

# roamd's TOML for FT-PSK AP I, the same AP as ft_hostapd_conf describes.
ft_roamd_toml() {  # ft_roamd_toml FILE I PUSH [EXTRA [[radio.bss]] TOML LINES...]
  local f=$1 i=$2 push=$3 j=$((1 - $2)) own peer; shift 3
  own=02:00:00:00:0$i:00 peer=02:00:00:00:0$j:00
  { printf '[[radio]]\ninterface = "wlan%s"\nchannel = 1\n\n[[radio.bss]]\nssid = "roam-ft"\n' "$i"
    printf 'security = "wpa2-psk"\npassphrase = "correct horse battery"\nkey_mgmt = ["ft-psk", "wpa-psk"]\nbridge = "br%s"\n' "$i"
    local line; for line in "$@"; do echo "$line"; done
    printf '\n[radio.bss.ft]\nmobility_domain = "a1b2"\nr0kh_id = "ap%s.example.net"\nr1kh_id = "%s"\npush = %s\n' "$i" "$own" "$push"
    printf 'r0kh = ["%s ap%s.example.net %s"]\nr1kh = ["%s %s %s"]\n' "$peer" "$j" "$FT_KEY" "$peer" "$peer" "$FT_KEY"
  } > "$f"
}

# roamd's TOML for FT-PSK (or FT-SAE, when KEY_MGMT names "ft-sae") on
# wlan0 and wlan1 in one process (R0KH-IDs ap0/ap1.example.net, no
# r0kh/r1kh lines: the BSSes trust each other).
ft_siblings_toml() {  # ft_siblings_toml FILE KEY_MGMT [EXTRA [[radio.bss]] TOML LINES...]
  local f=$1 key_mgmt=$2 i line security=wpa2-psk; shift 2
  [[ $key_mgmt == *ft-sae* ]] && security=wpa3-sae
  : > "$f"
  for i in 0 1; do
    { printf '[[radio]]\ninterface = "wlan%s"\nchannel = 1\n\n[[radio.bss]]\nssid = "roam-ft"\n' "$i"
      printf 'security = "%s"\npassphrase = "correct horse battery"\nkey_mgmt = %s\n' "$security" "$key_mgmt"
      for line in "$@"; do echo "$line"; done
      printf '\n[radio.bss.ft]\nmobility_domain = "a1b2"\nr0kh_id = "ap%s.example.net"\n\n' "$i"
    } >> "$f"
  done
}

# An FT station's wpa_supplicant network, pinned to BSSID (PSK or SAE with
# PMF required, or PEAP for FT-EAP).
ft_sta_conf() {  # ft_sta_conf FILE FT-PSK|FT-SAE|FT-EAP|FT-EAP-SHA384 BSSID [EXTRA network LINES...]
  local f=$1 akm=$2 bssid=$3; shift 3
  { printf 'network={\n ssid="roam-ft"\n key_mgmt=%s\n bssid=%s\n scan_freq=2412\n' "$akm" "$bssid"
    if [[ $akm == FT-PSK ]]; then printf ' psk="correct horse battery"\n'
    elif [[ $akm == FT-SAE ]]; then printf ' sae_password="correct horse battery"\n ieee80211w=2\n'
    else printf ' eap=PEAP\n identity="alice"\n password="wonderland"\n phase2="auth=MSCHAPV2"\n'; fi
    local line; for line in "$@"; do printf ' %s\n' "$line"; done
    printf '}\n'; } > "$f"
}

# The FT round of the two-AP scenarios (APs A and B on two bridges, station
# wlan2 in netns sta1): join FIRST (ft_join), roam over the air to OTHER,
# over the DS back, over the air again (ft_roams), each roam checked by
# ft_roam (RESULT LABEL_air, LABEL_ds, LABEL_air_again).
ft_join() {  # ft_join FT-PSK|FT-SAE|FT-EAP FIRST
  ft_sta_conf "$W/sta.conf" "$1" "$2"
  ip -n sta1 link set wlan2 up
  start_sta sta1 wlan2 "$W/sta.conf"
  wait_bssid sta1 wlan2 "$2" 90
  ip -n sta1 addr flush dev wlan2; ip -n sta1 addr add 169.254.79.2/24 dev wlan2
  scan_pinned sta1 wlan2 02:00:00:00:00:00 02:00:00:00:01:00
}
ft_roams() {  # ft_roams FIRST OTHER LABEL
  ft_roam sta1 wlan2 "$2" air "${3}_air"
  ft_roam sta1 wlan2 "$1" ds "${3}_ds"
  ft_roam sta1 wlan2 "$2" air "${3}_air_again"
}
ft_round() {  # ft_round FT-PSK|FT-EAP FIRST OTHER LABEL
  ft_join "$1" "$2"
  ft_roams "$2" "$3" "$4"
}
ft_round_end() { wcli sta1 wlan2 terminate >/dev/null; sleep 0.5; }

# --- WPA3-Personal (SAE) ------------------------------------------------------
# The SAE scenarios run against roamd (AP=roamd, the default) or, with the
# same checks, against hostapd (AP=hostapd from the environment: run.sh
# passes it into the VM): hostapd proves that a scenario's station configs
# and checks are right, roamd is then held to them.
AP=${AP:-roamd}
[[ $AP == roamd || $AP == hostapd ]] || fail "AP=$AP: must be roamd or hostapd"
SAE_PASS="correct horse battery"

# A WPA3 station. wpa_supplicant 2.10 reads sae_pwe and sae_groups only as
# global settings, so those EXTRA lines go above the network block, the rest
# into it (a later line overrides an earlier one: key_mgmt, ieee80211w).
sae_sta_conf() {  # sae_sta_conf FILE SSID PASSWORD [EXTRA LINES...]
  local f=$1 ssid=$2 pass=$3 line; shift 3
  { for line in "$@"; do [[ $line == sae_pwe=* || $line == sae_groups=* ]] && echo "$line"; done
    printf 'network={\n  ssid="%s"\n  key_mgmt=SAE\n  sae_password="%s"\n  ieee80211w=2\n  scan_freq=2412 2437\n' "$ssid" "$pass"
    for line in "$@"; do [[ $line == sae_pwe=* || $line == sae_groups=* ]] || printf '  %s\n' "$line"; done
    printf '}\n'; } > "$f"
}

# roamd's TOML for one SAE radio, appended to FILE (one [[radio]] per call).
# EXTRA lines follow the [[radio.bss]] keys verbatim: BSS keys first, then
# tables such as [radio.bss.sae]; a "security = ..." line replaces wpa3-sae.
sae_ap_toml() {  # sae_ap_toml FILE IF SSID PASSWORD [EXTRA TOML LINES...]
  local f=$1 ifc=$2 ssid=$3 pass=$4 line security='security = "wpa3-sae"'; shift 4
  for line in "$@"; do [[ $line == security* ]] && security=$line; done
  { printf '[[radio]]\ninterface = "%s"\nchannel = 1\nhw_mode = "g"\n\n[[radio.bss]]\nssid = "%s"\n%s\npassphrase = "%s"\n' \
      "$ifc" "$ssid" "$security" "$pass"
    for line in "$@"; do [[ $line == security* ]] || echo "$line"; done
    echo; } >> "$f"
}

# hostapd.conf of the same AP: SAE only, PMF required; EXTRA lines override
# (hostapd keeps the last value of a key; sae_password lines add up).
sae_hostapd_conf() {  # sae_hostapd_conf FILE IF SSID PASSWORD [EXTRA hostapd.conf LINES...]
  local f=$1 ifc=$2 ssid=$3 pass=$4 line; shift 4
  printf 'interface=%s\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=%s\nhw_mode=g\nchannel=1\nwpa=2\nwpa_key_mgmt=SAE\nrsn_pairwise=CCMP\nieee80211w=2\nsae_require_mfp=1\nwpa_passphrase=%s\n' \
    "$ifc" "$ssid" "$pass" > "$f"
  for line in "$@"; do echo "$line"; done >> "$f"
}

# sae_ap NAME IF SSID [OPTION...] : one SAE BSS on IF for the AP process
# NAME, written for both daemons ($W/NAME.toml gains a radio, $W/NAME-IF.conf
# is hostapd's), password $SAE_PASS. OPTIONs, each said once for both:
#   transition          WPA-PSK + SAE, PMF optional (roamd "wpa2-wpa3")
#   pwe=0|1|2           hunting-and-pecking | hash-to-element | both
#   groups="19 20"      the groups the AP accepts
#   anti_clogging=N     open SAE sessions before tokens are required
#   password=PW[|id=ID] an SAE password (roamd's sae.passwords, hostapd's sae_password)
sae_ap() {
  local name=$1 ifc=$2 ssid=$3 opt toml=() conf=() sae=() pw id pwe_names=(hunting-and-pecking hash-to-element both) passwords=(); shift 3
  for opt in "$@"; do
    case $opt in
      transition) toml+=('security = "wpa2-wpa3"'); conf+=("wpa_key_mgmt=WPA-PSK SAE" "ieee80211w=1") ;;
      pwe=[012]) sae+=("pwe = \"${pwe_names[${opt#pwe=}]}\""); conf+=("sae_$opt") ;;
      groups=*) sae+=("groups = [$(sed 's/ /, /g' <<<"${opt#groups=}")]"); conf+=("sae_groups=${opt#groups=}") ;;
      anti_clogging=*) sae+=("anti_clogging_threshold = ${opt#*=}"); conf+=("sae_anti_clogging_threshold=${opt#*=}") ;;
      password=*)
        pw=${opt#password=}; id=""; [[ $pw == *"|id="* ]] && { id=${pw#*|id=}; pw=${pw%%|id=*}; }
        passwords+=("{ password = \"$pw\"${id:+, id = \"$id\"} }"); conf+=("sae_$opt") ;;
      *) fail "sae_ap: unknown option $opt" ;;
    esac
  done
  ((${#passwords[@]})) && sae+=("passwords = [$(printf '%s, ' "${passwords[@]}" | sed 's/, $//')]")
  ((${#sae[@]})) && sae=('[radio.bss.sae]' "${sae[@]}")
  sae_ap_toml "$W/$name.toml" "$ifc" "$ssid" "$SAE_PASS" "${toml[@]}" "${sae[@]}"
  sae_hostapd_conf "$W/$name-$ifc.conf" "$ifc" "$ssid" "$SAE_PASS" "${conf[@]}"
}

# start_ap NAME : the daemon $AP with every BSS sae_ap wrote for NAME, one
# process, log $W/NAME.log, pid $W/NAME.pid.
start_ap() {
  if [[ $AP == roamd ]]; then start_roamd "$W/$1.toml" "$(grep -c '^\[\[radio\]\]' "$W/$1.toml")" "$1"
  else start_hostapd "$1" "$W/$1"-*.conf; fi
}
stop_ap() {  # stop_ap NAME : SIGTERM and a clean exit (roamd logs its counters then)
  if [[ $AP == roamd ]]; then stop_roamd "$1"; return; fi
  local pid; pid=$(cat "$W/$1.pid"); kill -TERM "$pid"
  local i; for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$W/$1.pid"; return 0; }; sleep 0.1; done
  fail "hostapd $1 did not exit within 10 s of SIGTERM"
}
sta_mac() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }  # sta_mac NS IF

# A fresh SAE join of a connected (or disconnected) station: disconnect,
# forget its PMKSAs (else the join would use one instead of SAE), run the
# wpa_cli commands (SET sae_pwe 1, SET_NETWORK 0 ..., each must answer OK),
# reassociate, wait for COMPLETED. The station's log of the join goes to
# $W/join-LABEL.log, its connect time (conn_ms) to $join_ms.
sae_rejoin() {  # sae_rejoin NS IF LABEL [wpa_cli COMMAND...]
  local ns=$1 ifc=$2 label=$3 from cmd; shift 3
  wcli "$ns" "$ifc" disconnect >/dev/null; wcli "$ns" "$ifc" pmksa_flush >/dev/null
  for cmd in "$@"; do eval "wcli $ns $ifc $cmd" | grep -q OK || fail "$label: wpa_cli $cmd"; done
  from=$(log_lines "$W/wpa_supplicant-$ns.log")
  wcli "$ns" "$ifc" reassociate >/dev/null
  wait_state "$ns" "$ifc" COMPLETED 60
  sed -n "$((from + 1)),\$p" "$W/wpa_supplicant-$ns.log" > "$W/join-$label.log"
  grep -q "SAE: own commit-scalar" "$W/join-$label.log" || fail "$label: no SAE exchange"
  join_ms=$(conn_ms "$ns" "$from")
}

# The hostapd.conf of a WPA2-PSK AP on wlan0 with its control sockets in
# /run/hostapd (the hostapd reference scenario's); EXTRA lines follow it.
psk_hostapd_conf() {  # psk_hostapd_conf FILE SSID [EXTRA LINES...]
  local f=$1 ssid=$2 line; shift 2
  printf 'interface=wlan0\ndriver=nl80211\nctrl_interface=/run/hostapd\nssid=%s\nhw_mode=g\nchannel=1\nwpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=correct horse battery\n' "$ssid" > "$f"
  for line in "$@"; do echo "$line"; done >> "$f"
}
