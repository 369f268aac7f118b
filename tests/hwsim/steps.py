#!/usr/bin/env python3
"""AP-side time per step of a join or a roam, from an AP's own log.

  steps.py hostapd LOG   hostapd -t -d: from the received frame ("nl80211: RX
                         frame", "BSS Event 129 (NL80211_CMD_CONTROL_PORT_FRAME)")
                         to its answer handed to the kernel ("send_mlme - da=",
                         "tx_control_port")
  steps.py roamd LOG     roamd's own "frame path" summary lines (logged at shutdown)

Prints one line per step: NAME MEDIAN_US COUNT, for auth, sae-commit and
sae-confirm (roamd only: hostapd's auth line mixes them), assoc, reassoc and
eapol-key-answered (message 2 answered with message 3).
"""
import re
import statistics
import sys

ANSWERS = {"11": ("auth", "0xb0"), "0": ("assoc", "0x10"), "2": ("reassoc", "0x30")}


def hostapd(path):
    steps = {}
    waiting = None  # (step, expected fc, t0) of a frame not yet answered
    eapol_t0 = None
    eapol_key_t0 = None
    for line in open(path, errors="replace"):
        m = re.match(r"^(\d+\.\d+): (.*)$", line)
        if not m:
            continue
        t, text = float(m.group(1)), m.group(2)
        rx = re.search(r"nl80211: RX frame .* stype=(\d+) ", text)
        if rx:
            waiting = ANSWERS.get(rx.group(1))
            waiting = waiting and (waiting[0], waiting[1], t)
            continue
        if waiting and text.startswith("nl80211: send_mlme - da=") and f"fc={waiting[1]} " in text:
            steps.setdefault(waiting[0], []).append((t - waiting[2]) * 1e6)
            waiting = None
            continue
        if "(NL80211_CMD_CONTROL_PORT_FRAME) received" in text:
            eapol_t0, eapol_key_t0 = t, None
            continue
        if eapol_t0 is not None and re.search(r"IEEE 802\.1X: version=\d+ type=3 ", text):
            eapol_key_t0 = eapol_t0
            continue
        if eapol_key_t0 is not None and text.startswith("nl80211: tx_control_port"):
            steps.setdefault("eapol-key-answered", []).append((t - eapol_key_t0) * 1e6)
            eapol_t0 = eapol_key_t0 = None
    return {k: (statistics.median(v), len(v)) for k, v in steps.items()}


def roamd(path):
    steps = {}
    for line in open(path, errors="replace"):
        if "frame path" not in line:
            continue
        fields = dict(re.findall(r"(\w+)=([\w.-]+)", line))
        if "step" in fields:
            steps[fields["step"]] = (float(fields["median_us"]), int(fields["count"]))
    return steps


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    found = hostapd(path) if kind == "hostapd" else roamd(path)
    for step in ("auth", "sae-commit", "sae-confirm", "assoc", "reassoc", "eapol-key-answered"):
        if step in found:
            median, count = found[step]
            print(f"{step} {median:.0f} {count}")
