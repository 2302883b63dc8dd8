//! Paths inside a project: `/`-separated relative paths as notes write them,
//! joined lexically, and resolved on disk only inside a base folder (a
//! symlink cannot lead out, `..` cannot climb out, absolute paths are
//! refused).

use std::path::{Component, Path, PathBuf};

/// Why a path named by a note cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("an empty path")]
    Empty,
    #[error("{0:?} is an absolute path; paths in notes must stay inside the source folder")]
    Absolute(String),
    #[error("{0:?} leaves the source folder; paths in notes must stay inside it")]
    Outside(String),
    #[error("{path:?} cannot be found ({reason})")]
    Missing { path: String, reason: String },
}

/// Joins `relative` (a `/`-separated path) to `base` and checks that the
/// result, once symlinks are followed, is inside `base` (which must be
/// canonical). Absolute paths and paths leaving `base` are refused.
pub fn resolve_inside(base: &Path, relative: &str) -> Result<PathBuf, PathError> {
    let rel = Path::new(relative);
    if relative.is_empty() {
        return Err(PathError::Empty);
    }
    if rel.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(PathError::Absolute(relative.to_string()));
    }
    let joined = base.join(rel);
    let canonical = joined.canonicalize().map_err(|e| PathError::Missing { path: relative.to_string(), reason: io_reason(&e) })?;
    if !canonical.starts_with(base) {
        return Err(PathError::Outside(relative.to_string()));
    }
    Ok(canonical)
}

/// Normalizes a `/`-separated relative path lexically (`a/./b/../c` →
/// `a/c`), relative to the folder `from_dir`. Returns `None` when it climbs
/// above the root. A `target` starting with `/` starts from the root.
pub fn join_relative(from_dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { from_dir.split('/').filter(|p| !p.is_empty()).collect() };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated path (`a/b.md` → `a`).
pub fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// An I/O error as a few words for a person.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joins() {
        assert_eq!(join_relative("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_relative("a", "./x/./y").as_deref(), Some("a/x/y"));
        assert_eq!(join_relative("", "../x"), None);
        assert_eq!(join_relative("a/b", "/top.md").as_deref(), Some("top.md"));
        assert_eq!(parent_of("a/b/c.md"), "a/b");
        assert_eq!(parent_of("c.md"), "");
    }

    #[test]
    fn paths_may_not_leave_the_base() {
        let dir = std::env::temp_dir().join(format!("notes-doc-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("in")).unwrap();
        let base = dir.canonicalize().unwrap();
        std::fs::write(base.join("in/ok.png"), b"x").unwrap();
        std::fs::write(base.join("secret"), b"x").unwrap();
        let inner = base.join("in");
        assert!(resolve_inside(&inner, "ok.png").is_ok());
        assert!(matches!(resolve_inside(&inner, "../secret"), Err(PathError::Outside(_))));
        assert!(matches!(resolve_inside(&inner, "/etc/passwd"), Err(PathError::Absolute(_))));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret"), inner.join("link")).unwrap();
            assert!(resolve_inside(&inner, "link").unwrap_err().to_string().contains("leaves"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
