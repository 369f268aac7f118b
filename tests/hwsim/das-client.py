#!/usr/bin/env python3
"""A local RFC 5176 DAS client (what radclient does): sends one
Disconnect-Request (or CoA-Request) to 127.0.0.1:PORT, signed with SECRET
(Request Authenticator as RFC 5176 3.5, Message-Authenticator), with an
Event-Timestamp OFFSET seconds from now, and prints the reply:
"Disconnect-ACK", "Disconnect-NAK 503", ... or "no-reply" after 3 s.

  das-client.py PORT SECRET [coa] [ts=OFFSET] [user=NAME] [sta=MAC] [nas=ID] [session=ACCT-SESSION-ID]
"""
import hashlib, hmac, socket, struct, sys, time

port, secret, args = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3:]
code, offset, attrs = 40, 0, b""
def attr(t, v): return bytes([t, len(v) + 2]) + v
for a in args:
    k, _, v = a.partition("=")
    if k == "coa": code = 43
    elif k == "ts": offset = int(v)
    elif k == "user": attrs += attr(1, v.encode())
    elif k == "sta": attrs += attr(31, v.replace(":", "-").upper().encode())
    elif k == "nas": attrs += attr(32, v.encode())
    elif k == "session": attrs += attr(44, v.encode())
attrs += attr(55, struct.pack("!I", int(time.time()) + offset))
attrs += attr(80, bytes(16))
pkt = bytearray(struct.pack("!BBH", code, 42, 20 + len(attrs)) + bytes(16) + attrs)
mac_at = len(pkt) - 16
pkt[mac_at:] = hmac.new(secret, bytes(pkt), hashlib.md5).digest()  # over a zero authenticator
pkt[4:20] = hashlib.md5(bytes(pkt) + secret).digest()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.sendto(bytes(pkt), ("127.0.0.1", port))
try:
    reply = s.recv(4096)
except socket.timeout:
    print("no-reply"); sys.exit(0)
names = {41: "Disconnect-ACK", 42: "Disconnect-NAK", 44: "CoA-ACK", 45: "CoA-NAK"}
# The reply's Response Authenticator: MD5 over it with our authenticator, then the secret.
check = hashlib.md5(reply[:4] + bytes(pkt[4:20]) + reply[20:] + secret).digest()
out, i = [names.get(reply[0], f"code-{reply[0]}")], 20
while i + 2 <= len(reply):
    t, l = reply[i], reply[i + 1]
    if l < 2: break
    if t == 101: out.append(str(struct.unpack("!I", reply[i + 2:i + 6])[0]))
    i += l
if check != reply[4:20]: out.append("bad-authenticator")
print(" ".join(out))
