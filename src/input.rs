//! Reading the user's files safely: size caps, directories, binary data and invalid UTF-8
//! all become clear errors instead of panics or hangs.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::error::Error;

/// Largest answers or rule file read, in bytes. Real ones are a few kilobytes.
pub const MAX_INPUT: u64 = 8 * 1024 * 1024;

/// Reads a whole (small) input file; `-` reads standard input.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    if path == Path::new("-") {
        if io::stdin().is_terminal() {
            // Do not wait in silence: say what is expected and how to end it.
            let _ = io::stderr().write_all(
                b"gutcheck: reading an answers file (TOML) from standard input, this terminal; paste or type it, then press Ctrl-D on a line of its own (Ctrl-C to quit)\n",
            );
        }
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|source| Error::Read {
                path: PathBuf::from("<stdin>"),
                source,
            })?;
        return check_size("<stdin>", buf);
    }
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(Error::input(
            Diagnostic::file_level(
                path.display().to_string(),
                "this is a directory, not a file",
            )
            .with_help("give the path of a .toml file inside it"),
        ));
    }
    let file = fs::File::open(path).map_err(read_err)?;
    let mut buf = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(read_err)?;
    check_size(&path.display().to_string(), buf)
}

fn check_size(name: &str, buf: Vec<u8>) -> Result<Vec<u8>, Error> {
    if buf.len() as u64 > MAX_INPUT {
        return Err(Error::input(
            Diagnostic::file_level(name, format!("file is larger than {} MiB", MAX_INPUT >> 20))
                .with_help("answers and rule files are small TOML files; check that this is the right file"),
        ));
    }
    Ok(buf)
}

/// Checks that `bytes` is text: no NUL bytes (binary) and valid UTF-8 (with the place of the
/// first bad byte).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Error> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 {
        // Windows editors ("Unicode" in Notepad) write UTF-16 with a byte-order mark.
        return Err(Error::input(
            Diagnostic::file_level(name, "this file is UTF-16 text (it starts with a UTF-16 byte-order mark); gutcheck reads UTF-8")
                .with_help("save it as UTF-8 (in most editors: Save As, encoding UTF-8)"),
        ));
    }
    if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        return Err(Error::input(
            Diagnostic::file_level(name, "this looks like a binary file, not TOML text")
                .with_help("give the path of a .toml text file"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let good = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut d =
                Diagnostic::file_level(name, format!("invalid UTF-8 (byte 0x{:02x})", bytes[at]));
            d.location = Some((line, col));
            Err(Error::input(d.with_help("save the file as UTF-8 text")))
        }
    }
}

/// Reads a text input file, or standard input for `-`.
pub fn read_text(path: &Path) -> Result<(String, String), Error> {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = read_bytes(path)?;
    let text = decode(&name, bytes)?;
    Ok((name, text))
}
