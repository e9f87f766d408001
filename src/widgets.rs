//! The three answer widgets of the interactive session: pick one, pick any, and a line of
//! text. They are drawn with dialoguer's theme and read keys through dialoguer's console, but
//! drive the keys themselves, because dialoguer's own prompts ignore Ctrl-D (end of input)
//! and redraw the whole line on every key, which made a 100 KB paste take minutes.
//!
//! Keys: arrows (and j/k), Home/End, Page Up/Down move; Space ticks; Enter accepts; Esc goes
//! back; Ctrl-C and Ctrl-D end the session.

use std::fmt::Write as _;

use dialoguer::console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, Theme};

use crate::rules::messages::Messages;

/// What happened at a widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    Done(T),
    /// Esc: go back one question.
    Back,
    /// Ctrl-C or Ctrl-D (or the terminal went away).
    Quit,
}

/// Largest text answer kept, in bytes; further typing or pasting is ignored.
pub const MAX_TEXT: usize = 1 << 20;

const CTRL_D: char = '\u{4}';

/// Draws a window of `items` and handles the keys of both list widgets.
struct List<'a> {
    m: &'a Messages,
    term: &'a Term,
    theme: &'a ColorfulTheme,
    items: &'a [String],
    page: usize,
    cursor: usize,
    offset: usize,
    drawn: usize,
}

impl List<'_> {
    fn draw(&mut self, checked: Option<&[bool]>, action_last: bool) -> std::io::Result<()> {
        self.term.clear_last_lines(self.drawn)?;
        let page = self.page.min(self.items.len()).max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        let mut lines = 0;
        for i in self.offset..(self.offset + page).min(self.items.len()) {
            let mut s = String::new();
            let active = i == self.cursor;
            let is_action = action_last && i + 1 == self.items.len();
            let _ = match checked {
                Some(_) if is_action => {
                    // An action, not an answer: no tick box.
                    let pointer = if active {
                        self.theme.active_item_prefix.to_string()
                    } else {
                        self.theme.inactive_item_prefix.to_string()
                    };
                    write!(s, "{pointer}   {}", self.items[i])
                }
                Some(c) => {
                    // The theme marks the active item by color alone; without color the
                    // cursor would be invisible, so draw the pointer too.
                    let pointer = if active {
                        self.theme.active_item_prefix.to_string()
                    } else {
                        self.theme.inactive_item_prefix.to_string()
                    };
                    let _ = write!(s, "{pointer} ");
                    self.theme
                        .format_multi_select_prompt_item(&mut s, &self.items[i], c[i], active)
                }
                None => self
                    .theme
                    .format_select_prompt_item(&mut s, &self.items[i], active),
            };
            self.term.write_line(&s)?;
            lines += 1;
        }
        if self.items.len() > page {
            let more = format!(
                "  {}",
                self.m.fill(
                    "session-scroll",
                    &[
                        ("first", &(self.offset + 1)),
                        ("last", &(self.offset + page).min(self.items.len())),
                        ("total", &self.items.len()),
                    ],
                )
            );
            self.term.write_line(
                &dialoguer::console::style(more)
                    .dim()
                    .for_stderr()
                    .to_string(),
            )?;
            lines += 1;
        }
        self.drawn = lines;
        Ok(())
    }

    /// Moves the cursor for navigation keys; returns false for other keys.
    fn navigate(&mut self, key: &Key) -> bool {
        let n = self.items.len();
        match key {
            Key::ArrowUp | Key::Char('k') | Key::BackTab => self.cursor = (self.cursor + n - 1) % n,
            Key::ArrowDown | Key::Char('j') | Key::Tab => self.cursor = (self.cursor + 1) % n,
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = n - 1,
            Key::PageUp => self.cursor = self.cursor.saturating_sub(self.page.max(1)),
            Key::PageDown => self.cursor = (self.cursor + self.page.max(1)).min(n - 1),
            _ => return false,
        }
        true
    }

    fn finish(&mut self) {
        let _ = self.term.clear_last_lines(self.drawn);
        self.drawn = 0;
        let _ = self.term.show_cursor();
    }
}

/// Pick one item. `page` is how many items fit on screen.
pub fn select(
    m: &Messages,
    term: &Term,
    theme: &ColorfulTheme,
    items: &[String],
    default: usize,
    page: usize,
) -> Outcome<usize> {
    let mut list = List {
        m,
        term,
        theme,
        items,
        page,
        cursor: default.min(items.len().saturating_sub(1)),
        offset: 0,
        drawn: 0,
    };
    let _ = term.hide_cursor();
    let raw = crate::term::RawMode::enter();
    let out = loop {
        if list.draw(None, false).is_err() {
            break Outcome::Quit;
        }
        let key = match term.read_key_raw() {
            Ok(k) => k,
            Err(_) => break Outcome::Quit,
        };
        if list.navigate(&key) {
            continue;
        }
        match key {
            Key::Enter | Key::Char(' ') => break Outcome::Done(list.cursor),
            Key::Escape => break Outcome::Back,
            Key::CtrlC | Key::Char(CTRL_D) => break Outcome::Quit,
            _ => {}
        }
    };
    drop(raw);
    list.finish();
    out
}

/// What a pick-any list returns: the ticked items, or a request to run the action entry
/// (the last item, such as "Why do we ask this?") with the ticks so far kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Ticked(Vec<usize>),
    Action(Vec<usize>),
}

/// Pick any items; `checked` gives the starting ticks. With `action_last`, the last item is
/// not a tick box but an action: Space or Enter on it returns `Picked::Action`.
#[allow(clippy::too_many_arguments)]
pub fn multi_select(
    m: &Messages,
    term: &Term,
    theme: &ColorfulTheme,
    items: &[String],
    checked: &[bool],
    exclusive: &[bool],
    page: usize,
    action_last: bool,
) -> Outcome<Picked> {
    let mut ticks = checked.to_vec();
    ticks.resize(items.len(), false);
    let mut list = List {
        m,
        term,
        theme,
        items,
        page,
        cursor: 0,
        offset: 0,
        drawn: 0,
    };
    let _ = term.hide_cursor();
    let raw = crate::term::RawMode::enter();
    let out = loop {
        if list.draw(Some(&ticks), action_last).is_err() {
            break Outcome::Quit;
        }
        let key = match term.read_key_raw() {
            Ok(k) => k,
            Err(_) => break Outcome::Quit,
        };
        if list.navigate(&key) {
            continue;
        }
        let ticked = |t: &[bool]| (0..items.len()).filter(|&i| t[i]).collect::<Vec<_>>();
        let on_action = action_last && list.cursor + 1 == items.len();
        match key {
            Key::Char(' ') | Key::Enter if on_action => {
                break Outcome::Done(Picked::Action(ticked(&ticks)));
            }
            Key::Char(' ') | Key::Char('x') => {
                let i = list.cursor;
                ticks[i] = !ticks[i];
                if ticks[i] {
                    toggle_exclusive(&mut ticks, exclusive, i);
                }
            }
            Key::Enter => break Outcome::Done(Picked::Ticked(ticked(&ticks))),
            Key::Escape => break Outcome::Back,
            Key::CtrlC | Key::Char(CTRL_D) => break Outcome::Quit,
            _ => {}
        }
    };
    drop(raw);
    list.finish();
    out
}

/// After item `i` is ticked: an exclusive item ("None of these", "Not sure") clears every
/// other tick; any other item clears the exclusive ones.
pub fn toggle_exclusive(ticks: &mut [bool], exclusive: &[bool], i: usize) {
    let excl = |k: usize| exclusive.get(k).copied().unwrap_or(false);
    let alone = excl(i);
    for (k, t) in ticks.iter_mut().enumerate() {
        if k != i && (alone || excl(k)) {
            *t = false;
        }
    }
}

/// A line of text, echoed as typed (or pasted) without redrawing, so that long input stays
/// fast. Only the first `echo_limit` characters are shown; the rest is counted.
pub fn text(
    m: &Messages,
    term: &Term,
    theme: &ColorfulTheme,
    prompt: &str,
    initial: &str,
    echo_limit: usize,
) -> Outcome<String> {
    let mut head = String::new();
    let _ = theme.format_input_prompt(&mut head, prompt, None);
    let cols = (term.size().1 as usize).max(20);
    let mut buf = String::from(initial);
    let mut shown = 0usize; // characters echoed
    let mut hidden = 0usize; // characters typed past the echo limit
    let mut dropped = 0usize; // characters past MAX_TEXT, not kept
    let redraw_all = |buf: &str, shown: &mut usize, hidden: &mut usize| -> std::io::Result<()> {
        term.write_str(&head)?;
        let n = buf.chars().count();
        *shown = n.min(echo_limit);
        *hidden = n - *shown;
        term.write_str(&buf.chars().take(*shown).collect::<String>())
    };
    // Lines the prompt plus echoed text occupy, for clearing at the end.
    let used_lines =
        |shown: usize| (dialoguer::console::measure_text_width(&head) + shown) / cols + 1;
    if redraw_all(&buf, &mut shown, &mut hidden).is_err() {
        return Outcome::Quit;
    }
    let raw = crate::term::RawMode::enter();
    let out = loop {
        let key = match term.read_key_raw() {
            Ok(k) => k,
            Err(_) => break Outcome::Quit,
        };
        match key {
            Key::Enter => break Outcome::Done(buf.clone()),
            Key::Escape => break Outcome::Back,
            // End of input ends the session here as at every other prompt.
            Key::CtrlC | Key::Char(CTRL_D) => break Outcome::Quit,
            Key::Backspace if buf.pop().is_some() => {
                if hidden > 0 {
                    hidden -= 1;
                } else if shown > 0 {
                    shown -= 1;
                    let _ = term.write_str("\u{8} \u{8}");
                }
            }
            Key::Char(c) if !c.is_control() || c == '\t' => {
                if buf.len() + c.len_utf8() > MAX_TEXT {
                    dropped += 1;
                    continue;
                }
                buf.push(if c == '\t' { ' ' } else { c });
                if shown < echo_limit {
                    shown += 1;
                    let _ = term.write_str(c.encode_utf8(&mut [0; 4]));
                } else {
                    hidden += 1;
                }
            }
            _ => {}
        }
    };
    drop(raw);
    let _ = term.write_line("");
    let _ = term.clear_last_lines(used_lines(shown));
    if (hidden > 0 || dropped > 0) && matches!(out, Outcome::Done(_)) {
        let mut note = String::new();
        let _ = write!(
            note,
            "  {}",
            m.fill("session-characters", &[("n", &buf.chars().count())])
        );
        if dropped > 0 {
            // Never cut what was pasted without saying so.
            note.push_str(&m.fill("session-text-cut", &[("dropped", &dropped)]));
        }
        let _ = term.write_line(
            &dialoguer::console::style(note)
                .dim()
                .for_stderr()
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod exclusive_tests {
    #[test]
    fn an_exclusive_item_stands_alone() {
        let excl = [false, false, true, true];
        let mut t = [true, true, true, false];
        super::toggle_exclusive(&mut t, &excl, 2);
        assert_eq!(t, [false, false, true, false]);
        let mut t = [true, false, true, false];
        super::toggle_exclusive(&mut t, &excl, 0);
        assert_eq!(t, [true, false, false, false]);
    }
}
