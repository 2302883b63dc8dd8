//! Prints the Typst markup and MathML for each formula given as an argument
//! (prefix an argument with `D:` for display math).
use notes_math::Formula;

fn main() {
    for arg in std::env::args().skip(1) {
        let (tex, display) = match arg.strip_prefix("D:") {
            Some(t) => (t.to_string(), true),
            None => (arg.clone(), false),
        };
        match Formula::parse(&tex, display) {
            Ok(f) => {
                println!("TEX    {tex}");
                println!("TYPST  {}", f.to_typst());
                println!("MATHML {}", f.to_mathml());
                if let Some(l) = f.label() {
                    println!("LABEL  {l}");
                }
                if let Some(t) = f.tag() {
                    println!("TAG    {t}");
                }
            }
            Err(e) => println!("TEX    {tex}\nERROR  {e} ({:?})", e.kind()),
        }
        println!();
    }
}
