//! `notes check`: reads and normalizes the whole book, writes nothing, and
//! reports every problem, for people (rustc style) or programs (JSON).

use std::path::{Path, PathBuf};

use super::{CheckArgs, EXIT_NOTES, EXIT_OK, Format, Ui, options};
use crate::pipeline::Error;
use notes_doc::diag::{Diagnostics, Severity};

pub fn check(args: &CheckArgs, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let loaded = match crate::pipeline::load(&options(&args.at, None, cwd)) {
        Ok(loaded) => loaded,
        Err(e @ Error::Open(_)) if args.format == Format::Json => {
            let mut diags = Diagnostics::new();
            let code = e.exit_code();
            if let Error::Open(open) = e {
                diags.push(open.diagnostic().clone());
            }
            print_json(&diags)?;
            return Ok(code);
        }
        Err(e) => return Err(e),
    };
    let diags = &loaded.diagnostics;
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    match args.format {
        Format::Json => print_json(diags)?,
        Format::Human => {
            ui.all_diagnostics(diags);
            survey(&loaded, ui);
            // The fonts, when some come from the machine or the project (or
            // with --verbose): what makes the book differ from machine to machine.
            let outside = !loaded.system_fonts.is_empty() || loaded.assets.fonts.faces.iter().any(|f| f.file.is_some());
            if outside || ui.verbose {
                ui.say(&format!("fonts: {}", fonts_used(&loaded)));
            }
            let notes = loaded.book.parts.iter().map(|p| p.chapters.len()).sum::<usize>();
            let events = loaded.book.parts.len();
            let what = format!("{} and {}", count(events, "event"), count(notes, "talk"));
            if errors + warnings == 0 {
                ui.say(&format!("checked {what}: no problems"));
            } else {
                let summary = super::ui::plural_summary(errors, warnings);
                let verdict = if failed && errors == 0 { " (warnings denied)" } else { "" };
                ui.say(&format!("checked {what}: {summary}{verdict}"));
            }
        }
    }
    Ok(if failed { EXIT_NOTES } else { EXIT_OK })
}

/// The font families the book is set in, and where each comes from.
fn fonts_used(loaded: &crate::pipeline::Loaded) -> String {
    let config = &loaded.project.config.fonts;
    let mut families: Vec<&str> = vec![config.body.as_str()];
    families.extend(config.heading.as_deref());
    families.push(config.mono.as_str());
    families.extend(config.fallback.iter().map(String::as_str));
    let mut seen: Vec<String> = Vec::new();
    families.retain(|f| {
        let new = !seen.contains(&f.to_lowercase());
        seen.push(f.to_lowercase());
        new
    });
    families
        .into_iter()
        .map(|family| {
            let from = match loaded.system_fonts.iter().find(|s| s.family == family) {
                Some(system) => format!("from the system, {}", system.file.display()),
                None => match loaded.assets.fonts.family(family).next().and_then(|f| f.file.clone()) {
                    Some(file) => file,
                    None => "built in".to_string(),
                },
            };
            format!("{family} ({from})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which layout was seen, and what it leaves out of the book.
fn survey(loaded: &crate::pipeline::Loaded, ui: &mut Ui) {
    let s = &loaded.survey;
    ui.say(&format!("layout: {}", s.layout));
    let list = |ui: &mut Ui, head: String, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        ui.say(&head);
        for item in items {
            ui.say(&format!("  {item}"));
        }
    };
    list(ui, format!("left out ({}):", s.left_out.len()), s.left_out.iter().map(|(p, why)| format!("{p}: {why}")).collect());
    let orphans_word =
        if loaded.project.config.orphans == notes_project::config::Orphans::LeaveOut { "left out" } else { "added after their folder's listed notes" };
    list(ui, format!("in no table of contents, {orphans_word} ({}):", s.orphans.len()), s.orphans.clone());
    list(ui, format!("kept out of the table of contents on purpose, added after the rest ({}):", s.unlisted.len()), s.unlisted.clone());
}

fn print_json(diags: &Diagnostics) -> Result<(), Error> {
    let list: Vec<_> = diags.iter().cloned().collect();
    let mut out = std::io::stdout().lock();
    crate::report::write_json(&mut out, &list).map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })
}

fn count(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
