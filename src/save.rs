//! Writing files the user asked for (`--save-answers`, `rules export`): only regular files
//! (or symlinks) are ever replaced, and only with `--force`; the file is written to a
//! temporary file in the same directory and moved into place atomically, without replacing
//! anything that appeared meanwhile unless forced; answers get mode 600 whatever the umask.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::printable::path as shown;

/// What a path that is not a regular file is, in words, for "will not replace" messages.
fn kind_of(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() || t.is_symlink() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some("a character device (like /dev/null)");
        }
        if t.is_block_device() {
            return Some("a block device (a disk)");
        }
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn not_regular(path: &Path, what: &str) -> Error {
    Error::usage(
        format!(
            "{} is {what}; gutcheck writes only regular files and will not replace it, even with --force",
            shown(path)
        ),
        Some("give the name of a new or existing regular file, like answers.toml"),
    )
}

/// Fails early, before any question is asked, if `path` cannot be written as asked.
pub fn check_target(path: &Path, force: bool) -> Result<(), Error> {
    if path == Path::new("-") {
        return Err(Error::usage(
            "--save-answers - : standard output already carries the report, so the answers are not written there",
            Some("give a file name, like answers.toml (it replays with --answers FILE)"),
        ));
    }
    let name = || shown(path);
    match fs::symlink_metadata(path) {
        Ok(meta) => {
            if meta.is_dir() {
                return Err(Error::usage(
                    format!("{} is a directory", name()),
                    Some("give a file name, like answers.toml"),
                ));
            }
            if let Some(what) = kind_of(&meta) {
                return Err(not_regular(path, what));
            }
            if !force {
                // A symlink counts as existing even when what it points to does not.
                let what = if meta.file_type().is_symlink() && fs::metadata(path).is_err() {
                    "is a symlink (to a missing file)"
                } else {
                    "already exists"
                };
                return Err(Error::usage(
                    format!("{} {what}; gutcheck will not overwrite it", name()),
                    Some("choose another file name, or add --force to replace it"),
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::NotFound, "the directory does not exist"),
        });
    }
    // A read-only directory fails here, before any question is asked, not after.
    let probe = dir.join(format!(".gutcheck-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
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

/// Writes `contents` to `path` through a temporary file in the same directory, so an existing
/// file is never left half-written. Without `force` the move into place fails if anything
/// exists at `path` at that instant (no check-then-rename window). `private` sets mode 600
/// (explicitly, so the umask cannot make the file unreadable to its owner).
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
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(werr(e)),
        }
    }
    let (tmp_path, mut file) =
        tmp.ok_or_else(|| werr(io::Error::other("no free temporary file name")))?;
    let result = set_private(&file, private)
        .and_then(|_| file.write_all(contents))
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            if force {
                // Never replace a device or a FIFO that appeared since the first check.
                if let Ok(meta) = fs::symlink_metadata(path)
                    && let Some(what) = kind_of(&meta)
                {
                    return Err(io::Error::other(format!("it is now {what}")));
                }
                fs::rename(&tmp_path, path)
            } else {
                place_new(&tmp_path, path, contents, private)
            }
        });
    // After a successful rename or link there is nothing left at tmp_path (or only the
    // second name of the new file); removing it is always right.
    let _ = fs::remove_file(&tmp_path);
    result.map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            Error::usage(
                format!(
                    "{} appeared while gutcheck was writing; it was not overwritten",
                    shown(path)
                ),
                Some("choose another file name, or add --force to replace it"),
            )
        } else {
            werr(e)
        }
    })
}

/// Mode 600 on the open file: fchmod is not subject to the umask.
fn set_private(file: &fs::File, private: bool) -> io::Result<()> {
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    let _ = (file, private);
    Ok(())
}

/// Moves `tmp` to `path` only if nothing exists at `path`, atomically: `renameat2` with
/// `RENAME_NOREPLACE` where the kernel and file system have it, else a hard link (which fails
/// if the name exists) and the temporary name removed by the caller; on a file system with
/// neither, the file is created with `O_EXCL` and written in place. Fails with
/// `AlreadyExists` when something is there.
pub fn place_new(tmp: &Path, path: &Path, contents: &[u8], private: bool) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let from = CString::new(tmp.as_os_str().as_bytes())?;
        let to = CString::new(path.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as given.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            // Not supported by this kernel or file system: try the next way.
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => {}
            _ => return Err(e),
        }
    }
    match fs::hard_link(tmp, path) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
        // No hard links here (some FUSE or FAT file systems): fall through.
        Err(_) => {}
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if private {
            opts.mode(0o600);
        }
    }
    let mut f = opts.open(path)?;
    let written = set_private(&f, private)
        .and_then(|_| f.write_all(contents))
        .and_then(|_| f.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_a_new_file_never_replaces_one_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("tmp");
        let target = dir.path().join("target");
        fs::write(&tmp, "ours").unwrap();
        fs::write(&target, "theirs").unwrap();
        let e = place_new(&tmp, &target, b"ours", false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&target).unwrap(), "theirs");
        fs::remove_file(&target).unwrap();
        place_new(&tmp, &target, b"ours", false).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "ours");
    }
}
