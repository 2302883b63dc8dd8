//! `notes init` and `notes new`: the terminal side of [`crate::scaffold`].

use std::path::{Path, PathBuf};

use super::{EXIT_IO, EXIT_NOTES, EXIT_OK, EXIT_USAGE, InitArgs, NewArgs, Ui, options};
use crate::pipeline::Error;
use crate::scaffold::{self, Change, InitOptions, NewTalk, ScaffoldError};
use notes_doc::diag::Diagnostic;
use notes_doc::names::title_from_path;
use notes_project::Project;

/// `notes init [DIR]`.
pub fn init(args: &InitArgs, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => cwd.join(d),
        None => cwd.to_path_buf(),
    };
    let shown_dir = args.dir.clone().unwrap_or_default();
    let folder_name = dir.canonicalize().unwrap_or_else(|_| dir.clone()).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let title = args.title.clone().unwrap_or_else(|| {
        let t = title_from_path(&folder_name);
        if t.is_empty() { "Notes".into() } else { t }
    });
    let opts = InitOptions { title, author: args.author.clone().unwrap_or_default(), today: today() };
    match scaffold::init(&dir, &opts) {
        Ok(changes) => {
            report(ui, &changes, &shown_dir);
            ui.say("");
            ui.say("Next:");
            if args.dir.is_some() {
                ui.say(&format!("  cd {}", shown_dir.display()));
            }
            ui.say("  notes watch      rebuild the PDF each time a note is saved");
            ui.say("                   (try it: edit sources/example-conference/writing-notes-that-last.md)");
            ui.say("  notes new example-conference/my-talk \"My Talk\"");
            ui.say("  notes check      report problems in the notes");
            Ok(EXIT_OK)
        }
        Err(e) => Ok(scaffold_failed(ui, e, &shown_dir, "nothing was written: choose another folder, or move these files away")),
    }
}

/// `notes new EVENT/TALK "Title"`.
pub fn new(args: &NewArgs, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    let project = Project::open(&options(&args.at, None, cwd))?;
    let shown_dir = project.shown(cwd, &project.source_dir);
    let talk = NewTalk { path: args.path.clone(), title: args.title.clone(), speakers: args.speakers.clone(), date: args.date.clone().unwrap_or_else(today) };
    match scaffold::new_talk(&project.source_dir, &shown_dir, &talk) {
        Ok(changes) => {
            report(ui, &changes, Path::new(""));
            Ok(EXIT_OK)
        }
        Err(e) => Ok(scaffold_failed(ui, e, Path::new(""), "nothing was written: choose another name for the talk")),
    }
}

fn report(ui: &mut Ui, changes: &[Change], dir: &Path) {
    for change in changes {
        match change {
            Change::Created(p) => ui.said("created", &dir.join(p).display().to_string()),
            Change::Updated(p) => ui.said("updated", &dir.join(p).display().to_string()),
        }
    }
}

fn scaffold_failed(ui: &mut Ui, e: ScaffoldError, dir: &Path, help: &str) -> i32 {
    match e {
        ScaffoldError::Exists(paths) => {
            let shown: Vec<PathBuf> = paths.iter().map(|p| dir.join(p)).collect();
            let message = ScaffoldError::Exists(shown).to_string();
            ui.diagnostic(&Diagnostic::error("file-exists", message).with_help(help));
            EXIT_NOTES
        }
        ScaffoldError::BadName(message) => {
            ui.diagnostic(&Diagnostic::error("bad-talk-name", message));
            EXIT_USAGE
        }
        ScaffoldError::Io { path, source } => {
            let shown = ui.shown(&path);
            ui.diagnostic(&Diagnostic::error("io", format!("cannot write {}: {source}", shown.display())));
            EXIT_IO
        }
    }
}

/// Today as `YYYY-MM-DD` (UTC), or the day of `SOURCE_DATE_EPOCH`.
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64));
    notes_doc::dates::iso_date(notes_doc::dates::date_of_unix(secs))
}
