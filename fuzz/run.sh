#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each), seeded with
# the notes of sources/, the fixtures of the tests and (when it is there)
# the corpora of ../shared. Crashes are written to fuzz/artifacts/TARGET/;
# keep each as a regression test (in tests/robustness.rs or tests/hostile.rs,
# or tests/properties.rs `known_failures_make_pdfs` for the tree-to-Typst step).
#
#   fuzz/run.sh                    # 60 s per target, every target
#   fuzz/run.sh 600                # 10 minutes per target
#   fuzz/run.sh 300 math dialects  # only these targets
#
# Targets: markdown, rst (the readers), dialects (Jekyll, Hugo, notebooks,
# front matter), layout_config (every layout's configuration file, loaded as
# a project), math (formulas), typst_data (a note all the way to Typst's
# layout through the real template).
#
# A run fails on a panic, an input that takes more than 10 s (-timeout) or
# more than 4 GB; inputs are up to 64 KB (-max_len).
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz wants nightly
# flags; on a stable toolchain RUSTC_BOOTSTRAP=1 lets them through. No sanitizer:
# notes is safe Rust, and an uninstrumented build of Typst takes minutes, not
# tens of minutes; debug assertions (overflow checks) stay on.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(markdown rst dialects layout_config math typst_data)
export RUSTC_BOOTSTRAP=1
seed() {
  local corpus=$1
  shift
  for pattern in "$@"; do
    find ../sources ../tests/fixtures -name "$pattern" -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true
    if [ -d ../../shared/corpora ]; then
      find ../../shared/corpora -name "$pattern" -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true
    fi
  done
}
for target in "${targets[@]}"; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  case $target in
    markdown | typst_data) seed "$corpus" '*.md' ;;
    rst) seed "$corpus" '*.rst' ;;
    dialects) seed "$corpus" '*.md' '*.ipynb' '*.qmd' ;;
    layout_config) seed "$corpus" '*.yml' '*.yaml' 'book.toml' 'hugo.toml' 'SUMMARY.md' 'conf.py' '.pages' ;;
    math) printf '%s' '0\frac{a}{b}' >"$corpus/frac" && printf '%s' '1\begin{aligned}x&=1\\y&=2\end{aligned}' >"$corpus/aligned" ;;
  esac
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run --sanitizer none "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096
done
