#!/usr/bin/env bash
# Builds urne-wasm for wasm32-unknown-unknown and runs its tests (crates/urne-wasm/tests/web.rs)
# in headless Chromium, through wasm-bindgen-test-runner (the runner of .cargo/config.toml) and
# chromedriver. Chromium's flags are in crates/urne-wasm/webdriver.json. Prints the measured time
# of one 8×30 ballot encryption in the browser; fails if a test fails or the time is missing.
#
# Needs: rustup target wasm32-unknown-unknown; wasm-bindgen-cli 0.2.130 (the same version as the
# `wasm-bindgen` crate: `cargo install wasm-bindgen-cli --version 0.2.130`); chromium and
# chromedriver (Debian: chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wasm-bindgen-test-runner >/dev/null || {
    echo "wasm-test: wasm-bindgen-test-runner not found (cargo install wasm-bindgen-cli --version 0.2.130)" >&2
    exit 1
}
runner_version=$(wasm-bindgen-test-runner --version | awk '{print $2}')
if [[ "$runner_version" != "0.2.130" ]]; then
    echo "wasm-test: wasm-bindgen-test-runner is $runner_version, the crate pins wasm-bindgen =0.2.130" >&2
    exit 1
fi

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Generous: the whole suite runs in one page, and CI machines are slow and shared.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --nocapture: the runner prints the tests' console output, which carries the timing.
status=0
cargo test -p urne-wasm --target wasm32-unknown-unknown -- --nocapture 2>&1 | tee "$log" || status=$?
if [[ $status -ne 0 ]]; then
    echo "wasm-test: FAILED (exit $status)" >&2
    exit "$status"
fi
timing=$(grep -o 'urne-wasm timing: .*' "$log" | head -n 1 || true)
if [[ -z "$timing" ]]; then
    echo "wasm-test: the 8x30 encryption time was not printed" >&2
    exit 1
fi
echo
echo "wasm-test: Chromium $(chromium --version 2>/dev/null | awk '{print $2}'): $timing"
