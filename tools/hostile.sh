#!/usr/bin/env bash
# Hostile input, a bounded run for CI (stable toolchain, no cargo-fuzz):
# the property tests with a raised case count, then the hostile fixtures.
# Each step has a time limit; going over it is a failure (a hang).
#
#   tools/hostile.sh              # 2,000 cases a cheap property (readers,
#                                 # front matter, notebooks), 250 for those
#                                 # that load a project or render a book
#   HOSTILE_CASES=8000 tools/hostile.sh
#   PROPTEST_RNG_SEED=random tools/hostile.sh   # new inputs (not for CI:
#                                               # CI must not pass or fail by luck)
#
# An input that fails is printed by proptest, shrunk; keep it as a test of
# its own (tests/hostile.rs, or `known_failures_make_pdfs` in
# tests/properties.rs). For longer runs with coverage guidance, fuzz/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${HOSTILE_CASES:-2000}
limit=${HOSTILE_SECONDS:-600}
echo "== property tests, HOSTILE_CASES=$cases (at most ${limit}s)"
HOSTILE_CASES=$cases timeout "$limit" cargo test --test properties
echo "== hostile fixtures (at most ${limit}s)"
timeout "$limit" cargo test --test hostile
