#!/usr/bin/env python3
"""Independent checker of urne's test vectors, written from docs/protocol.md alone.

Usage: python3 scripts/check_vectors.py [--pure] [vector-dir]

Re-implements, from the specification only, the transcripts (§3), ElGamal (§4),
the proofs (§5), the ballot (§6), credentials (§7), the key ceremony (§8) and
the tally (§9), and checks every file of crates/urne-crypto/test-vectors/
(transcript, credential, proofs, ballot, election, ceremony-complaint).

Group arithmetic: ristretto255 from libsodium (through PyNaCl's bindings when
they expose it, else through ctypes on the system libsodium), or a pure-Python
implementation of RFC 9496 (used when no libsodium with ristretto255 is found,
or with --pure).  Scalars are Python ints modulo l.

Prints one line per check and ends with "N passed, M failed"; exit code 0 iff M = 0.
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import sys

# ---------------------------------------------------------------------------
# §1 notation
# ---------------------------------------------------------------------------

L = 2**252 + 27742317777372353535851937790883648493  # group order l
IDENTITY = bytes(32)
G_ENC = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")  # RFC 9496


def u64le(n):
    return n.to_bytes(8, "little")


def u32le(n):
    return n.to_bytes(4, "little")


def enc_scalar(s):
    return (s % L).to_bytes(32, "little")


class Invalid(Exception):
    """A decoding or verification failure."""


# ---------------------------------------------------------------------------
# ristretto255 backends; points are always handled as canonical 32-byte encodings
# ---------------------------------------------------------------------------


class PurePython:
    """RFC 9496 ristretto255 over edwards25519 in extended coordinates."""

    name = "pure Python (RFC 9496)"
    p = 2**255 - 19
    D = 37095705934669439343138083508754565189542113879843219016388785533085940283555
    SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752
    INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578

    def __init__(self):
        self.D2 = 2 * self.D % self.p
        self._base = self._decode(G_ENC)
        # 4-bit fixed-window table for G
        self._gtab = self._table(self._base)

    # field helpers
    def _neg(self, x):
        return x & 1  # is_negative, x already reduced

    def _abs(self, x):
        return (-x) % self.p if x & 1 else x

    def _sqrt_ratio_m1(self, u, v):
        p = self.p
        v3 = v * v % p * v % p
        v7 = v3 * v3 % p * v % p
        r = u * v3 % p * pow(u * v7 % p, (p - 5) // 8, p) % p
        check = v * r % p * r % p
        correct = check == u % p
        flipped = check == (-u) % p
        flipped_i = check == (-u) * self.SQRT_M1 % p
        if flipped or flipped_i:
            r = r * self.SQRT_M1 % p
        return correct or flipped, self._abs(r)

    def _decode(self, b):
        p = self.p
        if len(b) != 32:
            return None
        s = int.from_bytes(b, "little")
        if s >= p or s & 1:
            return None
        ss = s * s % p
        u1 = (1 - ss) % p
        u2 = (1 + ss) % p
        u2sq = u2 * u2 % p
        v = (-(self.D * u1 % p * u1) - u2sq) % p
        was_square, invsqrt = self._sqrt_ratio_m1(1, v * u2sq % p)
        den_x = invsqrt * u2 % p
        den_y = invsqrt * den_x % p * v % p
        x = self._abs(2 * s * den_x % p)
        y = u1 * den_y % p
        t = x * y % p
        if not was_square or t & 1 or y == 0:
            return None
        return (x, y, 1, t)

    def _encode(self, P):
        p = self.p
        x0, y0, z0, t0 = P
        u1 = (z0 + y0) * (z0 - y0) % p
        u2 = x0 * y0 % p
        _, invsqrt = self._sqrt_ratio_m1(1, u1 * u2 % p * u2 % p)
        den1 = invsqrt * u1 % p
        den2 = invsqrt * u2 % p
        z_inv = den1 * den2 % p * t0 % p
        ix0 = x0 * self.SQRT_M1 % p
        iy0 = y0 * self.SQRT_M1 % p
        enchanted = den1 * self.INVSQRT_A_MINUS_D % p
        rotate = (t0 * z_inv % p) & 1
        if rotate:
            x, y, den_inv = iy0, ix0, enchanted
        else:
            x, y, den_inv = x0, y0, den2
        if (x * z_inv % p) & 1:
            y = (-y) % p
        s = self._abs(den_inv * ((z0 - y) % p) % p)
        return s.to_bytes(32, "little")

    def _add(self, P, Q):
        p = self.p
        X1, Y1, Z1, T1 = P
        X2, Y2, Z2, T2 = Q
        A = (Y1 - X1) * (Y2 - X2) % p
        B = (Y1 + X1) * (Y2 + X2) % p
        C = T1 * self.D2 % p * T2 % p
        Dd = 2 * Z1 * Z2 % p
        E, F, Gg, H = B - A, Dd - C, Dd + C, B + A
        return (E * F % p, Gg * H % p, F * Gg % p, E * H % p)

    def _dbl(self, P):
        p = self.p
        X1, Y1, Z1, _ = P
        A = X1 * X1 % p
        B = Y1 * Y1 % p
        C = 2 * Z1 * Z1 % p
        H = A + B
        E = (H - (X1 + Y1) * (X1 + Y1)) % p
        Gg = A - B
        F = C + Gg
        return (E * F % p, Gg * H % p, F * Gg % p, E * H % p)

    def _table(self, P):
        tab = [(0, 1, 1, 0), P]
        for _ in range(14):
            tab.append(self._add(tab[-1], P))
        return tab

    def _mul(self, s, tab):
        R = (0, 1, 1, 0)
        for i in range(63, -1, -1):
            R = self._dbl(self._dbl(self._dbl(self._dbl(R))))
            nib = (s >> (4 * i)) & 15
            if nib:
                R = self._add(R, tab[nib])
        return R

    # public interface, on encodings
    def is_valid(self, b):
        return self._decode(b) is not None

    def add(self, a, b):
        return self._encode(self._add(self._decode(a), self._decode(b)))

    def sub(self, a, b):
        x, y, z, t = self._decode(b)
        return self._encode(self._add(self._decode(a), ((-x) % self.p, y, z, (-t) % self.p)))

    def mul(self, s, a):
        s %= L
        if s == 0 or a == IDENTITY:
            return IDENTITY
        return self._encode(self._mul(s, self._table(self._decode(a))))

    def base(self, s):
        s %= L
        if s == 0:
            return IDENTITY
        return self._encode(self._mul(s, self._gtab))


class Sodium:
    """libsodium's ristretto255, which refuses a zero scalar and identity results."""

    def __init__(self):
        self.name = None
        try:
            import nacl.bindings as nb  # noqa: F401

            if all(
                hasattr(nb, f)
                for f in (
                    "crypto_core_ristretto255_add",
                    "crypto_core_ristretto255_sub",
                    "crypto_core_ristretto255_is_valid_point",
                    "crypto_scalarmult_ristretto255",
                    "crypto_scalarmult_ristretto255_base",
                )
            ):
                self.nb = nb
                self.name = "PyNaCl nacl.bindings"
                return
        except ImportError:
            pass
        self.nb = None
        path = ctypes.util.find_library("sodium")
        if path is None:
            raise OSError("no libsodium")
        lib = ctypes.CDLL(path)
        if lib.sodium_init() < 0:
            raise OSError("sodium_init failed")
        for f in (
            "crypto_core_ristretto255_add",
            "crypto_core_ristretto255_sub",
            "crypto_core_ristretto255_is_valid_point",
            "crypto_scalarmult_ristretto255",
            "crypto_scalarmult_ristretto255_base",
        ):
            getattr(lib, f)  # AttributeError if this libsodium lacks ristretto255
        self.lib = lib
        self.name = "libsodium via ctypes (%s)" % path

    def is_valid(self, b):
        # libsodium 1.0.18 ignores the top bit of the encoding; RFC 9496 (and §2.1) reject it
        if len(b) != 32 or b[31] & 0x80:
            return False
        if b == IDENTITY:
            return True
        if self.nb:
            return bool(self.nb.crypto_core_ristretto255_is_valid_point(b))
        return self.lib.crypto_core_ristretto255_is_valid_point(b) == 1

    def add(self, a, b):
        if a == IDENTITY:
            return b
        if b == IDENTITY:
            return a
        if self.nb:
            return self.nb.crypto_core_ristretto255_add(a, b)
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_core_ristretto255_add(out, a, b) != 0:
            raise Invalid("point addition failed")
        return out.raw

    def sub(self, a, b):
        if b == IDENTITY:
            return a
        if a == b:
            return IDENTITY
        if self.nb:
            return self.nb.crypto_core_ristretto255_sub(a, b)
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_core_ristretto255_sub(out, a, b) != 0:
            raise Invalid("point subtraction failed")
        return out.raw

    def mul(self, s, a):
        s %= L
        if s == 0 or a == IDENTITY:
            return IDENTITY
        # prime-order group: a non-identity point times a non-zero scalar is never the identity
        if self.nb:
            return self.nb.crypto_scalarmult_ristretto255(enc_scalar(s), a)
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_scalarmult_ristretto255(out, enc_scalar(s), a) != 0:
            raise Invalid("scalar multiplication failed")
        return out.raw

    def base(self, s):
        s %= L
        if s == 0:
            return IDENTITY
        if self.nb:
            return self.nb.crypto_scalarmult_ristretto255_base(enc_scalar(s))
        out = ctypes.create_string_buffer(32)
        if self.lib.crypto_scalarmult_ristretto255_base(out, enc_scalar(s)) != 0:
            raise Invalid("base multiplication failed")
        return out.raw


def make_backend(pure):
    if not pure:
        try:
            return Sodium()
        except (OSError, AttributeError):
            pass
    return PurePython()


GRP = None  # set in main()


def padd(*pts):
    acc = IDENTITY
    for q in pts:
        acc = GRP.add(acc, q)
    return acc


def psub(a, b):
    return GRP.sub(a, b)


def pmul(s, a):
    return GRP.mul(s, a)


def bmul(s):
    return GRP.base(s)


def lincomb(terms):
    """Σ sᵢ·Qᵢ for (scalar, point) pairs; G may be given as the point G_ENC."""
    acc = IDENTITY
    for s, q in terms:
        acc = GRP.add(acc, bmul(s) if q == G_ENC else pmul(s, q))
    return acc


# §2 decoding
def dec_point(b, what="point"):
    if len(b) != 32 or not GRP.is_valid(b):
        raise Invalid("%s does not decode" % what)
    return b


def dec_scalar(b, what="scalar"):
    if len(b) != 32:
        raise Invalid("%s has the wrong length" % what)
    v = int.from_bytes(b, "little")
    if v >= L:
        raise Invalid("%s is not canonical" % what)
    return v


# §4 ciphertexts as pairs of encodings
def ct_split(b):
    return (b[:32], b[32:64])


def ct_bytes(c):
    return c[0] + c[1]


def ct_add(c, d):
    return (GRP.add(c[0], d[0]), GRP.add(c[1], d[1]))


def ct_sub(c, d):
    return (GRP.sub(c[0], d[0]), GRP.sub(c[1], d[1]))


def ct_scale(n, c):
    return (pmul(n, c[0]), pmul(n, c[1]))


ZERO_CT = (IDENTITY, IDENTITY)


def encrypt(P, m, r):
    return (bmul(r), GRP.add(bmul(m), pmul(r, P)))


def decrypt_point(x, c):
    return GRP.sub(c[1], pmul(x, c[0]))


def small_dlog(M, bound):
    acc = IDENTITY
    for m in range(bound + 1):
        if acc == M:
            return m
        acc = GRP.add(acc, G_ENC)
    return None


# ---------------------------------------------------------------------------
# §3 transcript
# ---------------------------------------------------------------------------


def _b(x):
    return x.encode("utf-8") if isinstance(x, str) else bytes(x)


def item(label, data):
    label, data = _b(label), _b(data)
    return u64le(len(label)) + label + u64le(len(data)) + data


class Transcript:
    def __init__(self, domain):
        self.buf = bytearray()
        self.append("protocol", "urne/1")
        self.append("domain", domain)

    def append(self, label, data):
        self.buf += item(label, data)
        return self

    def u64(self, label, n):
        return self.append(label, u64le(n))

    def copy(self):
        t = Transcript.__new__(Transcript)
        t.buf = bytearray(self.buf)
        return t

    def finish(self, f):
        return hashlib.sha512(bytes(self.buf) + item("finish", f)).digest()

    def challenge_scalar(self, f):
        return int.from_bytes(self.finish(f), "little") % L

    def finish_32(self, f):
        return self.finish(f)[:32]


def fingerprint(manifest):
    return Transcript("manifest").append("manifest", manifest).finish_32("fingerprint")


# ---------------------------------------------------------------------------
# §5 proofs (each equation checked directly)
# ---------------------------------------------------------------------------


def verify_schnorr(t, X, proof):
    if len(proof) != 64:
        raise Invalid("Schnorr proof length %d" % len(proof))
    R, s = proof[:32], dec_scalar(proof[32:], "Schnorr response")
    t.append("public", X).append("commitment", R)
    c = t.challenge_scalar("schnorr")
    dec_point(X, "Schnorr public point")
    dec_point(R, "Schnorr commitment")
    if lincomb([(s, G_ENC), (-c, X), (-1, R)]) != IDENTITY:
        raise Invalid("Schnorr equation s·G − c·X − R ≠ 0")


def verify_dleq(t, X, H, Y, proof):
    if len(proof) != 96:
        raise Invalid("DLEQ proof length %d" % len(proof))
    A, B, s = proof[:32], proof[32:64], dec_scalar(proof[64:], "DLEQ response")
    for lab, v in (("X", X), ("H", H), ("Y", Y), ("A", A), ("B", B)):
        t.append(lab, v)
    c = t.challenge_scalar("dleq")
    for lab, v in (("X", X), ("H", H), ("Y", Y), ("A", A), ("B", B)):
        dec_point(v, "DLEQ " + lab)
    if lincomb([(s, G_ENC), (-c, X), (-1, A)]) != IDENTITY:
        raise Invalid("DLEQ equation s·G − c·X − A ≠ 0")
    if lincomb([(s, H), (-c, Y), (-1, B)]) != IDENTITY:
        raise Invalid("DLEQ equation s·H − c·Y − B ≠ 0")


def verify_disjunctive(t, P, cts, values, proof):
    K = len(values)
    assert len(cts) == K and K >= 1
    if len(proof) != 128 * K - 32:
        raise Invalid("disjunctive proof length %d, expected %d" % (len(proof), 128 * K - 32))
    AB = [(proof[64 * k : 64 * k + 32], proof[64 * k + 32 : 64 * k + 64]) for k in range(K)]
    off = 64 * K
    cs = [dec_scalar(proof[off + 32 * i : off + 32 * i + 32], "challenge") for i in range(K - 1)]
    off += 32 * (K - 1)
    ss = [dec_scalar(proof[off + 32 * i : off + 32 * i + 32], "response") for i in range(K)]
    t.u64("branches", K)
    for v in values:
        t.u64("value", v)
    for A, B in AB:
        t.append("A", A).append("B", B)
    c = t.challenge_scalar("disjunctive")
    cs.append((c - sum(cs)) % L)
    for k in range(K):
        A, B = AB[k]
        dec_point(A, "commitment A%d" % k)
        dec_point(B, "commitment B%d" % k)
        alpha, beta = cts[k]
        if lincomb([(ss[k], G_ENC), (-cs[k], alpha), (-1, A)]) != IDENTITY:
            raise Invalid("branch %d: s·G − c·α − A ≠ 0" % k)
        shifted = GRP.sub(beta, bmul(values[k]))
        if lincomb([(ss[k], P), (-cs[k], shifted), (-1, B)]) != IDENTITY:
            raise Invalid("branch %d: s·P − c·(β − v·G) − B ≠ 0" % k)


# ---------------------------------------------------------------------------
# §6 ballots
# ---------------------------------------------------------------------------


def ballot_size(shape):
    N = len(shape) + 2 + sum(shape)
    M = max(shape)
    return N, M, 288 * N + 128 * M + 160


def decode_ballot(b, shape):
    k = len(shape)
    N, M, size = ballot_size(shape)
    if len(b) != size:
        raise Invalid("ballot length %d, expected %d" % (len(b), size))
    pos = 0

    def take(n):
        nonlocal pos
        out = b[pos : pos + n]
        pos += n
        return out

    Z = take(32)
    cts = []
    for x in range(N):
        c = take(64)
        cts.append((dec_point(c[:32], "ciphertext %d α" % x), dec_point(c[32:], "ciphertext %d β" % x)))
    bit_proofs = [take(224) for _ in range(N)]
    sum_proof = take(96)
    range_proof = take(128 * M - 32)
    sig = take(64)
    assert pos == size

    def scalars(proof, K):  # canonical scalars are required at decoding
        for i in range(2 * K - 1):
            dec_scalar(proof[64 * K + 32 * i : 64 * K + 32 * i + 32], "proof scalar")

    for pr in bit_proofs:
        scalars(pr, 2)
    scalars(sum_proof, 1)
    scalars(range_proof, M)
    dec_scalar(sig[32:], "signature scalar")
    return dict(Z=Z, cts=cts, bit_proofs=bit_proofs, sum_proof=sum_proof, range_proof=range_proof,
                sig=sig, body=b[:-64], k=k, N=N, M=M)


def ballot_prefix(F, P, shape, Z):
    t = Transcript("ballot-proof").append("election", F).append("election-key", P)
    t.u64("lists", len(shape))
    for n in shape:
        t.u64("candidates", n)
    return t.append("credential", Z)


def verify_ballot(b, F, P, shape):
    """§6.6; returns the decoded ballot or raises Invalid naming the failing part."""
    d = decode_ballot(b, shape)
    k, N, M, cts, Z = d["k"], d["N"], d["M"], d["cts"], d["Z"]
    dec_point(Z, "credential Z")
    pre = ballot_prefix(F, P, shape, Z)
    for x in range(k + 2):
        t = pre.copy().append("proof", "choice-bit").u64("choice", x).append("ciphertext", ct_bytes(cts[x]))
        try:
            verify_disjunctive(t, P, [cts[x], cts[x]], [0, 1], d["bit_proofs"][x])
        except Invalid as e:
            raise Invalid("proof %d (choice-bit): %s" % (x, e))
    o = 0
    for i, n in enumerate(shape):
        for j in range(n):
            x = k + 2 + o + j
            t = (pre.copy().append("proof", "strike").u64("list", i).u64("candidate", j)
                 .append("list-ciphertext", ct_bytes(cts[i])).append("ciphertext", ct_bytes(cts[x])))
            try:
                verify_disjunctive(t, P, [cts[x], ct_sub(cts[x], cts[i])], [0, 0], d["bit_proofs"][x])
            except Invalid as e:
                raise Invalid("proof %d (strike): %s" % (x, e))
        o += n
    t = pre.copy().append("proof", "choice-sum")
    total = ZERO_CT
    for x in range(k + 2):
        t.append("ciphertext", ct_bytes(cts[x]))
        total = ct_add(total, cts[x])
    try:
        verify_disjunctive(t, P, [total], [1], d["sum_proof"])
    except Invalid as e:
        raise Invalid("proof %d (choice-sum): %s" % (N, e))
    t = pre.copy().append("proof", "strike-range")
    for x in range(N):
        t.append("ciphertext", ct_bytes(cts[x]))
    comb = ZERO_CT
    for i, n in enumerate(shape):
        comb = ct_add(comb, ct_scale(n - 1, cts[i]))
    for x in range(k + 2, N):
        comb = ct_sub(comb, cts[x])
    try:
        verify_disjunctive(t, P, [comb] * M, list(range(M)), d["range_proof"])
    except Invalid as e:
        raise Invalid("proof %d (strike-range): %s" % (N + 1, e))
    t = Transcript("ballot-signature").append("election", F).append("ballot", d["body"])
    try:
        verify_schnorr(t, Z, d["sig"])
    except Invalid as e:
        raise Invalid("signature: %s" % e)
    return d


def accept_ballots(ballots, sealed, verify):
    """§6.7: the verdict of each ballot in record order; verify(index) raises Invalid for an invalid ballot."""
    sealed = set(sealed)
    first = {}
    out = []
    for bn, b in enumerate(ballots):
        Z = b[:32]
        if Z not in sealed:
            out.append("UnknownCredential")
        elif Z in first:
            out.append("DuplicateCredential (first: ballot %d)" % first[Z])
        else:
            first[Z] = bn
            try:
                verify(bn)
                out.append("accepted")
            except Invalid as e:
                out.append("Invalid: %s" % e)
    return out


def tracker(b):
    return Transcript("ballot-tracker").append("ballot", b).finish_32("tracker")


# ---------------------------------------------------------------------------
# §7 codes and credentials
# ---------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KINDS = {"credential": (16, 6), "sequence": (26, 4)}


def checksum(kind, data):
    h = Transcript("code-checksum").append("kind", kind).append("symbols", bytes(data)).finish_32("checksum")
    b = h[0] + 256 * h[1]
    return [b % 32, (b // 32) % 32]


def format_code(kind, data):
    syms = "".join(ALPHABET[v] for v in list(data) + checksum(kind, data))
    g = KINDS[kind][1]
    return "-".join(syms[i : i + g] for i in range(0, len(syms), g))


class CodeError(Invalid):
    """A §7.1 parsing error, written as the vectors write it: "Checksum", "Length { expected: E, found: F }"
    or "Character { position: P }" (P 0-based among the symbols, separators not counted)."""


def parse_code(kind, text):
    """§7.1 lenient parsing; returns the data symbols' values or raises CodeError."""
    ndata = KINDS[kind][0]
    vals = []
    for ch in text:
        if ch in "- \t\n\r":  # step 1
            continue
        c = ch.upper() if ch.isascii() else ch  # step 2
        c = {"I": "1", "L": "1", "O": "0"}.get(c, c)
        if c not in ALPHABET:
            raise CodeError("Character { position: %d }" % len(vals))
        vals.append(ALPHABET.index(c))
    if len(vals) != ndata + 2:  # step 3
        raise CodeError("Length { expected: %d, found: %d }" % (ndata + 2, len(vals)))
    if vals[ndata:] != checksum(kind, vals[:ndata]):  # step 4
        raise CodeError("Checksum")
    return vals[:ndata]


def parse_result(kind, text):
    """The vectors' form of a parse: {"code": canonical} or {"error": ...}."""
    try:
        return {"code": format_code(kind, parse_code(kind, text))}
    except CodeError as e:
        return {"error": str(e)}


def stretch(data, scrutin_id):
    salt = Transcript("credential-salt").append("scrutin", scrutin_id).finish("salt")
    password = "".join(ALPHABET[v] for v in data).encode("ascii")
    return hashlib.pbkdf2_hmac("sha512", password, salt, 20000, 64)


def login_token(seed):
    return Transcript("credential-login").append("seed", seed).finish_32("login-token")


def login_verifier(token):
    return Transcript("login-verifier").append("token", token).finish_32("verifier")


def signing_key(seed, election_id):
    return Transcript("credential-signing").append("seed", seed).append("election", election_id).challenge_scalar(
        "signing-key")


# ---------------------------------------------------------------------------
# §8 key ceremony
# ---------------------------------------------------------------------------


class Ceremony:
    def __init__(self, context, n, t):
        self.context, self.n, self.t = context, n, t

    def prefix(self, dom):
        return Transcript(dom).append("context", self.context).u64("members", self.n).u64("threshold", self.t)

    def seed(self, i, q):
        return self.prefix("trustee-seed").u64("member", i).append("sequence", bytes(q)).finish("seed")

    @staticmethod
    def derive(seed, label, index):
        return Transcript("trustee-derive").append("seed", seed).append("what", label).u64("index", index) \
            .challenge_scalar(label)

    def pad(self, i, j, K, S):
        return self.prefix("dkg-share-pad").u64("dealer", i).u64("recipient", j).append("ephemeral", K) \
            .append("shared-secret", S).finish_32("pad")

    def feldman(self, commitments, j):
        return lincomb([(pow(j, m, L), A) for m, A in enumerate(commitments)])


def poly_eval(coeffs, x):
    return sum(a * pow(x, m, L) for m, a in enumerate(coeffs)) % L


def lagrange(S, j):
    num, den = 1, 1
    for m in S:
        if m != j:
            num = num * m % L
            den = den * (m - j) % L
    return num * pow(den, -1, L) % L


def judge_dealing(cer, dl):
    """§8.4: (valid, reason if invalid)."""
    i = dl["dealer"]
    A = [hx(x) for x in dl["commitments"]]
    if len(A) != cer.t or len(dl["shares"]) != cer.n:
        return False, "%d commitments, %d shares" % (len(A), len(dl["shares"]))
    try:
        for x in A:
            dec_point(x, "commitment")
        tr = cer.prefix("dkg-dealing").u64("dealer", i)
        for m in range(1, len(A)):
            tr.append("commitment", A[m])
        verify_schnorr(tr, A[0], hx(dl["proof"]))
    except Invalid as ex:
        return False, str(ex)
    return True, ""


def judge_complaint(cer, dealings, valid, E, c):
    """§8.5 justified(): ("justified" | "unjustified" | "malformed", the step and why); the last two are
    both *rejected* complaints."""
    i, j = c["dealer"], c["complainer"]
    if i not in dealings:
        return "malformed", "step 1: no dealing of dealer %d" % i
    if i not in valid:
        return "justified", "step 2: dealing %d is invalid" % i
    if not 1 <= j <= cer.n:
        return "malformed", "step 3: no share %d in the dealing" % j
    sh = dealings[i]["shares"][j - 1]
    K, masked, S = hx(sh["ephemeral"]), hx(sh["masked"]), hx(c["shared_secret"])
    if len(K) != 32 or not GRP.is_valid(K):
        return "justified", "step 4: K_ij does not decode"
    try:
        dec_point(E[j], "E_j")
        dec_point(S, "S_ij")
        tr = cer.prefix("dkg-complaint").u64("dealer", i).u64("complainer", j)
        verify_dleq(tr, E[j], K, S, hx(c["proof"]))
    except Invalid as ex:
        return "malformed", "step 5: %s" % ex
    y = int.from_bytes(bytes(a ^ b for a, b in zip(masked, cer.pad(i, j, K, S))), "little")
    if len(masked) != 32 or y >= L:
        return "justified", "step 6: the opened share is not a canonical scalar"
    if bmul(y) != cer.feldman([hx(x) for x in dealings[i]["commitments"]], j):
        return "justified", "step 7: y·G ≠ Σ jᵐ·A_{i,m}"
    return "unjustified", "step 7: y·G = Σ jᵐ·A_{i,m}"


def ceremony_outcome(cer, anns, dealing_list, complaints):
    """§8.6 from the public messages.  Returns a dict whose "fails" lists why the ceremony fails (empty if it
    does not).  A rejected complaint (malformed or unjustified, §8.5) never fails the ceremony."""
    n, t = cer.n, cer.t
    out = {"fails": []}
    fail = out["fails"].append

    # 1. announcements (§8.3)
    if len(anns) != n or any(an["member"] != p for p, an in enumerate(anns, 1)):
        fail("announcements: not exactly n, the p-th from member p")
        return out
    E = {}
    for an in anns:
        i = an["member"]
        E[i] = hx(an["encryption_key"])
        try:
            verify_schnorr(cer.prefix("dkg-announcement").u64("member", i), E[i], hx(an["proof"]))
        except Invalid as ex:
            fail("announcement %d: %s" % (i, ex))
            return out
    # 2. dealers
    dealers = [dl["dealer"] for dl in dealing_list]
    if not all(1 <= i <= n for i in dealers) or len(set(dealers)) != len(dealers):
        fail("dealers %s: not in 1…n or not distinct" % dealers)
        return out
    dealings = {dl["dealer"]: dl for dl in dealing_list}
    # 3. dealings, then complaints in order
    reasons = {}
    out["dealing"] = {i: judge_dealing(cer, dl) for i, dl in dealings.items()}
    valid = {i for i, (ok, _) in out["dealing"].items() if ok}
    for i in dealings:
        if i not in valid:
            reasons.setdefault(i, set()).add("dealing")
    out["judgments"] = []
    for cn, c in enumerate(complaints):
        verdict, why = judge_complaint(cer, dealings, valid, E, c)
        out["judgments"].append((verdict, why))
        if verdict == "justified":
            reasons.setdefault(c["dealer"], set()).add("complaint")
    out["rejected"] = [{"dealer": c["dealer"], "complainer": c["complainer"]}
                       for c, (verdict, _) in zip(complaints, out["judgments"]) if verdict != "justified"]
    # 4. one reason per disqualified dealer, ascending; 'dealing' when both apply (judged first)
    out["disqualified"] = [{"dealer": i, "reason": "dealing" if "dealing" in reasons[i] else "complaint"}
                           for i in sorted(reasons)]
    # 5.–8.
    Q = sorted(i for i in valid if i not in reasons)
    out["qualified"] = Q
    if len(Q) < t:
        fail("|Q| = %d < t" % len(Q))
        return out
    commits = {i: [hx(x) for x in dealings[i]["commitments"]] for i in Q}
    out["election_key"] = padd(*[commits[i][0] for i in Q])
    if out["election_key"] == IDENTITY:
        fail("the election key is the identity")
    out["verification_keys"] = [padd(*[cer.feldman(commits[i], j) for i in Q]) for j in range(1, n + 1)]
    return out


# ---------------------------------------------------------------------------
# check reporting
# ---------------------------------------------------------------------------

PASSED = 0
FAILED = 0


def report(name, ok, reason=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print("ok    %s" % name)
    else:
        FAILED += 1
        print("FAIL: %s: %s" % (name, reason))


def check_eq(name, got, want):
    if isinstance(got, (bytes, bytearray)):
        got = bytes(got).hex()
    if isinstance(want, (bytes, bytearray)):
        want = bytes(want).hex()
    if got == want:
        report(name, True)
        return
    g, w = str(got), str(want)
    if len(g) > 150 or len(w) > 150:
        at = next((i for i in range(min(len(g), len(w))) if g[i] != w[i]), min(len(g), len(w)))
        g, w = "…%s… (len %d)" % (g[at:at + 32], len(g)), "…%s… (len %d)" % (w[at:at + 32], len(w))
        report(name, False, "differs at character %d: got %s, expected %s" % (at, g, w))
    else:
        report(name, False, "got %s, expected %s" % (g, w))


def check_valid(name, fn, *args):
    try:
        fn(*args)
    except Invalid as e:
        report(name, False, str(e))
        return False
    report(name, True)
    return True


def check_invalid(name, fn, *args):
    try:
        fn(*args)
    except Invalid as e:
        report(name + " (rejected: %s)" % e, True)
        return
    report(name, False, "accepted, but MUST be rejected")


def guarded(name, fn):
    """Run a block of checks; an unexpected exception is one failure, not a crash."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        report(name, False, "unexpected %s: %s" % (type(e).__name__, e))


def flip(b, pos, mask=1):
    b = bytearray(b)
    b[pos] ^= mask
    return bytes(b)


def hx(s):
    return bytes.fromhex(s)


# ---------------------------------------------------------------------------
# the files
# ---------------------------------------------------------------------------


def check_group():
    check_eq("group: 1·G is the RFC 9496 generator", bmul(1), G_ENC)
    check_eq("group: ℓ·G = 0 and (ℓ−1)·G = −G", padd(bmul(L - 1), G_ENC), IDENTITY)
    report("group: identity decodes; s ≥ p, negative s and a set top bit are refused",
           GRP.is_valid(IDENTITY) and not GRP.is_valid(b"\xff" * 31 + b"\x7f")
           and not GRP.is_valid(u64le(1) + bytes(24))
           and not GRP.is_valid(G_ENC[:31] + bytes([G_ENC[31] | 0x80])), "decoder disagrees with RFC 9496")


def check_transcript(v):
    for n, tv in enumerate(v["transcripts"]):
        t = Transcript(tv["domain"])
        for it in tv["items"]:
            t.append(it["label"], hx(it["data"]))
        out = t.finish(tv["finish"])
        check_eq("transcript[%d] %s/%s output" % (n, tv["domain"], tv["finish"]), out, tv["output"])
        check_eq("transcript[%d] %s/%s challenge_scalar" % (n, tv["domain"], tv["finish"]),
                 enc_scalar(int.from_bytes(out, "little")), tv["challenge_scalar"])
    for n, fv in enumerate(v["fingerprints"]):
        check_eq("fingerprint[%d] of %r" % (n, fv["manifest_utf8"]), fingerprint(fv["manifest_utf8"]),
                 fv["fingerprint"])
    # the worked example of §3.1
    check_eq("transcript: §3.1 example prefix of Transcript::new(\"manifest\")",
             Transcript("manifest").buf,
             hx("0800000000000000") + b"protocol" + hx("0600000000000000") + b"urne/1"
             + hx("0600000000000000") + b"domain" + hx("0800000000000000") + b"manifest")


def lenient_variants(code):
    """Lenient forms not covered by credential.json's credential_parsing (which has lower case, spaces, tabs, I)."""
    out = [code.replace("-", ""), code.replace("-", "\r\n") + "\n"]
    if "1" in code:
        out.append(code.replace("1", "l"))
    if "0" in code:
        out.append(code.replace("0", "o"))
    return out


def check_code_parsing(kind, code, name):
    data = parse_code(kind, code)
    check_eq("%s: parse, checksum and re-format" % name, format_code(kind, data), code)
    for var in lenient_variants(code):
        check_eq("%s: lenient parse of %r" % (name, var), parse_result(kind, var), {"code": code})
    # the kind is told apart (a séquence typed as a credential code is in credential_parsing)
    if kind == "credential":
        check_eq("%s: parsed as a sequence" % name, parse_result("sequence", code),
                 {"error": "Length { expected: 28, found: 18 }"})
        other = checksum("sequence", data)
        if other != checksum("credential", data):
            wrong = "".join(ALPHABET[x] for x in data + other)
            check_eq("%s: data with the sequence checksum" % name, parse_result(kind, wrong), {"error": "Checksum"})
    else:
        pos = 1 if code[1] != "-" else 2
        bad = code[:pos] + ALPHABET[(ALPHABET.index(code[pos]) + 1) % 32] + code[pos + 1:]
        check_eq("%s: one symbol changed" % name, parse_result(kind, bad), {"error": "Checksum"})
    return data


def check_credential(v):
    # §7.1 typed inputs and their results, parsed as credential codes
    for n, pv in enumerate(v["credential_parsing"]):
        check_eq("credential_parsing[%d] %r → %s" % (n, pv["input"], json.dumps(pv["result"])),
                 parse_result("credential", pv["input"]), pv["result"])
    for n, cv in enumerate(v["credentials"]):
        name = "credential[%d] %s" % (n, cv["code"])
        data = check_code_parsing("credential", cv["code"], name)
        seed = stretch(data, cv["scrutin_id"])
        token = login_token(seed)
        check_eq("%s: PBKDF2 seed → login token" % name, token, cv["login_token"])
        check_eq("%s: login verifier" % name, login_verifier(hx(cv["login_token"])), cv["login_verifier"])
        z = signing_key(seed, cv["election_id"])
        check_eq("%s: signing key Z for %s" % (name, cv["election_id"]), bmul(z), cv["credential_public_key"])
    for n, s in enumerate(v["sequences"]):
        check_code_parsing("sequence", s, "sequence[%d] %s" % (n, s))
    # self-made: O, o, I, i, L, l read as 0 and 1 (no vector code has a 0)
    code = format_code("credential", [0, 1] * 8)
    typed = code.lower().replace("0", "O", 4).replace("0", "o").replace("1", "I", 2).replace("1", "i", 2) \
        .replace("1", "L", 2).replace("1", "l")
    check_eq("credential %s typed %r" % (code, typed), parse_result("credential", typed), {"code": code})


def check_signing(v):
    # §7.6: the server's key from its seed, and a signature over a purpose-bound transcript
    sv = v["signing"]
    x = Transcript("signing-key").append("seed", hx(sv["seed"])).challenge_scalar("key")
    check_eq("signing: verifying key of the seed", bmul(x), sv["verifying_key"])
    X, sig, msg = hx(sv["verifying_key"]), hx(sv["signature"]), sv["message_utf8"]

    def signed(purpose, message):
        return Transcript("signature").append("purpose", purpose).append("message", message)

    check_valid("signing: signature verifies", verify_schnorr, signed(sv["purpose"], msg), X, sig)
    check_invalid("signing: other purpose", verify_schnorr, signed("other", msg), X, sig)
    check_invalid("signing: one message byte changed", verify_schnorr, signed(sv["purpose"], msg[:-1] + "x"), X, sig)
    check_invalid("signing: one signature bit flipped", verify_schnorr, signed(sv["purpose"], msg), X, flip(sig, 40))
    # §7.5: a credential's key for an election, and its possession proof over a session challenge
    pv = v["possession"]
    z = signing_key(stretch(parse_code("credential", pv["code"]), pv["scrutin_id"]), pv["election_id"])
    check_eq("possession: Z of the code for %s" % pv["election_id"], bmul(z), pv["credential_public_key"])

    def possession(election, session):
        return Transcript("credential-possession").append("election", election).append("session", session)

    Z, proof = hx(pv["credential_public_key"]), hx(pv["proof"])
    check_valid("possession: proof verifies", verify_schnorr, possession(pv["election_id"], pv["session_utf8"]), Z,
                proof)
    check_invalid("possession: other session", verify_schnorr, possession(pv["election_id"], "other"), Z, proof)
    check_invalid("possession: other election", verify_schnorr, possession("other", pv["session_utf8"]), Z, proof)


def check_proofs(v):
    sk = dec_scalar(hx(v["secret_key"]))
    P = hx(v["public_key"])
    check_eq("proofs: public key = sk·G", bmul(sk), P)
    for n, ev in enumerate(v["encryptions"]):
        r = dec_scalar(hx(ev["randomness"]))
        c = encrypt(P, ev["message"], r)
        check_eq("proofs: encryption[%d] of %d" % (n, ev["message"]), ct_bytes(c), ev["ciphertext"])
        check_eq("proofs: encryption[%d] decrypts to m·G" % n, decrypt_point(sk, ct_split(hx(ev["ciphertext"]))),
                 bmul(ev["message"]))

    sv = v["schnorr"]
    sch = lambda pr: verify_schnorr(Transcript(sv["domain"]), hx(sv["public"]), pr)  # noqa: E731
    proof = hx(sv["proof"])
    check_eq("proofs: Schnorr statement X = sk·G", sv["public"], v["public_key"])
    check_valid("proofs: Schnorr verifies", sch, proof)
    check_invalid("proofs: Schnorr, flipped bit in R", sch, flip(proof, 5))
    check_invalid("proofs: Schnorr, flipped bit in s", sch, flip(proof, 32))
    check_invalid("proofs: Schnorr, other domain", lambda: verify_schnorr(Transcript("x"), hx(sv["public"]), proof))

    dv = v["dleq"]
    X, H, Y = hx(dv["X"]), hx(dv["H"]), hx(dv["Y"])
    dl = lambda pr: verify_dleq(Transcript(dv["domain"]), X, H, Y, pr)  # noqa: E731
    proof = hx(dv["proof"])
    check_eq("proofs: DLEQ statement Y = sk·H", pmul(sk, H), Y)
    check_valid("proofs: DLEQ verifies", dl, proof)
    check_invalid("proofs: DLEQ, flipped bit in B", dl, flip(proof, 40))
    check_invalid("proofs: DLEQ, flipped bit in s", dl, flip(proof, 64))
    check_invalid("proofs: DLEQ, other Y", lambda: verify_dleq(Transcript(dv["domain"]), X, H, X, proof))

    jv = v["disjunctive"]
    ct = ct_split(hx(jv["ciphertext"]))
    vals = jv["values"]
    dj = lambda pr: verify_disjunctive(Transcript(jv["domain"]), P, [ct] * len(vals), vals, pr)  # noqa: E731
    proof = hx(jv["proof"])
    m = small_dlog(decrypt_point(sk, ct), 10)
    check_eq("proofs: disjunctive ciphertext encrypts 2", m, 2)
    check_valid("proofs: disjunctive (K=%d) verifies" % len(vals), dj, proof)
    K = len(vals)
    check_invalid("proofs: disjunctive, flipped bit in A1", dj, flip(proof, 64 + 3))
    check_invalid("proofs: disjunctive, flipped bit in c0", dj, flip(proof, 64 * K))
    check_invalid("proofs: disjunctive, flipped bit in s_last", dj, flip(proof, len(proof) - 32))
    check_invalid("proofs: disjunctive, values 1..4",
                  lambda: verify_disjunctive(Transcript(jv["domain"]), P, [ct] * K, [x + 1 for x in vals], proof))


def check_ballot_file(v):
    shape = v["candidates"]
    F, P, sk = hx(v["fingerprint"]), hx(v["election_key"]), dec_scalar(hx(v["secret_key"]))
    b = hx(v["ballot"])
    N, M, size = ballot_size(shape)
    check_eq("ballot: fingerprint of the manifest %r (§3.2)" % v["manifest_utf8"], fingerprint(v["manifest_utf8"]), F)
    check_eq("ballot: election key = sk·G", bmul(sk), P)
    check_eq("ballot: size 288·N + 128·M + 160", size, len(b))
    check_eq("ballot: ballot_bytes", v["ballot_bytes"], len(b))
    d = None
    try:
        d = verify_ballot(b, F, P, shape)
        report("ballot: decodes, %d proofs and the signature verify" % (N + 2), True)
    except Invalid as e:
        report("ballot: verifies", False, str(e))
    check_eq("ballot: tracker", tracker(b), v["tracker"])
    if d is not None:
        bits = [small_dlog(decrypt_point(sk, c), 1) for c in d["cts"]]
        k = len(shape)
        check_eq("ballot: plaintext choice bits", bits[: k + 2], v["plaintext"]["choices"])
        check_eq("ballot: plaintext strike bits", bits[k + 2:], v["plaintext"]["strikes"])
    t = hx(v["tampered"])
    # which ciphertext slots were changed, and to which other ciphertext of the ballot
    changed = [x for x in range(N) if t[32 + 64 * x : 96 + 64 * x] != b[32 + 64 * x : 96 + 64 * x]]
    same_rest = len(t) == len(b) and t[32 + 64 * N:] == b[32 + 64 * N:] and t[:32] == b[:32]
    sources = {x: [y for y in range(N) if t[32 + 64 * x : 96 + 64 * x] == b[32 + 64 * y : 96 + 64 * y]]
               for x in changed}
    said = re.search(r"ciphertext (\d+) overwritten with ciphertext (\d+)", v["description"])
    said = (int(said.group(1)), int(said.group(2))) if said else None
    report("ballot: tampered copy is the ballot with ciphertext %d overwritten with ciphertext %d (description)"
           % (said or (-1, -1)),
           said is not None and same_rest and changed == [said[0]] and said[1] in sources[said[0]],
           "changed slots %s, from %s" % (changed, sources))
    check_invalid("ballot: tampered copy", verify_ballot, t, F, P, shape)
    check_invalid("ballot: one bit of the signature flipped", verify_ballot, flip(b, len(b) - 10), F, P, shape)
    check_invalid("ballot: one bit of the strike-range proof flipped", verify_ballot,
                  flip(b, len(b) - 64 - 40), F, P, shape)
    check_invalid("ballot: other fingerprint", verify_ballot, b, fingerprint("other"), P, shape)
    check_invalid("ballot: trailing byte", verify_ballot, b + b"\0", F, P, shape)


def check_election(v):
    cv = v["ceremony"]
    n, t = cv["members"], cv["threshold"]
    cer = Ceremony(hx(cv["context"]), n, t)
    check_eq("election: ceremony context 0x5c×32", cv["context"], "5c" * 32)

    # secrets re-derived from the séquences secrètes (§8.2)
    seeds, e, a = {}, {}, {}
    for i, s in enumerate(cv["sequences"], 1):
        q = parse_code("sequence", s)
        seeds[i] = cer.seed(i, q)
        e[i] = Ceremony.derive(seeds[i], "encryption-key", 0)
        a[i] = [Ceremony.derive(seeds[i], "coefficient", m) for m in range(t)]
    report("election: %d séquences secrètes parse" % n, len(seeds) == n, "wrong number")

    # V5 announcements
    anns = cv["announcements"]
    report("election: %d announcements, the p-th from member p" % n,
           len(anns) == n and all(an["member"] == p for p, an in enumerate(anns, 1)), "wrong list")
    E = {}
    for an in anns:
        i = an["member"]
        E[i] = hx(an["encryption_key"])
        check_valid("election: announcement %d Schnorr proof" % i,
                    lambda: verify_schnorr(cer.prefix("dkg-announcement").u64("member", i), E[i], hx(an["proof"])))
        check_eq("election: announcement %d E = e·G from the séquence" % i, bmul(e[i]), E[i])

    # V6 dealings
    dealings = {}
    dealers = [dl["dealer"] for dl in cv["dealings"]]
    report("election: dealers in 1…n, at most one dealing each",
           all(1 <= i <= n for i in dealers) and len(set(dealers)) == len(dealers), str(dealers))
    valid = set()
    for dl in cv["dealings"]:
        i = dl["dealer"]
        A = [hx(x) for x in dl["commitments"]]
        dealings[i] = dl
        ok = len(A) == t and len(dl["shares"]) == n
        try:
            for x in A:
                dec_point(x, "commitment")
            tr = cer.prefix("dkg-dealing").u64("dealer", i)
            for m in range(1, len(A)):
                tr.append("commitment", A[m])
            verify_schnorr(tr, A[0], hx(dl["proof"]))
        except Invalid as ex:
            ok = False
            report("election: dealing %d valid" % i, False, str(ex))
        else:
            report("election: dealing %d valid (t commitments, n shares, proof)" % i, ok, "wrong counts")
        if ok:
            valid.add(i)
        check_eq("election: dealing %d commitments A = a·G from the séquence" % i,
                 [x.hex() for x in A], [bmul(c).hex() for c in a[i]])
        # deterministic encrypted shares (§8.4)
        for j, sh in enumerate(dl["shares"], 1):
            kij = Ceremony.derive(seeds[i], "share-nonce", j)
            K = bmul(kij)
            masked = bytes(x ^ y for x, y in zip(enc_scalar(poly_eval(a[i], j)), cer.pad(i, j, K, pmul(kij, E[j]))))
            check_eq("election: dealing %d share to %d (ephemeral ‖ masked) recomputed" % (i, j),
                     K + masked, hx(sh["ephemeral"]) + hx(sh["masked"]))

    # §8.5 each member opens its shares with e_j and checks them (no complaint in this record)
    shares = {j: {} for j in range(1, n + 1)}
    for i, dl in dealings.items():
        A = [hx(x) for x in dl["commitments"]]
        for j, sh in enumerate(dl["shares"], 1):
            K, masked = hx(sh["ephemeral"]), hx(sh["masked"])
            try:
                dec_point(K, "ephemeral")
                S = pmul(e[j], K)
                y = dec_scalar(bytes(x ^ z for x, z in zip(masked, cer.pad(i, j, K, S))), "opened share")
                good = bmul(y) == cer.feldman(A, j)
                reason = "y·G ≠ Σ jᵐ·A"
            except Invalid as ex:
                good, reason = False, str(ex)
            report("election: member %d opens a good share from dealer %d" % (j, i), good, reason)
            if good:
                shares[j][i] = y

    # §8.6 outcome
    Q = sorted(valid)
    report("election: |Q| = %d ≥ t" % len(Q), len(Q) >= t, "too few")
    P = padd(*[hx(dealings[i]["commitments"][0]) for i in Q])
    check_eq("election: election key P = Σ A_{i,0}", P, cv["election_key"])
    report("election: P is not the identity", P != IDENTITY, "identity")
    X = {}
    for j in range(1, n + 1):
        X[j] = padd(*[cer.feldman([hx(c) for c in dealings[i]["commitments"]], j) for i in Q])
        check_eq("election: verification key X_%d" % j, X[j], cv["verification_keys"][j - 1])

    # §8.7 key shares re-derived from the séquences, and confirmations
    x = {}
    for j in range(1, n + 1):
        x[j] = sum(shares[j].get(i, 0) for i in Q) % L
        check_eq("election: member %d key share from its séquence: x·G = X_%d" % (j, j), bmul(x[j]), X[j])
    conf_members = [c["member"] for c in cv["confirmations"]]
    report("election: confirmations from distinct members", len(set(conf_members)) == len(conf_members),
           str(conf_members))
    for c in cv["confirmations"]:
        j = c["member"]
        check_valid("election: confirmation %d Schnorr proof" % j,
                    lambda: verify_schnorr(cer.prefix("dkg-confirmation").u64("member", j), X[j], hx(c["proof"])))
    check_invalid("election: confirmation 1 checked against X_2",
                  lambda: verify_schnorr(cer.prefix("dkg-confirmation").u64("member", 1), X[2],
                                         hx(cv["confirmations"][0]["proof"])))
    secret = sum(a[i][0] for i in Q) % L
    check_eq("election: f_Q(0)·G = P", bmul(secret), P)

    # ballots (§6)
    ev = v["election"]
    shape = ev["candidates"]
    F = hx(ev["fingerprint"])
    check_eq("election: fingerprint of the manifest %r (§3.2, V1)" % ev["manifest_utf8"],
             fingerprint(ev["manifest_utf8"]), F)
    k = len(shape)
    N, M, _ = ballot_size(shape)

    # V11 sealed credential list: 32-byte canonical points, no duplicate, not the identity (§12.1)
    sealed = [hx(z) for z in v["sealed_credentials"]]
    bad = [n for n, z in enumerate(sealed) if len(z) != 32 or not GRP.is_valid(z)]
    report("election: %d sealed credentials are 32-byte canonical points (V11)" % len(sealed), not bad,
           "entries %s" % bad)
    report("election: sealed credentials have no duplicate (V11)", len(set(sealed)) == len(sealed), "duplicates")
    report("election: no sealed credential is the identity (§12.1)", IDENTITY not in sealed, "identity listed")

    # §6.7 acceptance (V13–V15), by the exact bytes of each Z, in record order
    ballots = [hx(bv["ballot"]) for bv in v["ballots"]]
    verified = {}

    def verify(bn):
        verified[bn] = verify_ballot(ballots[bn], F, P, shape)

    for bn, b in enumerate(ballots):
        check_eq("election: ballot %d tracker" % bn, tracker(b), v["ballots"][bn]["tracker"])
    verdicts = accept_ballots(ballots, sealed, verify)
    accepted = []
    plain = []
    for bn, verdict in enumerate(verdicts):
        report("election: ballot %d accepted (Z sealed, first use, %d proofs and signature verify)" % (bn, N + 2),
               verdict == "accepted", verdict)
        if verdict == "accepted":
            d = verified[bn]
            accepted.append(d)
            plain.append([small_dlog(decrypt_point(secret, c), 1) for c in d["cts"]])
    # the same rules on altered records (no verification needed: the verdicts come first)
    nop = lambda bn: None  # noqa: E731
    check_eq("election: §6.7 on the ballots followed by a copy of ballot 0",
             accept_ballots(ballots + [ballots[0]], sealed, nop)[-1], "DuplicateCredential (first: ballot 0)")
    check_eq("election: §6.7 with ballot 1's Z left out of the sealed list",
             accept_ballots(ballots, [z for z in sealed if z != ballots[1][:32]], nop)[1], "UnknownCredential")
    # description: list 0 striking candidate 1, list 0, list 1, blank, nul
    want_plain = [[1, 0, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0],
                  [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0]]
    check_eq("election: ballot plaintexts (decrypted with f_Q(0)) match the description", plain, want_plain)

    # §9.1 encrypted tally
    T = [ZERO_CT] * N
    for d in accepted:
        T = [ct_add(T[i], d["cts"][i]) for i in range(N)]
    check_eq("election: encrypted tally", [ct_bytes(c).hex() for c in T], v["encrypted_tally"])
    T = [ct_split(hx(c)) for c in v["encrypted_tally"]]

    # §9.2 decryption shares
    valid_shares = []
    for sn, sx in enumerate(v["decryption_shares"]):
        s = hx(sx)
        j = int.from_bytes(s[:4], "little")
        count = int.from_bytes(s[4:8], "little")
        name = "election: decryption share %d (member %d)" % (sn, j)
        if len(s) != 8 + 128 * count or count != N or not 1 <= j <= n:
            report(name + " decodes", False, "length %d, count %d, member %d" % (len(s), count, j))
            continue
        D = [s[8 + 32 * i : 40 + 32 * i] for i in range(N)]
        proofs = [s[8 + 32 * N + 96 * i : 8 + 32 * N + 96 * (i + 1)] for i in range(N)]

        def verify_share():
            for xi in range(N):
                dec_point(D[xi], "factor %d" % xi)
                tr = (Transcript("decryption-share").append("election", F).u64("member", j)
                      .u64("ciphertext-index", xi).append("ciphertext", ct_bytes(T[xi])))
                try:
                    verify_dleq(tr, X[j], T[xi][0], D[xi], proofs[xi])
                except Invalid as ex:
                    raise Invalid("ciphertext %d: %s" % (xi, ex))

        if check_valid(name + ": %d factors, DLEQ proofs verify" % N, verify_share):
            if j not in [m for m, _ in valid_shares]:
                valid_shares.append((j, D))
        check_eq(name + ": factors = x_j·α from the séquence", [d.hex() for d in D],
                 [pmul(x[j], T[xi][0]).hex() for xi in range(N)])
        if N > 0:
            bad = bytearray(s)
            bad[8 + 32 * N + 64] ^= 1  # response of proof 0
            check_invalid(name + ", tampered proof",
                          lambda: verify_dleq(Transcript("decryption-share").append("election", F).u64("member", j)
                                              .u64("ciphertext-index", 0).append("ciphertext", ct_bytes(T[0])),
                                              X[j], T[0][0], D[0], bytes(bad[8 + 32 * N : 8 + 32 * N + 96])))

    report("election: at least t valid shares", len(valid_shares) >= t, "%d valid" % len(valid_shares))
    if len(valid_shares) < t:
        return
    use = valid_shares[:t]
    S = [j for j, _ in use]
    lam = {j: lagrange(S, j) for j in S}
    counts = []
    for xi in range(N):
        Mx = GRP.sub(T[xi][1], padd(*[pmul(lam[j], D[xi]) for j, D in use]))
        counts.append(small_dlog(Mx, len(accepted)))
    report("election: every M_x = m·G with 0 ≤ m ≤ %d" % len(accepted), None not in counts, str(counts))
    c = v["counts"]
    want = c["lists"] + [c["blank"], c["nul"]] + [s for lst in c["strikes"] for s in lst]
    check_eq("election: counts (lists, blank, nul, strikes)", counts, want)
    if None not in counts:
        report("election: Σ lists + blank + nul = number of ballots", sum(counts[: k + 2]) == len(accepted),
               str(counts))
        # V22 consistency
        o, ok = k + 2, True
        for i, ni in enumerate(shape):
            st = counts[o : o + ni]
            ok = ok and all(s <= counts[i] for s in st) and sum(st) <= (ni - 1) * counts[i]
            o += ni
        report("election: strikes ≤ list count, and ≤ (nᵢ − 1)·count per list (V22)", ok, str(counts))


def check_ceremony_complaint(v):
    n, t = v["members"], v["threshold"]
    cer = Ceremony(hx(v["context"]), n, t)
    anns, dealing_list, complaints = v["announcements"], v["dealings"], v["complaints"]
    out = ceremony_outcome(cer, anns, dealing_list, complaints)
    pre = "ceremony-complaint:"
    if "judgments" not in out:
        report(pre + " announcements and dealers (§8.3, §8.6 steps 1–2)", False, "; ".join(out["fails"]))
        return
    report(pre + " %d announcements, the p-th from member p, Schnorr proofs verify (V5)" % n, True)
    for i, (ok, why) in sorted(out["dealing"].items()):
        report(pre + " dealing %d valid (t commitments, n shares, proof) (V6)" % i, ok, why)

    # V7: each complaint judged (§8.5) against what the vector says of it
    rejected = [(r["dealer"], r["complainer"]) for r in v["rejected_complaints"]]
    for cn, (c, (verdict, why)) in enumerate(zip(complaints, out["judgments"])):
        pair = (c["dealer"], c["complainer"])
        want = "rejected" if pair in rejected else "justified"
        if pair in rejected:
            rejected.remove(pair)
        name = pre + " complaint %d (dealer %d, complainer %d) %s" % (cn, pair[0], pair[1], want)
        ok = verdict in ("unjustified", "malformed") if want == "rejected" else verdict == want
        report(name + (" (%s)" % why if ok else ""), ok, "judged %s (%s)" % (verdict, why))

    # a complaint justified by its opened share (§8.5 step 7) opens the share the description says was
    # altered: a good share but for its first byte
    opened = [c for c, (verdict, why) in zip(complaints, out["judgments"])
              if verdict == "justified" and why.startswith("step 7")]
    for c in opened:
        i, j = c["dealer"], c["complainer"]
        dl = next(d for d in dealing_list if d["dealer"] == i)
        sh = dl["shares"][j - 1]
        K, S = hx(sh["ephemeral"]), hx(c["shared_secret"])
        y = bytes(a ^ b for a, b in zip(hx(sh["masked"]), cer.pad(i, j, K, S)))
        target = psub(cer.feldman([hx(x) for x in dl["commitments"]], j), bmul(int.from_bytes(y, "little")))
        # target = d·G with y[0] + d the good share's first byte
        hits = [d for d in range(-y[0], 256 - y[0]) if d and bmul(d) == target] if target != IDENTITY else []
        report(pre + " complaint (dealer %d, complainer %d): the share opened with S_ij is good but for its "
               "first byte (masked byte 0 ^ 0x%02x)" % (i, j, y[0] ^ (y[0] + hits[0]) if hits else 0),
               len(hits) == 1, "not a one-byte change of a good share")

    # §8.6 outcome
    check_eq(pre + " disqualified dealers and reasons (V7)", out["disqualified"], v["disqualified"])
    check_eq(pre + " rejected complaints", out["rejected"], v["rejected_complaints"])
    check_eq(pre + " qualified set Q (V8)", out["qualified"], v["qualified"])
    report(pre + " |Q| = %d ≥ t = %d, P ≠ 0" % (len(out["qualified"]), t), not out["fails"], "; ".join(out["fails"]))
    if "election_key" not in out:
        return
    check_eq(pre + " election key P = Σ_{i∈Q} A_{i,0} (V9)", out["election_key"], v["election_key"])
    for j in range(1, n + 1):
        check_eq(pre + " verification key X_%d (V9)" % j, out["verification_keys"][j - 1],
                 v["verification_keys"][j - 1])

    # the rules of §8.5 and §8.6 on altered copies of the record
    good = opened[:1]

    def outcome(dls=dealing_list, cps=good):
        o = ceremony_outcome(cer, anns, dls, cps)
        if o["fails"]:
            return o["fails"][0]
        return o["qualified"], [(d["dealer"], d["reason"]) for d in o["disqualified"]]

    def altered(i, field, value, share=None):
        dls = json.loads(json.dumps(dealing_list))
        d = next(x for x in dls if x["dealer"] == i)
        if share is None:
            d[field] = value
        else:
            d["shares"][share - 1][field] = value
        return dls

    everyone = sorted(d["dealer"] for d in dealing_list)
    check_eq(pre + " without complaints, every dealer is qualified", outcome(cps=[]), (everyone, []))
    if not good:
        return
    c0 = good[0]
    i0, j0 = c0["dealer"], c0["complainer"]
    proof = hx(c0["proof"])
    for what, c, step in (("one bit of its proof flipped", dict(c0, proof=flip(proof, 64).hex()), "step 5"),
                          ("naming complainer %d" % (n + 1), dict(c0, complainer=n + 1), "step 3"),
                          ("naming dealer %d" % (n + 1), dict(c0, dealer=n + 1), "step 1")):
        judged = ceremony_outcome(cer, anns, dealing_list, [c])
        report(pre + " complaint %s: rejected, disqualifies no one (§8.5 %s)" % (what, step),
               judged["judgments"][0][1].startswith(step) and outcome(cps=[c]) == (everyone, [])
               and judged["rejected"] == [{"dealer": c["dealer"], "complainer": c["complainer"]}],
               str(judged.get("judgments")))
    other = next(i for i in everyone if i != i0)
    rest = [i for i in everyone if i not in (i0, other)]
    forged = dict(c0, dealer=other)
    check_eq(pre + " complaint naming dealer %d whose K_%d%d does not decode: justified (§8.5 step 4)"
             % (other, other, j0),
             outcome(altered(other, "ephemeral", "ff" * 32, share=j0), [c0, forged]),
             (rest, [(min(i0, other), "complaint"), (max(i0, other), "complaint")]))
    check_eq(pre + " dealer %d's dealing proof also broken: reason 'dealing' (§8.6 step 4)" % i0,
             outcome(altered(i0, "proof", flip(hx(next(d for d in dealing_list if d["dealer"] == i0)["proof"]),
                                                 40).hex())),
             (sorted(rest + [other]), [(i0, "dealing")]))
    check_eq(pre + " dealer %d's dealing with one commitment: reason 'dealing'" % other,
             outcome(altered(other, "commitments", next(d for d in dealing_list if d["dealer"] == other)
                             ["commitments"][:1])),
             (rest, sorted([(i0, "complaint"), (other, "dealing")])))


def main(argv):
    global GRP
    args = [a for a in argv if not a.startswith("--")]
    GRP = make_backend("--pure" in argv)
    here = os.path.dirname(os.path.abspath(__file__))
    vdir = args[0] if args else os.path.join(here, "..", "crates", "urne-crypto", "test-vectors")
    print("# ristretto255 backend: %s" % GRP.name)

    def load(name):
        with open(os.path.join(vdir, name), encoding="utf-8") as f:
            return json.load(f)

    guarded("group", check_group)
    for fname, fn in (("transcript.json", check_transcript), ("credential.json", check_credential),
                      ("proofs.json", check_proofs), ("ballot.json", check_ballot_file),
                      ("election.json", check_election),
                      ("ceremony-complaint.json", check_ceremony_complaint),
                      ("signing.json", check_signing)):
        print("# %s" % fname)
        try:
            data = load(fname)
        except (OSError, ValueError) as ex:
            report(fname, False, "cannot load: %s" % ex)
            continue
        guarded(fname, lambda: fn(data))
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 0 if FAILED == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
