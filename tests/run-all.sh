#!/usr/bin/env bash
# All of roamd's tests: the unit, vector and property tests of every crate,
# then the end-to-end scenarios on mac80211_hwsim radios in a VM.
set -uo pipefail
cd "$(dirname "$0")/.."
# With roamd's optional features (store-tls, which includes shared-cache,
# telemetry, testing and sae-ext-groups): their code and tests (the store's against a real
# redis-server: plain, Sentinel, Cluster, TLS) are built and run too.
echo "== unit tests (cargo test --workspace --features roamd/store-tls,roamd/telemetry,roamd/testing,roamd/sae-ext-groups)"
cargo test --workspace --features roamd/store-tls,roamd/telemetry,roamd/testing,roamd/sae-ext-groups --quiet 2>&1 | tee /tmp/roamd-unit-tests.log
unit=${PIPESTATUS[0]}
echo "== end-to-end scenarios (tests/hwsim/run.sh)"
./tests/hwsim/run.sh
e2e=$?
if ((unit != 0)); then echo "run-all: unit tests FAILED"; fi
if ((e2e != 0)); then echo "run-all: hwsim scenarios FAILED"; fi
((unit == 0 && e2e == 0))
