//! Terminal facts, settled once at startup: is color on, how wide to wrap, and what Ctrl-C
//! does. Nothing else in gutcheck looks at the environment for these.

use std::io::IsTerminal;

use crate::render::ColorChoice;

/// Decides color for standard output. `--color always|never` wins; under `auto`, a non-empty
/// NO_COLOR turns color off, CLICOLOR_FORCE (not "0") turns it on, CLICOLOR=0 or TERM=dumb
/// turn it off, and otherwise color follows whether stdout is a terminal.
pub fn color_enabled(
    choice: ColorChoice,
    is_tty: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
            if set("NO_COLOR") {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else if env("CLICOLOR").as_deref() == Some("0")
                || env("TERM").as_deref() == Some("dumb")
            {
                false
            } else {
                is_tty
            }
        }
    }
}

/// Applies the color decision to `colored` (stdout) and to dialoguer's console (stderr).
pub fn setup_color(choice: ColorChoice) -> bool {
    let env = |k: &str| std::env::var(k).ok();
    let stdout = color_enabled(choice, std::io::stdout().is_terminal(), &env);
    let stderr = color_enabled(choice, std::io::stderr().is_terminal(), &env);
    colored::control::set_override(stdout);
    dialoguer::console::set_colors_enabled(stdout);
    dialoguer::console::set_colors_enabled_stderr(stderr);
    stdout
}

/// The column to wrap text output at: the terminal's width (at most 100, for readability),
/// COLUMNS when set, else 80.
pub fn width() -> usize {
    let term = dialoguer::console::Term::stdout();
    let cols = if std::io::stdout().is_terminal() {
        term.size_checked().map(|(_, c)| c as usize)
    } else {
        None
    };
    let cols = cols
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(80);
    cols.clamp(30, 100)
}

/// Shows `report` through a pager when standard output is a terminal and the report is taller
/// than it, as git and bat do: `$PAGER`, or `less -FRX` (quit at once if it fits, keep colours,
/// leave the text on screen). Returns false when no pager was used (the caller prints it).
pub fn page(report: &[u8]) -> bool {
    use std::process::{Command, Stdio};
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return false;
    }
    let term = dialoguer::console::Term::stdout();
    let Some((rows, _)) = term.size_checked() else {
        return false;
    };
    let lines = report.iter().filter(|&&b| b == b'\n').count();
    if lines < usize::from(rows) {
        return false;
    }
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -FRX".to_string());
    let mut words = pager.split_whitespace();
    let Some(program) = words.next() else {
        return false;
    };
    if program == "cat" {
        return false;
    }
    let mut cmd = Command::new(program);
    cmd.args(words).stdin(Stdio::piped());
    if program.ends_with("less") && std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    let Ok(mut child) = cmd.spawn() else {
        return false; // no such pager: print the report as it is
    };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        // A pager that quits early closes the pipe: not an error.
        let _ = stdin.write_all(report);
    }
    let _ = child.wait();
    true
}

/// The terminal mode before the session started, restored if a signal ends it mid-key.
#[cfg(unix)]
static SAVED_MODE: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// On Ctrl-C (as a signal), SIGTERM or SIGHUP: put the terminal back as it was (a prompt may
/// have it in raw mode with the cursor hidden) and exit 130.
pub fn install_interrupt_handler() {
    #[cfg(unix)]
    {
        let mut mode = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr only writes the struct it is given; it is read only on success.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, mode.as_mut_ptr()) } == 0 {
            let _ = SAVED_MODE.set(unsafe { mode.assume_init() });
        }
    }
    let _ = ctrlc::set_handler(|| {
        restore_terminal();
        std::process::exit(130);
    });
}

/// Restores the saved terminal mode and shows the cursor.
pub fn restore_terminal() {
    #[cfg(unix)]
    if let Some(mode) = SAVED_MODE.get() {
        // SAFETY: the struct came from tcgetattr on the same descriptor.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, mode);
        }
    }
    let err = dialoguer::console::Term::stderr();
    if err.is_term() {
        let _ = err.show_cursor();
        let _ = err.write_line("");
    }
}

/// Keeps standard input in raw mode (no echo, no line editing, Ctrl-C as a key) for as long
/// as it lives, and puts the previous mode back when dropped. The widgets hold one while they
/// read keys: console switches raw mode on and off around every single key, and a key that
/// arrives in between (a fast typist, a paste) would otherwise be echoed as `^C` or turned
/// into a signal.
pub struct RawMode {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl RawMode {
    pub fn enter() -> RawMode {
        #[cfg(unix)]
        {
            let mut mode = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the struct on success; it is read only then.
            if unsafe { libc::tcgetattr(libc::STDIN_FILENO, mode.as_mut_ptr()) } != 0 {
                return RawMode { saved: None };
            }
            let saved = unsafe { mode.assume_init() };
            let mut raw = saved;
            // SAFETY: cfmakeraw only edits the struct it is given.
            unsafe { libc::cfmakeraw(&mut raw) };
            // Keep output processing, so "\n" still starts a new line.
            raw.c_oflag = saved.c_oflag;
            // SAFETY: a valid termios for the same descriptor.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSADRAIN, &raw) };
            RawMode { saved: Some(saved) }
        }
        #[cfg(not(unix))]
        RawMode {}
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            // SAFETY: restores the struct tcgetattr gave us.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSADRAIN, saved) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn flags_win_over_environment() {
        assert!(color_enabled(
            ColorChoice::Always,
            false,
            &env(&[("NO_COLOR", "1")])
        ));
        assert!(!color_enabled(
            ColorChoice::Never,
            true,
            &env(&[("CLICOLOR_FORCE", "1")])
        ));
    }

    #[test]
    fn auto_follows_no_color_then_clicolor_force_then_tty() {
        assert!(!color_enabled(
            ColorChoice::Auto,
            true,
            &env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])
        ));
        assert!(color_enabled(
            ColorChoice::Auto,
            true,
            &env(&[("NO_COLOR", "")])
        ));
        assert!(color_enabled(
            ColorChoice::Auto,
            false,
            &env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!color_enabled(
            ColorChoice::Auto,
            true,
            &env(&[("TERM", "dumb")])
        ));
        assert!(!color_enabled(ColorChoice::Auto, false, &env(&[])));
        assert!(color_enabled(ColorChoice::Auto, true, &env(&[])));
    }
}
