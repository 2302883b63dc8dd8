//! The corpus in tests/data/corpus.txt (also used by tools/validate.py for
//! Typst compilation and EPUBCheck): every line parses, and both outputs
//! are well-formed and inert.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use notes_math::Formula;

fn corpus() -> Vec<(bool, &'static str)> {
    include_str!("data/corpus.txt")
        .lines()
        .filter_map(|line| match line.split_once(' ') {
            Some(("i", tex)) => Some((false, tex)),
            Some(("d", tex)) => Some((true, tex)),
            _ => None,
        })
        .collect()
}

#[test]
fn corpus_converts() {
    let corpus = corpus();
    assert!(corpus.len() >= 50);
    for (display, tex) in corpus {
        let f = Formula::parse(tex, display).unwrap_or_else(|e| panic!("{tex}: {e}"));
        let mathml = f.to_mathml();
        assert!(common::well_formed(&mathml), "{tex}: {mathml}");
        let typst = f.to_typst();
        assert!(common::typst_is_inert(&typst), "{tex}: {typst}");
        assert!(!typst.is_empty(), "{tex}");
    }
}

/// Prints the time for 5,000 inline formulas (parse + MathML + Typst).
/// Run with `cargo test --release --test corpus -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release with --nocapture"]
fn time_5000_inline_formulas() {
    let mut inputs: Vec<&str> = corpus().into_iter().filter(|(display, _)| !display).map(|(_, tex)| tex).collect();
    inputs.extend([
        "x",
        "x_i",
        "n",
        r"\alpha",
        r"O(n \log n)",
        "f(x)",
        r"x \in A",
        r"\mathbb{R}^n",
        r"a^2 + b^2 = c^2",
        r"\frac{1}{2}",
        r"\sum_i x_i",
        r"\|v\|_2",
        r"\lambda_{\max}",
    ]);
    let formulas: Vec<&str> = inputs.iter().copied().cycle().take(5000).collect();
    let total_bytes: usize = formulas.iter().map(|s| s.len()).sum();
    // Warm up once.
    for tex in &formulas[..100] {
        let f = Formula::parse(tex, false).unwrap();
        std::hint::black_box((f.to_mathml(), f.to_typst()));
    }
    let start = std::time::Instant::now();
    let mut out = 0usize;
    for tex in &formulas {
        let f = Formula::parse(tex, false).unwrap();
        out += f.to_mathml().len() + f.to_typst().len();
    }
    let elapsed = start.elapsed();
    println!("5000 inline formulas ({total_bytes} bytes of LaTeX, {out} bytes out): {:.2} ms", elapsed.as_secs_f64() * 1000.0);
}
