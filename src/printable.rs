//! Text that did not come from gutcheck (answers files, rule files, file names, echoed input),
//! made safe to print: every control character becomes visible instead of reaching the
//! terminal, where an escape sequence could retitle the window, clear the screen or hide text.
//!
//! Made visible: C0 controls (U+0000–U+001F, ESC included), DEL, C1 controls (U+0080–U+009F),
//! the bidirectional embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069
//! (which reorder what is shown). `\n`, `\r` and `\t` are written as those two characters;
//! the rest as `\u{1b}`. Every renderer and every diagnostic goes through this one module.

use std::borrow::Cow;

/// True for a character that must not reach the output as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line of text: every unsafe character, new lines included, made visible.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A paragraph: like [`line`], but new lines and tabs are kept (they are white space to the
/// wrapping that follows).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// [`line`], cut to at most `max` characters of the input with the number left out said:
/// echoed input in an error message stays short however long the input was.
pub fn capped(s: &str, max: usize) -> String {
    cap(s, max, false)
}

/// [`text`], cut like [`capped`].
pub fn capped_text(s: &str, max: usize) -> String {
    cap(s, max, true)
}

fn cap(s: &str, max: usize, keep_white: bool) -> String {
    match s.char_indices().nth(max) {
        None => escape(s, keep_white).into_owned(),
        Some((cut, _)) => {
            let rest = s[cut..].chars().count();
            format!(
                "{}… ({rest} more characters)",
                escape(&s[..cut], keep_white)
            )
        }
    }
}

/// Serialised JSON with the characters serde_json leaves as they are (DEL, C1 controls,
/// bidi overrides) written as `\uXXXX` escapes: the same JSON value, safe on a terminal.
/// Such characters can only occur inside JSON strings, so every one is replaced.
pub fn json(s: String) -> String {
    // serde_json escapes C0 controls inside strings; a raw new line is layout.
    let unsafe_in_json = |c: char| c != '\n' && is_unsafe(c);
    if !s.chars().any(unsafe_in_json) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A path as [`line`] shows it (a file name may hold a new line or an escape sequence).
pub fn path(p: &std::path::Path) -> String {
    line(&p.to_string_lossy()).into_owned()
}

fn escape(s: &str, keep_white: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_white && matches!(c, '\n' | '\t');
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) || keep(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_become_visible() {
        assert_eq!(line("a\x1b]0;x\x07b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(
            line("x\u{202e}y\u{2066}\u{7f}\u{9b}"),
            "x\\u{202e}y\\u{2066}\\u{7f}\\u{9b}"
        );
        assert_eq!(line("a\nb\tc\r"), "a\\nb\\tc\\r");
        assert_eq!(text("a\nb\tc\x1b"), "a\nb\tc\\u{1b}");
        assert!(matches!(line("plain é 日本"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_the_same_value() {
        let v = serde_json::json!({"a": "x\u{1b}\u{7f}\u{85}\u{202e}y"});
        let s = json(serde_json::to_string(&v).unwrap());
        assert!(!s.chars().any(is_unsafe), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn capped_says_how_much_was_left_out() {
        assert_eq!(capped("abcdef", 3), "abc… (3 more characters)");
        assert_eq!(capped("abc", 3), "abc");
    }
}
