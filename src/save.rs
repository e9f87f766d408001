//! Writing files the user asked for (`--save-answers`, `rules export`): never over an existing
//! file unless forced, atomically (temporary file, then rename), answers with mode 600.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Fails early, before any question is asked, if `path` cannot be written as asked.
pub fn check_target(path: &Path, force: bool) -> Result<(), Error> {
    if path.is_dir() {
        return Err(Error::usage(
            format!("{} is a directory", path.display()),
            Some("give a file name, like answers.toml"),
        ));
    }
    if path.exists() && !force {
        return Err(Error::usage(
            format!(
                "{} already exists; gutcheck will not overwrite it",
                path.display()
            ),
            Some("choose another file name, or add --force to replace it"),
        ));
    }
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the directory does not exist",
            ),
        });
    }
    // A read-only directory fails here, before any question is asked, not after.
    let probe = dir.join(format!(".gutcheck-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(Error::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `contents` to `path` through a temporary file in the same directory and a rename,
/// so an existing file is never left half-written. `private` sets mode 600.
pub fn write_atomic(path: &Path, contents: &[u8], force: bool, private: bool) -> Result<(), Error> {
    check_target(path, force)?;
    let dir = parent(path);
    let name = path
        .file_name()
        .map_or_else(|| "gutcheck".into(), |n| n.to_string_lossy().into_owned());
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = None;
    for n in 0..100u32 {
        let candidate = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            if private {
                opts.mode(0o600);
            }
        }
        match opts.open(&candidate) {
            Ok(f) => {
                tmp = Some((candidate, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(werr(e)),
        }
    }
    let (tmp_path, mut file) =
        tmp.ok_or_else(|| werr(std::io::Error::other("no free temporary file name")))?;
    let result = file
        .write_all(contents)
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            if !force && path.exists() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "file appeared while writing",
                ));
            }
            fs::rename(&tmp_path, path)
        });
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp_path);
        return Err(werr(e));
    }
    Ok(())
}
