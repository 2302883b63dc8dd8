#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each), seeded with
# the notes of sources/ and the tests. Crashes are written to
# fuzz/artifacts/TARGET/; keep each as a regression test (in tests/robustness.rs,
# or tests/properties.rs `known_failures_make_pdfs` for the tree-to-Typst step).
#
#   fuzz/run.sh            # 60 s per target
#   fuzz/run.sh 300        # 5 minutes per target
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz wants nightly
# flags; on a stable toolchain RUSTC_BOOTSTRAP=1 lets them through. No sanitizer:
# notes is safe Rust, and an uninstrumented build of Typst takes minutes, not
# tens of minutes; debug assertions (overflow checks) stay on.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
export RUSTC_BOOTSTRAP=1
for target in markdown rst typst_data; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  # Seed: the default book's notes and small fixtures.
  find ../sources -name '*.md' -size -64k -exec cp {} "$corpus/" \;
  if [ -d ../../shared/corpora ]; then
    find ../../shared/corpora -name '*.rst' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true
  fi
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run --sanitizer none "$target" "$corpus" -- -max_total_time="$seconds" -max_len=16384 -timeout=20 -rss_limit_mb=4096
done
