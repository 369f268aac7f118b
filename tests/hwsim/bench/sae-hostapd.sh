#!/bin/bash
# hostapd's SAE reference figures, the yardstick for roamd's SAE: not a
# test, a benchmark (named explicitly to run; repeated runs and medians by
# tests/hwsim/bench.sh, e.g. `HOSTAPD_DEBUG=0 AP=hostapd tests/hwsim/bench.sh 5
# sae-hostapd sae-pmksa` for the PMKSA roam-back time too).
# One hostapd BSS on wlan0 (pwe both, groups 19 and 20), one station:
#  1. hostapd without its debug dump: SAE_BENCH_JOINS (default 3) fresh SAE
#     joins (sae_rejoin: PMKSA cache flushed) each of group 19
#     hunting-and-pecking, group 19 hash-to-element, group 20
#     hunting-and-pecking and hash-to-element; RESULT the median connect
#     time (conn_ms) of each.
#  2. the same joins against hostapd -dd -t: its SAE cost per exchange from
#     its own timestamps, the time from logging a received Commit
#     ("authentication: ... auth_alg=3 auth_transaction=1") to logging its
#     reply ("authentication reply: ... auth_transaction=1": for a first
#     Commit from a station that covers deriving the password element, its
#     own Commit and the shared secret), and the same for the Confirm
#     (transaction 2); RESULT the medians per group and PWE method.
#
# Reference (hostapd 2.10, qemu TCG on the 2-core build machine, host load
# average 1.9-3.5 during the runs: other builds; 2026-11-30,
# `HOSTAPD_DEBUG=0 AP=hostapd bench.sh 5 sae-hostapd sae-pmksa`), medians
# of 5 runs (min-max), ms:
#   connect   group 19 H&P 175 (101-338), H2E 112 (78-178);
#             group 20 H&P 293 (158-503), H2E 247 (198-294)
#   Commit    group 19 H&P 64 (60-113), H2E 13 (12-27);
#             group 20 H&P 115 (92-216), H2E 68 (26-110)
#             (receipt to reply in hostapd -dd -t; H2E's PT is derived at start-up)
#   Confirm   0.7-1.6 in every case
#   sae-pmksa first join 690 (329-775), SAE roam to B 312 (213-433),
#             roam back by PMKSA caching 194 (111-230)
# radios=3
# timeout=900
. "$(dirname "$0")/../lib.sh"
JOINS=${SAE_BENCH_JOINS:-3}
AP=hostapd
sta_netns phy2 sta1
sae_ap hostapd wlan0 roam-sae pwe=2 groups="19 20"
sae_sta_conf "$W/sta.conf" roam-sae "$SAE_PASS"
median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print -1; else if (NR % 2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }

# sae_cost LOG TRANSACTION : the ms from each received SAE frame of
# TRANSACTION to hostapd's reply to that station, one line each (hostapd
# logs a Commit twice, on receipt and "(from queue)" when it takes it up:
# the receipt counts).
sae_cost() {
  awk -v t="auth_transaction=$2" '
    /authentication: STA=.* auth_alg=3 / && index($0, t " ") { split($0, a, "STA="); sta = substr(a[2], 1, 17); if (!(sta in rx)) rx[sta] = $1 + 0 }
    /authentication reply: STA=.* auth_alg=3 / && index($0, t " ") { split($0, a, "STA="); sta = substr(a[2], 1, 17)
      if (sta in rx) { printf "%.2f\n", ($1 - rx[sta]) * 1000; delete rx[sta] } }' "$1"
}

cases=("hnp_g19:0:19" "h2e_g19:1:19" "hnp_g20:0:20" "h2e_g20:1:20")
for debug in 0 1; do
  name=hostapd-debug-$debug
  HOSTAPD_DEBUG=$debug start_hostapd "$name" "$W/hostapd-wlan0.conf"
  start_sta sta1 wlan2 "$W/sta.conf"
  wait_state sta1 wlan2 COMPLETED 60
  for c in "${cases[@]}"; do
    IFS=: read -r label pwe group <<<"$c"
    times=()
    first=$(log_lines "$W/$name.log")
    for j in $(seq "$JOINS"); do
      sae_rejoin sta1 wlan2 "$label-$debug-$j" "set sae_pwe $pwe" "set sae_groups $group"
      grep -q "SAE: Selecting supported ECC group $group" "$W/join-$label-$debug-$j.log" || fail "$label: not group $group"
      times+=("$join_ms")
    done
    if ((debug == 0)); then
      ms=$(printf '%s\n' "${times[@]}" | median)
      log "$label: SAE connect times ${times[*]} ms, median $ms"
      echo "RESULT sae_hostapd_${label}_connect_ms=$ms"
    else
      sed -n "$((first + 1)),\$p" "$W/$name.log" > "$W/$label-debug.log"
      commit=$(sae_cost "$W/$label-debug.log" 1 | median) confirm=$(sae_cost "$W/$label-debug.log" 2 | median)
      log "$label: hostapd's Commit $commit ms, Confirm $confirm ms (medians of $JOINS)"
      echo "RESULT sae_hostapd_${label}_commit_cost_ms=$commit sae_hostapd_${label}_confirm_cost_ms=$confirm"
    fi
  done
  wcli sta1 wlan2 terminate >/dev/null; sleep 0.5
  kill "$(cat "$W/$name.pid")"; sleep 0.5
done
