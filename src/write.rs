//! Writing outputs to disk, atomically: a failed or killed build leaves
//! every earlier output as it was.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, flushed to disk, then renamed over the old file. A failed or
/// killed build leaves any earlier output untouched.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    remove_stale_temporaries(dir, &name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes several outputs all or nothing, as far as a file system allows:
/// every one is first written to its temporary file (a full disk, a
/// folder that cannot be written, an output path that is a file: nothing
/// is replaced), and only then are they renamed over the old ones. Returns
/// the path that failed with the error.
pub fn atomic_write_all(outputs: &[(&Path, &[u8])]) -> Result<(), (std::path::PathBuf, std::io::Error)> {
    let mut written: Vec<(std::path::PathBuf, &Path)> = Vec::new();
    let clean = |written: &[(std::path::PathBuf, &Path)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in outputs {
        let result = (|| {
            if path.is_dir() {
                return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder is in the way"));
            }
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
            remove_stale_temporaries(dir, &name);
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            let mut file = std::fs::File::create(&tmp)?;
            written.push((tmp, path));
            file.write_all(bytes)?;
            file.sync_all()
        })();
        if let Err(e) = result {
            clean(&written);
            return Err((path.to_path_buf(), e));
        }
    }
    for (i, (tmp, path)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            clean(&written[i..]);
            return Err((path.to_path_buf(), e));
        }
    }
    Ok(())
}

/// Temporary files of builds that were killed while writing: older than a
/// few minutes, so never those of a build running now.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let stale =
            entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > std::time::Duration::from_secs(600));
        if file.starts_with(&prefix) && file.ends_with(".tmp") && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/book.pdf");
        atomic_write(&path, b"one").unwrap();
        atomic_write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn outputs_are_written_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("book.pdf");
        let epub = dir.path().join("book.epub");
        atomic_write_all(&[(&pdf, b"pdf 1"), (&epub, b"epub 1")]).unwrap();
        // The EPUB cannot be written (a folder is in its place): the PDF
        // is not replaced either.
        std::fs::remove_file(&epub).unwrap();
        std::fs::create_dir(&epub).unwrap();
        let (failed, _) = atomic_write_all(&[(&pdf, b"pdf 2"), (&epub, b"epub 2")]).unwrap_err();
        assert_eq!(failed, epub);
        assert_eq!(std::fs::read(&pdf).unwrap(), b"pdf 1");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(left.iter().all(|n| !n.ends_with(".tmp")), "{left:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_old_temporaries_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.pdf");
        atomic_write(&path, b"good").unwrap();
        // A stale temporary of a killed build.
        let stale = dir.path().join(".book.pdf.99999.tmp");
        std::fs::write(&stale, b"half").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        // Writing where a folder stands fails: the rename cannot replace it.
        let blocked = dir.path().join("blocked.pdf");
        std::fs::create_dir(&blocked).unwrap();
        assert!(atomic_write(&blocked, b"new").is_err());
        atomic_write(&path, b"better").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"better");
        assert!(!stale.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(left.iter().all(|n| !n.ends_with(".tmp")), "{left:?}");
    }
}
