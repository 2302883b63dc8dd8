//! `notes completions SHELL` and `notes man`: generated from the clap
//! definitions, so that they never disagree with `--help`.

use std::path::{Path, PathBuf};

use super::{EXIT_OK, Ui, command};
use crate::pipeline::Error;

pub fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut cmd = command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "notes", &mut out);
    Ok(EXIT_OK)
}

/// Prints `notes.1`, or writes it and a page per command into `out`.
pub fn man(out: Option<&Path>, cwd: &Path, ui: &mut Ui) -> Result<i32, Error> {
    match out {
        None => {
            let page = clap_mangen::Man::new(command());
            let mut stdout = std::io::stdout().lock();
            page.render(&mut stdout).map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })?;
        }
        Some(dir) => {
            let dir = if dir.is_absolute() { dir.to_path_buf() } else { cwd.join(dir) };
            let write_error = |source| Error::Write { path: ui.shown(&dir), source };
            std::fs::create_dir_all(&dir).map_err(write_error)?;
            clap_mangen::generate_to(command(), &dir).map_err(write_error)?;
            let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(write_error)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("notes") && n.to_string_lossy().ends_with(".1")))
                .collect();
            pages.sort();
            for page in pages {
                let shown = ui.shown(&page);
                ui.said("wrote", &shown.display().to_string());
            }
        }
    }
    Ok(EXIT_OK)
}
