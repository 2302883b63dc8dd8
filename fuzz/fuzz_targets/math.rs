//! Fuzz target: a formula's LaTeX. Parsed or refused, never a panic or a
//! stack overflow; an accepted formula makes MathML and Typst math.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let tex = String::from_utf8_lossy(rest);
    if let Ok(formula) = notes_math::Formula::parse(&tex, pick & 1 == 1) {
        let _ = formula.to_mathml();
        let _ = formula.to_typst();
    }
});
