#!/usr/bin/env python3
# An independent big-integer transcription of hostapd src/common/sae.c (hunting-and-pecking
# PWE, H2E PT and PWE from PT) that prints the values pinned in ../vectors.rs
# (transcribed_hostapd_vectors_groups_19_to_21). Plain Python 3, no packages; slow on purpose
# (affine arithmetic), run by hand: python3 hostapd_sae.py
import hmac, hashlib, sys
C = {
 19: dict(p=2**256-2**224+2**192+2**96-1, b=0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
          n=0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551, z=-10, h=hashlib.sha256),
 20: dict(p=2**384-2**128-2**96+2**32-1, b=0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef,
          n=0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973, z=-12, h=hashlib.sha384),
 21: dict(p=2**521-1, b=0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00,
          n=0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409, z=-4, h=hashlib.sha512),
}
def plen(g): return (C[g]['p'].bit_length()+7)//8
def ysq(g,x): p=C[g]['p']; return (x*x*x - 3*x + C[g]['b']) % p
def sqrt(g,v): p=C[g]['p']; r=pow(v,(p+1)//4,p); return r if r*r%p==v%p else None
def add(g,P,Q):
    p=C[g]['p']
    if P is None: return Q
    if Q is None: return P
    if P[0]==Q[0] and (P[1]+Q[1])%p==0: return None
    if P==Q: l=(3*P[0]*P[0]-3)*pow(2*P[1],-1,p)%p
    else: l=(Q[1]-P[1])*pow(Q[0]-P[0],-1,p)%p
    x=(l*l-P[0]-Q[0])%p; return (x,(l*(P[0]-x)-P[1])%p)
def mul(g,k,P):
    R=None
    while k:
        if k&1: R=add(g,R,P)
        P=add(g,P,P); k>>=1
    return R
def enc(g,P): L=plen(g); return P[0].to_bytes(L,'big')+P[1].to_bytes(L,'big')
def maxmin(a,b): return a+b if a>b else b+a
def kdf_bits(key,label,data,bits):
    out=b''; i=1
    while len(out)*8<bits:
        out+=hmac.new(key,i.to_bytes(2,'little')+label+data+bits.to_bytes(2,'little'),hashlib.sha256).digest(); i+=1
    out=bytearray(out[:(bits+7)//8])
    if bits%8: out[-1]&=(0xff<<(8-bits%8))&0xff
    return bytes(out)
def hnp(g,pw,a1,a2):
    p=C[g]['p']; L=plen(g); bits=p.bit_length(); key=maxmin(a1,a2); found=None
    for c in range(1,201):
        seed=hmac.new(key,pw+bytes([c]),hashlib.sha256).digest()
        v=int.from_bytes(kdf_bits(seed,b"SAE Hunting and Pecking",p.to_bytes(L,'big'),bits),'big')
        if bits%8: v >>= (8-bits%8)
        if found is None and v<p and sqrt(g,ysq(g,v)) is not None: found=(v,seed[-1]&1)
        if c>=40 and found: break
    x,odd=found; y=sqrt(g,ysq(g,x))
    if (y&1)!=odd: y=p-y
    return (x,y)
def hkdf_expand(h,prk,info,n):
    out=b''; t=b''; i=1
    while len(out)<n:
        t=hmac.new(prk,t+info+bytes([i]),h).digest(); out+=t; i+=1
    return out[:n]
def sswu(g,u):
    p=C[g]['p']; A=p-3; B=C[g]['b']; Z=C[g]['z']%p
    inv0=lambda v: pow(v,p-2,p)
    tv1=inv0((Z*Z*pow(u,4,p)+Z*u*u)%p)
    x1=(-B*inv0(A)*(1+tv1))%p if tv1 else B*inv0(Z*A)%p
    gx1=(x1**3+A*x1+B)%p
    if sqrt(g,gx1) is not None: x=x1; y=sqrt(g,gx1)
    else:
        x=Z*u*u*x1%p; y=sqrt(g,(x**3+A*x+B)%p)
    if (u&1)!=(y&1): y=p-y
    return (x,y)
def pt(g,ssid,pw,pid):
    h=C[g]['h']; L=plen(g); seed=hmac.new(ssid,pw+(pid or b''),h).digest(); n=L+(L+1)//2
    P=None
    for lab in (b"SAE Hash to Element u1 P1",b"SAE Hash to Element u2 P2"):
        u=int.from_bytes(hkdf_expand(h,seed,lab,n),'big')%C[g]['p']; P=add(g,P,sswu(g,u))
    return P
def pwe_pt(g,P,a1,a2):
    h=C[g]['h']; hl=h().digest_size; n=C[g]['n']
    val=int.from_bytes(hmac.new(bytes(hl),maxmin(a1,a2),h).digest(),'big')%(n-1)+1
    return mul(g,val,P)
A1=bytes.fromhex("4d3f2fffe387"); A2=bytes.fromhex("a5d8aa958e3c")
B1=bytes.fromhex("00095b66ec1e"); B2=bytes.fromhex("000b6bd90246")
pw=b"mekmitasdigoat"
for g in (19,20,21):
    print(g,"hnp",enc(g,hnp(g,pw,A1,A2)).hex())
    P=pt(g,b"byteme",pw,b"psk4internet")
    print(g,"pt",enc(g,P).hex())
    print(g,"pwe",enc(g,pwe_pt(g,P,B1,B2)).hex())
