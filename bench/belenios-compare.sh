#!/usr/bin/env bash
# urne vs belenios-tool on the same CSE shape (5 lists x 8 candidates + blank + nul, 20 % of list
# votes striking one candidate), measured in the same run on this machine.
#
#   bench/belenios-compare.sh [N_BALLOTS]      (default 100; belenios makes ~3 ballots/s)
#
# belenios-tool comes from Debian (2.0, BELENIOS-2048 group only). Its Ed25519 figures (belenios
# 2.1 built from source, ../shared/bench/belenios/RESULTS.md) cannot be reproduced from Debian's
# packages, so they are printed as the reference figures of that file, not re-measured.
set -euo pipefail
N=${1:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${URNE_SHARED:-$here/../shared}
command -v belenios-tool >/dev/null || { apt-get update -qq && apt-get install -y -qq belenios-tool bc >/dev/null; }
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null

cargo build --release -p urne --quiet --manifest-path "$here/Cargo.toml"
urne_json=$("$here/target/release/urne" bench --json --ballots "$N")
bel_out=$(bash "$shared/bench/belenios/run.sh" "$N" /tmp/urne-belenios-compare)

python3 - "$N" "$urne_json" "$bel_out" <<'PY'
import json, sys
n = int(sys.argv[1]); u = json.loads(sys.argv[2])
b = {}
for line in sys.argv[3].splitlines():
    parts = line.split(None, 1)
    if len(parts) == 2:
        b[parts[0]] = parts[1]
def f(key): return float(b[key])
startup = f("STARTUP_VERSION_x50") / 50
gen = (f("GEN_TOTAL") / n - startup) * 1e3
verify = (f("VERIFY_BALLOTS") - f("VERIFY_SETUP")) / n * 1e3
size = float(b["BALLOT_BYTES_AVG"])
# RESULTS.md: belenios 2.1 Ed25519, and Debian 2.0 BELENIOS-2048 on the reference machine.
ed_gen, ed_verify, ed_size = 101.0, 47.5, 33538.0
ref_gen_2048, ref_verify_2048 = 303.0, 169.2
# This machine's speed relative to the reference machine, from belenios-2048 measured in this run.
slow_gen, slow_verify = gen / ref_gen_2048, verify / ref_verify_2048
rows = [
    ("make one ballot, ms", gen, ed_gen, ed_gen * slow_gen, u["encrypt_ms_5x8"]),
    ("verify one ballot (alone), ms", verify, ed_verify, ed_verify * slow_verify, u["verify_ms_5x8"]),
    ("verify a record, ms/ballot (wall)", verify, ed_verify, ed_verify * slow_verify, u["batch_verify_ms_per_ballot_5x8"]),
    ("ballot size, bytes", size, ed_size, ed_size, u["ballot_bytes_5x8"]),
]
print(f"belenios-tool {b.get('TOOL_VERSION','?')} ({b.get('GROUP','?')}), N = {n}; urne on {u['threads']} threads")
print(f"this machine vs RESULTS.md's, from belenios-2048 in this run: x{slow_gen:.2f} (make), x{slow_verify:.2f} (verify)")
print(f"{'':34} {'bel-2048':>9} {'bel-Ed25519*':>13} {'scaled**':>9} {'urne':>8} {'x 2048':>7} {'x Ed*':>6} {'x Ed**':>7}")
for name, b2048, bed, bscaled, urne in rows:
    print(f"{name:34} {b2048:9.1f} {bed:13.1f} {bscaled:9.1f} {urne:8.3f} {b2048/urne:7.1f} {bed/urne:6.1f} {bscaled/urne:7.1f}")
print("*  Ed25519: figures of ../shared/bench/belenios/RESULTS.md (belenios 2.1 built from source, reference machine), not re-measured.")
print("** the same, scaled by this machine's slowdown measured on belenios-2048 in this run (an estimate).")
PY
