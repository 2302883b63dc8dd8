//! Converts tests/data/corpus.txt (or the file given as argument) and
//! writes `<out>/typst.txt` and `<out>/mathml.txt`, one result per line.
use notes_math::Formula;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args.next().unwrap_or_else(|| "tests/data/corpus.txt".into());
    let out = args.next().unwrap_or_else(|| "target/corpus".into());
    std::fs::create_dir_all(&out)?;
    let mut typst = String::new();
    let mut mathml = String::new();
    for line in std::fs::read_to_string(&input)?.lines() {
        let (display, tex) = match line.split_once(' ') {
            Some(("i", tex)) => (false, tex),
            Some(("d", tex)) => (true, tex),
            _ => continue,
        };
        let f = Formula::parse(tex, display)?;
        typst.push_str(if display { "d " } else { "i " });
        typst.push_str(&f.to_typst());
        typst.push('\n');
        mathml.push_str(&f.to_mathml());
        mathml.push('\n');
    }
    std::fs::write(format!("{out}/typst.txt"), typst)?;
    std::fs::write(format!("{out}/mathml.txt"), mathml)?;
    Ok(())
}
