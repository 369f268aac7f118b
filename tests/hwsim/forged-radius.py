#!/usr/bin/env python3
"""A RADIUS relay that races the real server with forged replies.

It listens on 127.0.0.1:1815 and relays requests to FreeRADIUS on
127.0.0.1:1812. Before relaying each genuine reply it sends a forgery: the
same packet re-signed with a wrong shared secret (right Identifier, wrong
Response Authenticator and Message-Authenticator). A RADIUS client that
checks replies before matching them drops the forgery and still completes
with the genuine reply that follows. Prints counts when it gets SIGTERM.
"""
import hashlib, hmac, signal, socket, sys

LISTEN, SERVER, WRONG = ("127.0.0.1", 1815), ("127.0.0.1", 1812), b"not-the-secret"
counts = {"requests": 0, "forged": 0, "genuine": 0}

def resign(reply, request_auth, secret):
    attrs, i, out = reply[20:], 0, bytearray(reply)
    while i + 2 <= len(attrs):
        t, l = attrs[i], attrs[i + 1]
        if l < 2:
            break
        if t == 80 and l == 18:  # Message-Authenticator
            at = 20 + i + 2
            out[at:at + 16] = bytes(16)
            out[4:20] = request_auth
            out[at:at + 16] = hmac.new(secret, bytes(out), hashlib.md5).digest()
        i += l
    out[4:20] = request_auth
    out[4:20] = hashlib.md5(bytes(out) + secret).digest()
    return bytes(out)

def stop(*_):
    print(" ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); front.bind(LISTEN)
back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); back.settimeout(5)
print("ready", flush=True)
while True:
    request, client = front.recvfrom(4096)
    counts["requests"] += 1
    back.sendto(request, SERVER)
    try:
        reply, _ = back.recvfrom(4096)
    except socket.timeout:
        continue
    front.sendto(resign(reply, request[4:20], WRONG), client); counts["forged"] += 1
    front.sendto(reply, client); counts["genuine"] += 1
