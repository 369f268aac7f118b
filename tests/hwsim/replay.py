#!/usr/bin/env python3
"""Captures a station's FT frames from the air and plays them again.

  replay.py capture IFACE --sta MAC --dir DIR --seconds N
      Listens on a monitor-mode interface for N seconds and keeps, per
      BSSID, the first FT Authentication Request (algorithm 2, transaction 1)
      and the first Reassociation Request the station sent (not a
      retransmission): DIR/<bssid>-ft-auth
      and DIR/<bssid>-reassoc (the 802.11 frame, radiotap header removed).
      Prints one line per frame kept.
  replay.py send IFACE FILE
      Sends the frame in FILE through the monitor interface as it was
      recorded (same addresses, sequence number and MIC), with the Retry bit
      clear so that it is not taken for a retransmission.
"""
import argparse
import os
import socket
import struct
import sys
import time

# Radiotap for transmission: version 0, length 10, TX flags NOACK.
RADIOTAP_TX = struct.pack("<BBHIH", 0, 0, 10, 1 << 15, 0x0008)
ETH_P_ALL = 0x0003
AUTH, REASSOC_REQ = 11, 2


def mac_text(b):
    return ":".join(f"{x:02x}" for x in b)


def capture(args):
    want = bytes(int(p, 16) for p in args.sta.split(":"))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((args.iface, 0))
    sock.settimeout(0.2)
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        if len(data) < 4:
            continue
        rt_len = struct.unpack_from("<H", data, 2)[0]
        frame = data[rt_len:]
        if len(frame) < 24 or frame[0] & 0x0C != 0:  # management frames only
            continue
        subtype = frame[0] >> 4
        if frame[10:16] != want:
            continue
        bssid = mac_text(frame[16:22])
        if subtype == AUTH and len(frame) >= 30 and struct.unpack_from("<HH", frame, 24) == (2, 1):
            kind = "ft-auth"
        elif subtype == REASSOC_REQ:
            kind = "reassoc"
        else:
            continue
        path = os.path.join(args.dir, f"{bssid}-{kind}")
        if os.path.exists(path):
            continue
        with open(path, "wb") as f:
            f.write(frame)
        print(f"captured {kind} to {bssid} ({len(frame)} octets)", flush=True)


def send(args):
    with open(args.file, "rb") as f:
        frame = bytearray(f.read())
    frame[1] &= ~0x08  # Retry
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    sock.bind((args.iface, 0))
    sock.send(RADIOTAP_TX + bytes(frame))
    print(f"sent {os.path.basename(args.file)} ({len(frame)} octets)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("iface")
    c.add_argument("--sta", required=True)
    c.add_argument("--dir", required=True)
    c.add_argument("--seconds", type=float, required=True)
    s = sub.add_parser("send")
    s.add_argument("iface")
    s.add_argument("file")
    args = ap.parse_args()
    capture(args) if args.cmd == "capture" else send(args)


if __name__ == "__main__":
    sys.exit(main())
