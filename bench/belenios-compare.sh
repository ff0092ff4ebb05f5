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
ed_gen, ed_verify, ed_size = 101.0, 47.5, 33538.0   # RESULTS.md, belenios 2.1 Ed25519
rows = [
    ("make one ballot, ms", gen, ed_gen, u["encrypt_ms_5x8"]),
    ("verify one ballot (alone), ms", verify, ed_verify, u["verify_ms_5x8"]),
    ("verify a record, ms/ballot (wall)", verify, ed_verify, u["batch_verify_ms_per_ballot_5x8"]),
    ("ballot size, bytes", size, ed_size, u["ballot_bytes_5x8"]),
]
print(f"belenios-tool {b.get('TOOL_VERSION','?')} ({b.get('GROUP','?')}), N = {n}; urne on {u['threads']} threads")
print(f"{'':36} {'belenios-2048':>14} {'belenios-Ed25519*':>18} {'urne':>10} {'x vs 2048':>10} {'x vs Ed25519':>13}")
for name, b2048, bed, urne in rows:
    print(f"{name:36} {b2048:14.2f} {bed:18.2f} {urne:10.3f} {b2048/urne:10.1f} {bed/urne:13.1f}")
print("* Ed25519: reference figures of ../shared/bench/belenios/RESULTS.md (belenios 2.1 built from source), not re-measured here.")
PY
