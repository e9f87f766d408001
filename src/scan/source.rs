//! Scanning one input (a file or standard input) as a stream: chunks cut at paragraph
//! breaks, the prefilter over raw bytes, the matcher on the blocks around its hits, and
//! positions (line, column in characters, byte offset) for what it finds.
//!
//! Memory stays bounded whatever the input: a chunk is about [`CHUNK`] bytes, grows up to
//! [`MAX_CHUNK`] while no paragraph break comes, and is then cut at a line break or white
//! space. Lines are counted only as far as a chunk goes (with `memchr`), and columns only
//! where something is found.

use std::io::{self, Read};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::{memchr, memchr_iter, memrchr};

use super::block;
use super::prefilter::Prefilter;
use crate::matcher::{Matcher, Normalized, TextContext, normalize};

/// The size a chunk is read up to before it is scanned.
pub const CHUNK: usize = 256 * 1024;
/// The most a chunk grows while looking for a paragraph break.
pub const MAX_CHUNK: usize = 1024 * 1024;
/// A NUL byte in this many first bytes marks a binary file (as grep does).
pub const BINARY_PROBE: usize = 8 * 1024;
/// Bytes of a long line shown on each side of a match in text output.
const CONTEXT_BYTES: usize = 400;

/// One claim found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the claim in the rule base.
    pub claim: usize,
    /// The claim is mentioned, not asserted (reported with `--all` only).
    pub refuted: bool,
    /// Why it is not asserted.
    pub reason: Option<crate::matcher::assertion::Reason>,
    /// 1-based line and column (in characters) of the first character of the match.
    pub line: u64,
    pub column: u64,
    /// 1-based line and column just after the last character of the match.
    pub end_line: u64,
    pub end_column: u64,
    /// Byte offsets of the match in the input (end exclusive).
    pub offset: u64,
    pub end_offset: u64,
    /// The matched text as written (markup and line breaks included; invalid UTF-8 as U+FFFD).
    pub matched: String,
    /// The source line around the match, for text output.
    pub context: Option<Context>,
    /// The sentence is told in the first person ("I", "my"), as a comment or a letter is.
    pub first_person: bool,
}

/// A window of the source line where a match starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub text: String,
    /// Byte range of the match in `text` (up to the end of the line).
    pub span: Range<usize>,
    /// The line goes on before / after `text`.
    pub cut_left: bool,
    pub cut_right: bool,
}

/// What scanning one input came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Scanned,
    /// A NUL byte near the start: not text, skipped.
    Binary,
    /// Stopped because the output is gone.
    Cancelled,
}

/// A failure while scanning: the input could not be read (report it and go on with the
/// other inputs), or the findings could not be written (stop).
#[derive(Debug)]
pub enum StreamError {
    Read(io::Error),
    Write(io::Error),
}

/// An input up to this long is read as one page: its findings wait for its end, when the
/// page's stance is known (see `Scanner::settled`). A longer input is not a web page (a log,
/// a book, a corpus): its findings stream out as they are found.
pub const PAGE_MAX: u64 = 4 * 1024 * 1024;
/// A page that leaves at least this many mentions uncounted (denied, refuted, reported …),
/// and at least [`CAREFUL_PAGE_RATIO`] times as many as it asserts, is a careful page.
pub const CAREFUL_PAGE_MIN: u64 = 5;
pub const CAREFUL_PAGE_RATIO: u64 = 2;

/// What to look for and what to keep.
pub struct Scanner<'a> {
    pub matcher: &'a Matcher,
    pub prefilter: &'a Prefilter,
    /// Keep refuted mentions too.
    pub all: bool,
    /// Collect the source line of each finding (text output).
    pub context: bool,
}

/// A growable read buffer, kept between inputs so small files cost no allocation.
#[derive(Default)]
pub struct Buffer {
    data: Vec<u8>,
    len: usize,
    /// The last fill stopped because the input paused (see [`super::paced`]).
    paused: bool,
    /// Bytes of this input have been consumed (its start, and the binary probe, are past).
    started: bool,
}

impl Buffer {
    /// Reads until the buffer holds `want` bytes, the input ends, a short read shows the
    /// writer paused (a pipe) while a paragraph break is already in hand, or the input has
    /// been silent for a second (see [`super::paced`]; then `paused` is set). Returns true at
    /// the end of the input.
    fn fill(&mut self, r: &mut dyn Read, from: usize, want: usize) -> io::Result<bool> {
        if self.data.len() < want {
            self.data.resize(want.next_power_of_two(), 0);
        }
        self.paused = false;
        while self.len < want {
            let asked = want - self.len;
            let n = match r.read(&mut self.data[self.len..want]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // A writer silent for a second may stay silent for hours: the scan goes on
                // with what is here, however short (a short read alone waits for
                // BINARY_PROBE bytes, so a pipe that pauses early is probed on less).
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.paused = true;
                    if self.len > 0 || self.started {
                        break;
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            if n == 0 {
                return Ok(true);
            }
            self.len += n;
            if n < asked
                && self.len >= BINARY_PROBE
                && paragraph_cut(&self.data[..self.len], from).is_some()
            {
                break;
            }
        }
        Ok(false)
    }

    fn consume(&mut self, n: usize) {
        self.data.copy_within(n..self.len, 0);
        self.len -= n;
        self.started = true;
    }
}

/// Just after the last blank line of `buf` (a paragraph break), if any.
fn last_paragraph_break(buf: &[u8]) -> Option<usize> {
    let mut end = buf.len();
    while let Some(nl) = memrchr(b'\n', &buf[..end]) {
        let mut q = nl;
        while q > 0 && matches!(buf[q - 1], b' ' | b'\t' | b'\r') {
            q -= 1;
        }
        if q > 0 && buf[q - 1] == b'\n' {
            return Some(nl + 1);
        }
        end = nl;
    }
    None
}

/// The first character start at or after `i` in `b`, no further than `end`: a UTF-8
/// continuation byte is passed over.
fn char_start_from(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && (b[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

/// Where the first line with text starts in `text`, from `from` on: blank lines are passed
/// over (the last line, with no line break after it, is never passed).
fn after_blank_lines(text: &[u8], mut from: usize) -> usize {
    while let Some(n) = memchr(b'\n', &text[from..])
        && text[from..from + n].trim_ascii().is_empty()
    {
        from += n + 1;
    }
    from
}

/// Characters in `b` as a lossy decoding shows them (one per invalid sequence).
fn chars(b: &[u8]) -> u64 {
    b.utf8_chunks()
        .map(|c| c.valid().chars().count() as u64 + u64::from(!c.invalid().is_empty()))
        .sum()
}

/// `String::from_utf8_lossy`, checking valid UTF-8 with `str::from_utf8` first: its
/// validation reads ASCII a word at a time, about twice as fast on pages (same result).
fn lossy(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// The byte offset in `raw` of byte offset `at` of `String::from_utf8_lossy(raw)`.
fn lossy_to_raw(raw: &[u8], at: usize) -> usize {
    let (mut lossy, mut pos) = (0, 0);
    for c in raw.utf8_chunks() {
        let v = c.valid().len();
        if at <= lossy + v {
            return pos + at - lossy;
        }
        lossy += v;
        pos += v;
        if !c.invalid().is_empty() {
            if at < lossy + char::REPLACEMENT_CHARACTER.len_utf8() {
                return pos;
            }
            lossy += char::REPLACEMENT_CHARACTER.len_utf8();
            pos += c.invalid().len();
        }
    }
    raw.len()
}

/// Where the source of the last character of normalised range `r` ends.
/// (`Normalized::original` runs on to the next character kept, so it takes in closing
/// markup and line breaks after the match.)
fn source_end(text: &str, norm: &Normalized, r: Range<usize>) -> usize {
    if r.is_empty() {
        return norm.orig(r.start);
    }
    // The start of the last character (a match may end in a letter beyond ASCII).
    let mut end = r.end - 1;
    while end > r.start && !norm.text.is_char_boundary(end) {
        end -= 1;
    }
    let last = norm.orig(end);
    let rest = &text[last..];
    match rest.chars().next() {
        // An entity (`&amp;`) made this character, unless it is a plain `&`.
        Some('&') if !norm.text[..r.end].ends_with('&') => rest[..rest.len().min(16)]
            .find(';')
            .map_or(last + 1, |i| last + i + 1),
        Some(c) => last + c.len_utf8(),
        None => last,
    }
}

/// Line and column bookkeeping for the chunk in hand. Positions are asked for in nearly
/// increasing order, so each answer counts only the bytes since the one before: a line of
/// several MiB with thousands of findings costs one pass, not one pass per finding.
struct Lines {
    /// Line number of the chunk's first byte.
    line: u64,
    /// Characters before the chunk's first byte on its line.
    column: u64,
    /// The last offset asked about, its line number and the characters before it on its line.
    at: usize,
    line_at: u64,
    column_at: u64,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            line: 1,
            column: 0,
            at: 0,
            line_at: 1,
            column_at: 0,
        }
    }

    /// Line and column of chunk offset `x`.
    fn position(&mut self, c: &[u8], x: usize) -> (u64, u64) {
        let column = if x >= self.at {
            let seg = &c[self.at..x];
            self.line_at += memchr_iter(b'\n', seg).count() as u64;
            match memrchr(b'\n', seg) {
                Some(nl) => chars(&seg[nl + 1..]),
                None => self.column_at + chars(seg),
            }
        } else {
            let seg = &c[x..self.at];
            let newlines = memchr_iter(b'\n', seg).count() as u64;
            self.line_at -= newlines;
            if newlines == 0 {
                self.column_at - chars(seg)
            } else {
                match memrchr(b'\n', &c[..x]) {
                    Some(nl) => chars(&c[nl + 1..x]),
                    None => self.column + chars(&c[..x]),
                }
            }
        };
        self.at = x;
        self.column_at = column;
        (self.line_at, column + 1)
    }

    /// Moves past the first `n` bytes of `c`, which is the chunk and the bytes read after it
    /// (a finding read across the cut may have asked for an offset beyond `n`).
    fn advance(&mut self, c: &[u8], n: usize) {
        let (line, column) = self.position(c, n);
        self.line = line;
        self.column = column - 1;
        self.at = 0;
        self.line_at = self.line;
        self.column_at = self.column;
    }
}

impl Scanner<'_> {
    /// Scans `r` to its end, handing its findings to `emit` in order: a page's (an input up to
    /// [`PAGE_MAX`]) at its end, once its stance is known (see `Scanner::settled`), or when
    /// its writer pauses, judged on what has arrived; a longer input's chunk by chunk past
    /// [`PAGE_MAX`]. `cancel` stops the scan between chunks.
    pub fn scan(
        &self,
        r: &mut dyn Read,
        buf: &mut Buffer,
        cancel: &AtomicBool,
        emit: &mut dyn FnMut(Vec<Finding>) -> io::Result<()>,
    ) -> Result<Outcome, StreamError> {
        buf.len = 0;
        buf.started = false;
        let mut eof = buf.fill(r, 0, CHUNK).map_err(StreamError::Read)?;
        let probe = &buf.data[..buf.len.min(BINARY_PROBE)];
        if memchr(0, probe).is_some() {
            return Ok(Outcome::Binary);
        }
        // A byte order mark is not part of the first line's columns.
        let mut base: u64 = 0;
        if buf.data[..buf.len].starts_with(b"\xEF\xBB\xBF") {
            buf.consume(3);
            base = 3;
        }
        let mut lines = Lines::new();
        // The page's title: its concepts may complete a claim in any sentence, and a page
        // about the gut barrier is read whole rather than only around anchor words.
        let title = title_of(&buf.data[..buf.len])
            .map(|t| self.matcher.concepts_in(&normalize(&t).text))
            .unwrap_or_default();
        let mut page = Page {
            whole: self.matcher.any_anchor(&title),
            title,
            seen: Vec::new(),
            reported_to: vec![0; self.matcher.claim_count()],
            mentioned_to: vec![0; self.matcher.claim_count()],
            heading: None,
            myth_list: None,
            lead_in: None,
            in_section: false,
            counted: 0,
            not_counted: 0,
        };
        // The findings of a page, held until its end or a pause (None once it is longer than
        // a page).
        let mut held: Option<Vec<Finding>> = Some(Vec::new());
        // Where the chunk starts in the buffer: the bytes before it are the end of the chunk
        // before, kept to look back at.
        let mut from = 0;
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Ok(Outcome::Cancelled);
            }
            let data = &buf.data[..buf.len];
            let cut = if eof {
                Some(data.len())
            } else {
                paragraph_cut(data, from)
                    // Cut within the first MAX_CHUNK bytes, with OVERLAP more in hand to read
                    // a claim across the cut.
                    .or_else(|| {
                        (data.len() - from >= MAX_CHUNK + OVERLAP)
                            .then(|| super::block::forced_cut(data, from, from + MAX_CHUNK))
                    })
                    // A writer that paused (a log being written, one line at a time): what is
                    // here is read up to its last line break.
                    .or_else(|| {
                        buf.paused
                            .then(|| memrchr(b'\n', &data[from..]).map(|i| from + i + 1))
                            .flatten()
                    })
            };
            match cut {
                Some(cut) => {
                    let mut found = self.scan_chunk(data, from, cut, base, &mut lines, &mut page);
                    if let Some(h) = held.as_mut() {
                        h.append(&mut found);
                        if eof || buf.paused {
                            // The end, or a writer that paused: the page is judged on what
                            // has arrived (all of it, unless the writer goes on later).
                            found = self.settled(h, &page);
                        } else if base + cut as u64 > PAGE_MAX {
                            // Longer than a page: the findings stream from here.
                            found = held.take().unwrap_or_default();
                        }
                    }
                    if !found.is_empty() {
                        emit(found).map_err(StreamError::Write)?;
                    }
                    if eof {
                        return Ok(Outcome::Scanned);
                    }
                    // The end of this chunk stays in hand, below the next one.
                    from = cut - kept_from(data, cut);
                    lines.advance(data, cut - from);
                    base += (cut - from) as u64;
                    buf.consume(cut - from);
                    eof = buf
                        .fill(r, from, (from + CHUNK).max(buf.len + 1))
                        .map_err(StreamError::Read)?;
                }
                // No paragraph break yet: read more, up to the cap. A writer that paused with
                // no line ended: what is held goes out, judged on what has arrived.
                None => {
                    if buf.paused
                        && let Some(h) = held.as_mut()
                        && !h.is_empty()
                    {
                        emit(self.settled(h, &page)).map_err(StreamError::Write)?;
                    }
                    let want = (buf.len * 2).clamp(from + CHUNK, from + MAX_CHUNK + OVERLAP);
                    eof = buf.fill(r, from, want).map_err(StreamError::Read)?;
                }
            }
        }
    }

    /// The findings of one chunk, in order of position.
    /// `data[from..cut]` is the chunk; the bytes before it are the end of the chunk before
    /// (its headings govern blocks here), and the bytes after it (already read) let a block
    /// that had to be cut inside a line be read a little further, so a claim across the cut
    /// is found, and the last block see the paragraph after it.
    fn scan_chunk(
        &self,
        data: &[u8],
        from: usize,
        cut: usize,
        base: u64,
        lines: &mut Lines,
        page: &mut Page,
    ) -> Vec<Finding> {
        let chunk = &data[..cut];
        let mut found = Vec::new();
        if page.whole {
            self.scan_blocks_from(data, cut, from, false, base, lines, page, &mut found);
            return found;
        }
        let mut done = from;
        // A section read whole (below) that the chunk before ended in goes on here.
        if page.in_section {
            done = self.scan_blocks_from(data, cut, from, true, base, lines, page, &mut found);
            page.in_section = done >= cut;
        }
        self.prefilter.for_each(&chunk[from..], |s| {
            let s = from + s;
            if s < done {
                return done - from;
            }
            let b = block::around(chunk, s, done);
            self.scan_block(data, cut, b.clone(), base, lines, page, &mut found);
            done = b.end;
            // A heading that names the gut barrier: the section under it is read whole, so
            // "## Leaky gut" then "Our plan heals it in 14 days." is found.
            if is_heading_block(&chunk[b.clone()]) {
                let heading = normalize(&String::from_utf8_lossy(&chunk[b.clone()])).text;
                if self.matcher.any_anchor(&self.matcher.concepts_in(&heading)) {
                    done =
                        self.scan_blocks_from(data, cut, done, true, base, lines, page, &mut found);
                    page.in_section = done >= cut;
                }
            }
            done - from
        });
        // A chunk cut inside a line: if the text just after the cut names an anchor, the last
        // block is read on across the cut (its claim may start before it).
        if done < cut && cut < data.len() && data[cut - 1] != b'\n' {
            let after = &data[cut..(cut + OVERLAP).min(data.len())];
            let mut any = false;
            self.prefilter.for_each(after, |_| {
                any = true;
                after.len()
            });
            if any {
                let b = block::around(chunk, cut - 1, done);
                self.scan_block(data, cut, b, base, lines, page, &mut found);
            }
        }
        found
    }

    /// Scans every block from `u`: to the end of the chunk, or (`section`) to the next
    /// heading. Returns where it stopped.
    #[allow(clippy::too_many_arguments)]
    fn scan_blocks_from(
        &self,
        data: &[u8],
        cut: usize,
        mut u: usize,
        section: bool,
        base: u64,
        lines: &mut Lines,
        page: &mut Page,
        found: &mut Vec<Finding>,
    ) -> usize {
        let chunk = &data[..cut];
        while u < chunk.len() {
            let e = block::block_end(chunk, u).max(u + 1);
            if section && is_heading_block(&chunk[u..e]) {
                break;
            }
            self.scan_block(data, cut, u..e, base, lines, page, found);
            u = e;
        }
        u
    }

    /// Runs the matcher on block `b` of the chunk `data[..cut]` and records what it finds.
    #[allow(clippy::too_many_arguments)]
    fn scan_block(
        &self,
        data: &[u8],
        cut: usize,
        b: Range<usize>,
        base: u64,
        lines: &mut Lines,
        page: &mut Page,
        found: &mut Vec<Finding>,
    ) {
        let matcher = self.matcher;
        let chunk = &data[..cut];
        // A block cut inside a line (a long line without a break) is read on a little, so a
        // claim across the cut is found here; the next block does not report it again.
        let cut_inside_line = b.end > b.start && data[b.end - 1] != b'\n' && b.end < data.len();
        let read_to = if cut_inside_line {
            let limit = (b.end + OVERLAP).min(data.len());
            let e = memchr(b'\n', &data[b.end..limit]).map_or(limit, |i| b.end + i);
            char_start_from(data, e, data.len())
        } else {
            b.end
        };
        // Likewise back, for a block that starts inside a line.
        let read_from = if b.start > 0 && data[b.start - 1] != b'\n' {
            let limit = b.start.saturating_sub(OVERLAP);
            let f = memrchr(b'\n', &data[limit..b.start]).map_or(limit, |i| limit + i + 1);
            char_start_from(data, f, b.start)
        } else {
            b.start
        };
        let raw = &data[read_from..read_to];
        // Nothing but spaces and punctuation: no words to read (letters beyond ASCII are words).
        if !raw.iter().any(|&b| b.is_ascii_alphanumeric() || b >= 0x80) {
            return;
        }
        let text = lossy(raw);
        let norm = normalize(&text);
        let mut ctx = TextContext {
            topic: page.title.clone(),
            ..TextContext::default()
        };
        ctx.topic.extend(&page.seen);
        // A fact-check lays a myth out under its own "Myth" heading, then answers it.
        // A lead-in that answers ("The truth: it is very real. Here is what it does.") is the
        // page's own voice: a list under it does not take a "Myth" heading above.
        let above = heading_and_lead_in(chunk, b.start).filter(|(_, lead_in)| {
            lead_in.is_none_or(|l| {
                let opening = opening_words(&normalize(&String::from_utf8_lossy(l)).text);
                !matcher.is_rebuttal(&matcher.concepts_in(&opening))
            })
        });
        if let Some((h, _)) = above {
            // Many blocks share the heading above: read it once.
            let at = base + (h.as_ptr() as usize - chunk.as_ptr() as usize) as u64;
            if page.heading.as_ref().is_none_or(|(pos, _, _)| *pos != at) {
                let heading = normalize(&String::from_utf8_lossy(h)).text;
                let concepts = matcher.concepts_in(&heading);
                // "Myth 2: …", "Myths and facts": a label that opens the heading. A heading
                // that asks ("Is leaky gut a myth?") introduces an answer, not a list of myths.
                let opening = opening_words(&heading);
                let labelled = !heading.trim_end().ends_with('?')
                    && matcher.is_myth_label(&matcher.concepts_in(&opening));
                let item = is_numbered(h) && page.next_myth_item(at);
                if !labelled && !item && page.myth_list.is_some_and(|(_, started)| started) {
                    page.myth_list = None;
                }
                if labelled && !item {
                    page.myth_list = Some((at, false));
                }
                page.heading = Some((at, concepts, labelled || item));
            }
            if let Some((_, concepts, myth)) = &page.heading {
                ctx.topic.extend(concepts);
                ctx.under_myth_heading = *myth;
            }
        }
        // Under a heading that labels myths, a numbered line that opens a paragraph is the
        // next claim on its list, set out as text extracted from a page sets a heading: where
        // that line ends (from `read_from`), if it is one.
        let numbered_label = if page.myth_list.is_some() && b.start == read_from {
            let line_start = after_blank_lines(&data[..read_to], b.start);
            memchr(b'\n', &data[line_start..read_to])
                .map(|i| line_start + i)
                .filter(|&e| e - line_start <= 200 && is_numbered(&data[line_start..e]))
                .filter(|_| page.next_myth_item(base + line_start as u64))
                .map(|e| e - read_from)
        } else {
            None
        };
        ctx.next = next_text(data, read_to);
        // Only the item itself, not the writer's text run on below it in the same block, and
        // only when the lead-in's last sentence reports without taking the words as its own
        // ("I was told that:", not "Here is what I was told, and it was right:").
        // The items of a list share their lead-in: it is read once.
        ctx.reported_lead_in = list_lead_in(chunk, b.start)
            .filter(|_| is_single_item(&data[b.start..read_to]))
            .is_some_and(|l| {
                let at = base + (l.as_ptr() as usize - chunk.as_ptr() as usize) as u64;
                if let Some((pos, reports)) = page.lead_in
                    && pos == at
                {
                    return reports;
                }
                let tail = &l[l.len().saturating_sub(200)..];
                let tail = normalize(&String::from_utf8_lossy(tail)).text;
                let last = matcher.sentences(&tail).pop().unwrap_or(0..0);
                let concepts = matcher.concepts_in(&tail[last]);
                let reports = matcher.is_reported(&concepts)
                    && !matcher.is_endorsement(&concepts)
                    && !matcher.is_rebuttal(&concepts);
                page.lead_in = Some((at, reports));
                reports
            });
        // Quotations, one a line, that the page says it cites (see `Scanner::cites`): worked
        // out only for a block where a claim is found, and then once.
        let may_cite = !ctx.reported_lead_in && !ctx.under_myth_heading;
        let cited = std::cell::OnceCell::new();
        let cited = || {
            *cited.get_or_init(|| may_cite && self.cites(chunk, &data[b.start..read_to], b.start))
        };
        // A turn of a chat export is its speaker's own: the next speaker's "That's not true"
        // answers it in their voice, and leaves it asserted by the page that holds it. Only
        // timed turns: untimed labels may be a page's own ("Rumour: …" / "Debunked: …").
        if let Some((next, true)) = block::speaker(first_line(ctx.next))
            && block::speaker(first_line(&data[b.start..read_to]))
                .is_some_and(|(this, timed)| timed && !this.eq_ignore_ascii_case(next))
        {
            ctx.next = &[];
        }
        ctx.before = paragraph_before(data, read_from);
        // Whether the block holds a Markdown table (a separator row) or a table set out with
        // tabs, looked at once.
        let table = std::cell::OnceCell::new();
        let mut table_memo = None;
        for mut m in matcher.find_collect(&norm.text, &ctx, &mut page.seen) {
            let o = norm.original(m.span.clone());
            // ... only on the quotations' own lines, not on the block's heading.
            if !m.refuted && on_quoted_line(&text, o.start) && cited() {
                m.refuted = true;
                m.reason = Some(crate::matcher::assertion::Reason::Reported);
            }
            // Labelled like a claim under a myth heading: the numbered line above, or a table
            // column headed by a myth label.
            if !m.refuted
                && (numbered_label.is_some_and(|e| o.start < e)
                    || (*table.get_or_init(|| {
                        (memchr::memmem::find(raw, b"--").is_some() && memchr(b'|', raw).is_some())
                            || memchr(b'\t', raw).is_some()
                    }) && in_myth_column(&text, o.start, matcher, &mut table_memo)))
            {
                m.refuted = true;
                m.reason = Some(crate::matcher::assertion::Reason::MythHeading);
            }
            if o.start >= b.end - read_from || o.end <= b.start - read_from {
                continue; // wholly in the parts read on: a neighbouring block's
            }
            let mut span = o;
            span.end = source_end(&text, &norm, m.span).clamp(span.start, span.end);
            let (start, end) = match &text {
                std::borrow::Cow::Borrowed(_) => (span.start, span.end),
                std::borrow::Cow::Owned(_) => {
                    (lossy_to_raw(raw, span.start), lossy_to_raw(raw, span.end))
                }
            };
            let (start, end) = (read_from + start, read_from + end);
            // Counted once, asserted or not: a mention that overlaps the last one of this claim
            // (read on from the block before) is the same mention.
            let mentioned = &mut page.mentioned_to[m.claim];
            if base + (start as u64) >= *mentioned {
                *mentioned = base + end as u64;
                match m.refuted {
                    true => page.not_counted += 1,
                    false => page.counted += 1,
                }
            }
            if m.refuted && !self.all {
                continue;
            }
            // Reported once: a match that overlaps one already reported for this claim (read
            // on from the block before) is the same claim.
            let last = &mut page.reported_to[m.claim];
            if base + (start as u64) < *last {
                continue;
            }
            *last = base + end as u64;
            let (line, column) = lines.position(data, start);
            let (end_line, end_column) = lines.position(data, end);
            found.push(Finding {
                claim: m.claim,
                refuted: m.refuted,
                reason: m.reason,
                line,
                column,
                end_line,
                end_column,
                offset: base + start as u64,
                end_offset: base + end as u64,
                matched: text[span].to_string(),
                context: self
                    .context
                    .then(|| context(data, start, end, lines.column)),
                first_person: m.first_person,
            });
        }
    }

    /// Whether the block at `start` (`block`, as read) is a block of quotations, one a line,
    /// that the page says it cites (a regulator's letter, a fact-check): a lead-in or the
    /// heading above them (see [`announcement_above`]) labels claims ("It makes four claims:",
    /// "Examples of claims cited", "Wording we objected to").
    fn cites(&self, chunk: &[u8], block: &[u8], start: usize) -> bool {
        let matcher = self.matcher;
        announcement_above(chunk, block, start).iter().any(|label| {
            let label = normalize(&String::from_utf8_lossy(label)).text;
            matcher.is_myth_label(&matcher.concepts_in(&label))
        })
    }

    /// The findings `held` so far, taken out and judged on the page as read so far: on a
    /// careful page (one that leaves
    /// most of the claims it mentions uncounted: [`CAREFUL_PAGE_MIN`], [`CAREFUL_PAGE_RATIO`])
    /// a claim in a sentence not told in the first person is one more it sets out to answer,
    /// though nothing near it says so. Sceptical pages quote claims in many ways no cue marks
    /// (a claim in a caption, a plan retold, a joke); their readers' comments and letters ("my
    /// zonulin test proved …") still count. A rule base without the `first-person` concept
    /// does not use this reading.
    fn settled(&self, held: &mut Vec<Finding>, page: &Page) -> Vec<Finding> {
        let mut found = std::mem::take(held);
        let careful = self.matcher.reads_first_person()
            && page.not_counted >= CAREFUL_PAGE_MIN
            && page.not_counted >= CAREFUL_PAGE_RATIO * page.counted;
        if !careful {
            return found;
        }
        for f in found
            .iter_mut()
            .filter(|f| !f.refuted && !f.first_person && !self.matcher.is_sceptics_claim(f.claim))
        {
            f.refuted = true;
            f.reason = Some(crate::matcher::assertion::Reason::CarefulPage);
        }
        if !self.all {
            found.retain(|f| !f.refuted);
        }
        found
    }

    /// Scans a text held in memory (the triage's free-text answer, tests).
    pub fn scan_str(&self, text: &str) -> Vec<Finding> {
        let mut all = Vec::new();
        let never = AtomicBool::new(false);
        let mut buf = Buffer::default();
        let result = self.scan(&mut text.as_bytes(), &mut buf, &never, &mut |f| {
            all.extend(f);
            Ok(())
        });
        debug_assert!(result.is_ok(), "reading from memory does not fail");
        all
    }
}

/// The line around `chunk[start..end]`, at most `CONTEXT_BYTES` on each side.
fn context(chunk: &[u8], start: usize, end: usize, column_before_chunk: u64) -> Context {
    // Line ends are looked for only as far as the context reaches (a few bytes more for a
    // character cut in two), so a long line with many findings is not read once per finding.
    let lo = start.saturating_sub(CONTEXT_BYTES + 4);
    let ls = memrchr(b'\n', &chunk[lo..start]).map_or(lo, |i| lo + i + 1);
    let hi = chunk
        .len()
        .min(end.max(start).saturating_add(CONTEXT_BYTES + 4));
    let le = memchr(b'\n', &chunk[start..hi]).map_or(hi, |i| start + i);
    let end = end.min(le).max(start);
    let mut from = ls.max(start.saturating_sub(CONTEXT_BYTES));
    while from > ls && (chunk[from] & 0xC0) == 0x80 {
        from -= 1;
    }
    let to = char_start_from(chunk, le.min(end.saturating_add(CONTEXT_BYTES)), le);
    let before = String::from_utf8_lossy(&chunk[from..start]);
    let matched = String::from_utf8_lossy(&chunk[start..end]);
    let after = String::from_utf8_lossy(&chunk[end..to]);
    let mut text = String::with_capacity(before.len() + matched.len() + after.len());
    text.push_str(&before);
    text.push_str(&matched);
    text.push_str(&after);
    Context {
        span: before.len()..before.len() + matched.len(),
        text,
        cut_left: from > ls || (ls == 0 && column_before_chunk > 0),
        cut_right: to < le,
    }
}

/// What scanning knows about the page as a whole.
pub struct Page {
    /// Concepts in the page's title.
    pub title: Vec<u16>,
    /// The title names an anchor concept: read every block, not only those around anchors.
    pub whole: bool,
    /// Anchor concepts the page has named so far: they stay its topic.
    pub seen: Vec<u16>,
    /// Per claim, the end offset of the last finding reported.
    pub reported_to: Vec<u64>,
    /// Per claim, the end offset of the last mention counted (asserted or not).
    pub mentioned_to: Vec<u64>,
    /// The last heading read: its offset, concepts and whether it labels myths.
    pub heading: Option<(u64, Vec<u16>, bool)>,
    /// Where the last heading that labels myths ("7 leaky gut claims that don't hold up")
    /// was, and whether a numbered item has followed it: the numbered items after it ("2.
    /// Leaky gut is the root of all disease") are the claims it lists. The first must come
    /// within [`MYTH_LIST_REACH`] bytes; a heading that is neither numbered nor a myth label
    /// ends the list once it has started.
    pub myth_list: Option<(u64, bool)>,
    /// The last list lead-in read ("I was told that:"): its offset, and whether it reports
    /// someone's words.
    pub lead_in: Option<(u64, bool)>,
    /// The chunk before ended inside a section read whole (under a heading that names the
    /// gut barrier): the next chunk reads on to its next heading.
    pub in_section: bool,
    /// Mentions of claims asserted, and not (denied, refuted, reported …), so far.
    pub counted: u64,
    pub not_counted: u64,
}

/// How far after a heading that labels myths its list's first numbered item may start.
const MYTH_LIST_REACH: u64 = 4096;

impl Page {
    /// Whether a numbered item at `at` continues a list of myths (and marks the list begun).
    fn next_myth_item(&mut self, at: u64) -> bool {
        match self.myth_list {
            Some((from, started)) if started || at.saturating_sub(from) <= MYTH_LIST_REACH => {
                self.myth_list = Some((from, true));
                true
            }
            _ => false,
        }
    }
}

/// How far a block cut inside a line is read on, in bytes.
const OVERLAP: usize = 1024;
/// Bytes of the chunk before kept in hand below the next one, so a block at its start still
/// sees the heading and lead-in above it (looked for at most 4 KiB back).
const LOOKBACK: usize = 8 * 1024;
/// Bytes that must be in hand after a paragraph break before a chunk is cut there, so the
/// last block sees the start of the next paragraph ("Verdict: False."). With both, where a
/// pipe's reads happen to end does not change what is found.
const LOOKAHEAD: usize = 2 * 1024;
/// The most kept below the next chunk (blank lines after the last text included).
const MAX_KEPT: usize = 64 * 1024;

/// Where to cut the chunk `data[from..]` at a paragraph break, with [`LOOKAHEAD`] bytes after
/// it in hand.
/// Blank lines after the break do not count: the text of the next paragraph must have begun.
fn paragraph_cut(data: &[u8], from: usize) -> Option<usize> {
    let c = last_paragraph_break(&data[..data.len().saturating_sub(LOOKAHEAD)])
        .filter(|&c| c > from)?;
    let text = data[c..].iter().position(|b| !b.is_ascii_whitespace())?;
    (data.len() - c - text >= LOOKAHEAD).then_some(c)
}

/// Where the bytes kept below the next chunk start: [`LOOKBACK`] bytes before the end of the
/// chunk's last text (blank lines after it are kept too, up to [`MAX_KEPT`] in all), at the
/// start of a character.
fn kept_from(data: &[u8], cut: usize) -> usize {
    let text_end = data[..cut].trim_ascii_end().len();
    let start = text_end
        .saturating_sub(LOOKBACK)
        .max(cut.saturating_sub(MAX_KEPT));
    char_start_from(data, start, cut)
}

/// The page's title: the text of an HTML `<title>` or `<h1>` near the start, else the first
/// line with text if it is short.
fn title_of(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(BINARY_PROBE)];
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    for tag in ["<title", "<h1"] {
        if let Some(i) = lower.find(tag)
            && let Some(open_end) = lower[i..].find('>')
        {
            let from = i + open_end + 1;
            let close = format!("</{}", &tag[1..]);
            if let Some(len) = lower[from..].find(&close) {
                return Some(text[from..from + len].to_string());
            }
        }
    }
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.len() <= 200).then(|| line.to_string())
}

/// Whether a line reads as a heading: Markdown or HTML heading markup, or a short line that
/// does not end like a sentence.
fn is_heading_line(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    if t.is_empty() {
        return false;
    }
    if block::is_heading(t) {
        return true;
    }
    // Most lines end like a sentence: settled before anything longer is looked at.
    let ends_like_sentence = matches!(t[t.len() - 1], b'.' | b'!' | b'?' | b',' | b';' | b'"');
    if ends_like_sentence && t[0] != b'<' {
        return false;
    }
    // A table's rows (Markdown, or cells set out with tabs) are not headings: a column
    // header labels its own column only (see `in_myth_column`).
    if t[0] == b'|' || memchr(b'\t', t).is_some() {
        return false;
    }
    if t.len() > 3 && t[0] == b'<' && (t[1] | 0x20) == b'h' && t[2].is_ascii_digit() {
        return true;
    }
    // Up to thirteen words are enough to tell (a paragraph line can hold hundreds).
    let words = t
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .take(13)
        .count();
    words <= 12 && !ends_like_sentence
}

/// A Markdown list item (as blocks are cut) or an HTML one.
fn is_list_line(line: &[u8]) -> bool {
    block::is_list_item(line) || line.trim_ascii_start().starts_with(b"<li")
}

/// A line that is one quotation and nothing else: a list of quoted lines ("Here are a few
/// lines I copied from packaging:" then one quotation a line) is led in and headed like a
/// list with bullets.
fn is_quoted_line(line: &[u8]) -> bool {
    // A straight quote mark opens it, or a curly one (or white space beyond ASCII before
    // one): a line that opens with any other byte is settled without decoding it.
    matches!(
        line.trim_ascii_start().first(),
        Some(b'"' | 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3)
    ) && std::str::from_utf8(line).is_ok_and(crate::matcher::is_quotation)
}

/// Whether a line opens with an item number ("2. ", "3) ", after any Markdown heading
/// marks) and reads as a title, with no full stop at its end, as a listicle's items do.
fn is_numbered(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    let t = t[t.iter().take_while(|&&b| b == b'#').count()..].trim_ascii_start();
    let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&digits)
        && matches!(t.get(digits), Some(b'.' | b')' | b':'))
        && t.get(digits + 1) == Some(&b' ')
        && !t.ends_with(b".")
}

/// A block that is one heading line.
fn is_heading_block(b: &[u8]) -> bool {
    let t = b.trim_ascii();
    !t.is_empty() && memchr(b'\n', t).is_none() && is_heading_line(t)
}

/// Whether byte `at` of `text` lies in a table cell (Markdown, or a row of cells parted by tabs
/// as text extracted from a web page comes) whose column header marks myths
/// or claims, or reports them, while another header answers them (`| Myth | Fact |`, `| What
/// you may have read | What the evidence says |`): the header row labels the
/// cells below it as a heading labels the paragraphs under it. A header that asks ("Is it
/// true?") labels nothing, and neither does a lone label ("| Product | Price | Our verdict |").
/// What [`in_myth_column`] learnt about the table it looked at last in a block, so that a table
/// with many findings is walked back to its first row, and its header read, once: findings
/// come in order, and each call walks back only to the last row already known.
struct TableMemo {
    tabbed: bool,
    /// Start of the table's first row.
    first: usize,
    /// Start of the last line known to be a row of that table.
    known_to: usize,
    /// The header cells' concepts (an empty list for a cell that asks), or `None` when the
    /// rows under the first are no table (a Markdown table needs its separator row).
    header: Option<Vec<Vec<u16>>>,
}

fn in_myth_column(text: &str, at: usize, matcher: &Matcher, memo: &mut Option<TableMemo>) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    // Text extracted from a web page sets a table out with tabs, one row a line, and no
    // separator row (`Myth<TAB>What the evidence says`).
    let tabbed = !line.trim_start().starts_with('|') && line.trim().contains('\t');
    let sep = if tabbed { '\t' } else { '|' };
    let is_row = |l: &str| {
        if tabbed {
            l.trim().contains('\t')
        } else {
            l.trim_start().starts_with('|')
        }
    };
    // Cells are parted by `|` (but not by an escaped `\|`) or by tabs.
    let cells = |l: &str| -> Vec<String> {
        let mut out = vec![String::new()];
        let mut chars = l.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if !tabbed && chars.peek() == Some(&'|') => {
                    chars.next();
                    out.last_mut().expect("one cell").push('|');
                }
                c if c == sep => out.push(String::new()),
                c => out.last_mut().expect("one cell").push(c),
            }
        }
        out
    };
    if !is_row(line) {
        return false;
    }
    // The table's first row: walk back row by row, or only as far as the last row already
    // known to belong to the table looked at before.
    let known = memo
        .as_ref()
        .filter(|m| m.tabbed == tabbed && m.known_to <= line_start);
    let mut first = line_start;
    while first > 0 {
        if let Some(m) = known.filter(|m| m.known_to == first) {
            first = m.first;
            break;
        }
        let prev = text[..first - 1].rfind('\n').map_or(0, |i| i + 1);
        if !is_row(&text[prev..first - 1]) {
            break;
        }
        first = prev;
    }
    // Its header, read once per table, and the separator row under it (`|---|:---:|`).
    let header = match memo.take() {
        Some(m) if m.first == first && m.tabbed == tabbed => m.header,
        _ => {
            let mut rows = text[first..].lines();
            match (rows.next(), rows.next()) {
                (Some(header), Some(separator))
                    if tabbed
                        || (separator.contains('-')
                            && separator
                                .chars()
                                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))) =>
                {
                    Some(
                        cells(header)
                            .iter()
                            .map(|c| {
                                let c = normalize(c).text;
                                if c.trim_end().ends_with('?') {
                                    Vec::new()
                                } else {
                                    matcher.concepts_in(&c)
                                }
                            })
                            .collect(),
                    )
                }
                _ => None,
            }
        }
    };
    let memo = memo.insert(TableMemo {
        tabbed,
        first,
        known_to: line_start,
        header,
    });
    let Some(header) = memo.header.as_ref().filter(|_| first != line_start) else {
        return false;
    };
    // The cell `at` is in: cells before it on its line, counted as the header's are.
    let column = cells(&text[line_start..at]).len() - 1;
    // The claim's column is headed by a myth label, by someone else's words ("What you
    // may have read"), or by a noun that names them ("Claim", "Slogan"), and another column
    // answers it. A column headed by a verdict ("Our verdict", "What the evidence says") is
    // the answer: the page's own words.
    header.get(column).is_some_and(|c| {
        (matcher.is_myth_label(c) || matcher.is_reported(c) || matcher.is_attribution(c))
            && !matcher.is_rebuttal(c)
    }) && header
        .iter()
        .enumerate()
        .any(|(i, c)| i != column && (matcher.is_rebuttal(c) || matcher.is_myth_label(c)))
}

/// The first four words of normalised text, where a label that opens it ("Myth 2:", "The
/// truth:") stands.
fn opening_words(norm: &str) -> String {
    norm.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The heading that governs the text at `start`: the nearest line above it, across blank
/// lines and the items of a list, that reads as a heading (looking back at most 4 KiB).
#[cfg(test)]
fn heading_above(chunk: &[u8], start: usize) -> Option<&[u8]> {
    heading_and_lead_in(chunk, start).map(|(h, _)| h)
}

/// [`heading_above`], and the line of text that leads a list in under the heading, if the
/// heading was found above one ("Claims we have seen / The examples below are taken from ads.
/// / - …"): the caller checks that the lead-in is not an answer ("The truth: …").
fn heading_and_lead_in(chunk: &[u8], start: usize) -> Option<(&[u8], Option<&[u8]>)> {
    // The block's own first line may be its heading (a block is cut after a heading).
    let first = block_first_line(chunk, start);
    let own_text_follows = first.end < chunk.len();
    let first = &chunk[first];
    if own_text_follows && is_heading_line(first) && !is_list_line(first) {
        return Some((first.trim_ascii_end(), None));
    }
    // A list may be led in by one line of text under the heading ("The examples below are
    // taken from ads:"): the heading is still the list's.
    let quoted_list = is_quoted_line(first);
    let mut may_lead_in = is_list_line(first) || quoted_list;
    let mut lead_in: Option<&[u8]> = None;
    for line in lines_above(chunk, start) {
        let line = line.trim_ascii_end();
        if line.trim_ascii().is_empty() {
            continue;
        }
        if (is_list_line(line) || (quoted_list && is_quoted_line(line))) && lead_in.is_none() {
            continue;
        }
        // A short lead-in that ends with a colon reads as a heading line; above the list it
        // is a lead-in, unless nothing above it is a heading.
        let colon_lead_in = may_lead_in
            && line.ends_with(b":")
            && !block::is_heading(line.trim_ascii())
            && !line.trim_ascii_start().starts_with(b"<");
        if is_heading_line(line) && !colon_lead_in {
            return Some((line, lead_in));
        }
        if !std::mem::take(&mut may_lead_in) {
            break;
        }
        lead_in = Some(line);
    }
    // No heading above: a lead-in that reads as a heading line is the list's own.
    lead_in.filter(|l| is_heading_line(l)).map(|l| (l, None))
}

/// The paragraph that ends before `start`, as written (at most 600 bytes of its end), when
/// the text from `start` opens with a quotation mark; else nothing.
fn paragraph_before(chunk: &[u8], start: usize) -> &[u8] {
    let rest = chunk[start..].trim_ascii_start();
    if !(rest.starts_with(b"\"") || rest.starts_with("\u{201C}".as_bytes())) {
        return &[];
    }
    let end = chunk[..start].trim_ascii_end().len();
    let window = &chunk[char_start_from(chunk, end.saturating_sub(600), end)..end];
    // From the last blank line: the paragraph itself.
    &window[last_paragraph_break(window).unwrap_or(0)..]
}

/// The line that leads into the list whose item opens the block at `start`, when it ends
/// with a colon ("I was told that:"): the first line above the list's items that is no item.
fn list_lead_in(chunk: &[u8], start: usize) -> Option<&[u8]> {
    if !is_list_line(&chunk[block_first_line(chunk, start)]) {
        return None;
    }
    lines_above(chunk, start)
        .map(<[u8]>::trim_ascii)
        .find(|line| !line.is_empty() && !is_list_line(line))
        .filter(|line| line.ends_with(b":"))
}

/// Whether byte `at` of `text` stands on a line that is one quotation (see
/// [`is_quoted_item`]).
fn on_quoted_line(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let from = text[..at].rfind('\n').map_or(0, |k| k + 1);
    let to = text[at..].find('\n').map_or(text.len(), |k| at + k);
    is_quoted_item(&text.as_bytes()[from..to])
}

/// A line that is one quotation, with or without a list item's mark before it.
fn is_quoted_item(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    let body = match t {
        [b'-' | b'*' | b'+', b' ' | b'\t', rest @ ..] => rest,
        rest => {
            // Or a short label: "a) ", "(b) ", "3. ".
            let label = rest.strip_prefix(b"(").unwrap_or(rest);
            let k = label
                .iter()
                .take(3)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            match label.get(k..k + 2) {
                Some([b')' | b'.', b' ']) if k > 0 => &label[k + 2..],
                _ => rest,
            }
        }
    };
    is_quoted_line(body)
}

/// For a block of quotations, one a line: the labels that may announce them, nearest first.
/// These are each lead-in ending with a colon passed on the way up ("It makes four claims:",
/// "From the product page:"), and the heading above the paragraph of text that introduces
/// them, reached past blank lines, sub-headings, such lead-ins and other blocks of
/// quotations. This is how a regulator or a fact-check sets out the wording it cites
/// ("Examples of claims cited" / "The letter lists these statements …" / "From the product
/// page:" / the quotations). The paragraph itself is not a label: a shop's own words above its
/// testimonials ("We never edit what customers said.") must not make them someone else's.
/// Empty for any other block. Looks back at most 4 KiB.
fn announcement_above<'a>(chunk: &'a [u8], block: &'a [u8], start: usize) -> Vec<&'a [u8]> {
    let mut found: Vec<&[u8]> = Vec::new();
    // The block may open with its own lead-in or heading.
    let mut lines = block
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .peekable();
    if let Some(l) = lines.peek().copied().filter(|l| !is_quoted_item(l)) {
        if l.trim_ascii_end().ends_with(b":") {
            found.push(l.trim_ascii());
        } else if !is_heading_line(l) {
            return Vec::new();
        }
        lines.next();
    }
    if lines.peek().is_none() || !lines.all(is_quoted_item) {
        return Vec::new();
    }
    let mut above = lines_above(chunk, start).map(<[u8]>::trim_ascii);
    let mut in_paragraph = false;
    while let Some(line) = above.next() {
        let lead_in = line.ends_with(b":")
            && line
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .nth(20)
                .is_none();
        let structure = line.is_empty() || is_quoted_item(line) || is_heading_line(line) || lead_in;
        if !in_paragraph && structure {
            if lead_in && found.len() < 4 {
                found.push(line);
            }
            continue;
        }
        if line.is_empty() || (in_paragraph && is_heading_line(line)) {
            // The paragraph is whole: what stands right above it may be its heading.
            let heading = if line.is_empty() {
                above.find(|l| !l.is_empty())
            } else {
                Some(line)
            };
            found.extend(heading.filter(|h| is_heading_line(h)));
            return found;
        }
        in_paragraph = true;
    }
    found
}

/// The first line of text of the block that starts at `start`, without its line break.
/// Blank lines before it do not count: a block starts at them or after them depending on
/// where the chunk before was cut.
fn block_first_line(chunk: &[u8], start: usize) -> Range<usize> {
    let from = after_blank_lines(chunk, start);
    from..memchr(b'\n', &chunk[from..]).map_or(chunk.len(), |i| from + i)
}

/// The lines of `chunk` above `start`, nearest first, as written (line break included),
/// reaching back at most 4 KiB: where the heading or the lead-in of a block is looked for.
fn lines_above(chunk: &[u8], start: usize) -> impl Iterator<Item = &[u8]> {
    let floor = start.saturating_sub(4096);
    let mut end = start;
    std::iter::from_fn(move || {
        (end > floor).then(|| {
            let ls = memrchr(b'\n', &chunk[floor..end.saturating_sub(1)])
                .map_or(floor, |i| floor + i + 1);
            let line = &chunk[ls..end];
            end = ls;
            line
        })
    })
}

/// Whether a block holds one list item and nothing after it but the item's indented lines.
fn is_single_item(block: &[u8]) -> bool {
    let t = block.trim_ascii();
    let mut lines = t.split(|&b| b == b'\n');
    lines.next();
    lines.all(|l| l.trim_ascii().is_empty() || l.first().is_some_and(|&c| c == b' ' || c == b'\t'))
}

/// The first line of text in `t`, after any white space.
fn first_line(t: &[u8]) -> &[u8] {
    let t = t.trim_ascii_start();
    &t[..memchr(b'\n', t).unwrap_or(t.len())]
}

/// The start of the text after `end` (the next paragraph), as written: read for a rebuttal
/// such as "Verdict: False."
fn next_text(chunk: &[u8], end: usize) -> &[u8] {
    let mut from = end;
    while from < chunk.len() && chunk[from].is_ascii_whitespace() {
        from += 1;
    }
    // A rebuttal opens the next sentence: its first words are enough.
    &chunk[from..(from + 120).min(chunk.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::load_builtin;
    use crate::rules::RuleBase;

    fn rules() -> RuleBase {
        load_builtin(Default::default()).expect("built-in rules")
    }

    /// Scans `r` as `gutcheck scan` would, with a fresh matcher.
    fn scan_reader(rb: &RuleBase, all: bool, r: &mut dyn Read) -> (Outcome, Vec<Finding>) {
        let matcher = Matcher::lazy(rb);
        let prefilter = Prefilter::new(rb);
        let s = Scanner {
            matcher: &matcher,
            prefilter: &prefilter,
            all,
            context: true,
        };
        let mut all_found = Vec::new();
        let never = AtomicBool::new(false);
        let mut buf = Buffer::default();
        let outcome = s
            .scan(r, &mut buf, &never, &mut |f| {
                all_found.extend(f);
                Ok(())
            })
            .unwrap();
        (outcome, all_found)
    }

    /// The ids of the claims asserted in `text`, in order.
    fn claim_ids(rb: &RuleBase, text: &str) -> Vec<String> {
        scan_with(rb, false, text.as_bytes())
            .iter()
            .map(|f| rb.claims[f.claim].id.clone())
            .collect()
    }

    fn scan_with(rb: &RuleBase, all: bool, text: &[u8]) -> Vec<Finding> {
        let (outcome, found) = scan_reader(rb, all, &mut &text[..]);
        assert_eq!(outcome, Outcome::Scanned);
        found
    }

    /// A reader that hands out at most `n` bytes per read, like a slow pipe.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn positions_are_lines_and_character_columns() {
        let rb = rules();
        let text = "Intro.\n\n\u{201C}Caf\u{e9}\u{201D} note: heal your leaky gut in 2 weeks!\n";
        let f = scan_with(&rb, false, text.as_bytes());
        assert_eq!(f.len(), 1, "{f:?}");
        let col = "\u{201C}Caf\u{e9}\u{201D} note: ".chars().count() as u64 + 1;
        assert_eq!((f[0].line, f[0].column), (3, col));
        assert_eq!(f[0].matched, "heal your leaky gut in 2 weeks");
        assert_eq!(f[0].end_column, col + f[0].matched.chars().count() as u64);
        let start = text.find("heal").unwrap() as u64;
        assert_eq!((f[0].offset, f[0].end_offset), (start, start + 30));
    }

    #[test]
    fn matches_end_at_their_last_character_not_at_closing_markup() {
        let rb = rules();
        let f = scan_with(
            &rb,
            false,
            b"## **Heal your leaky gut in 30 days**\n\nHeal your leaky gut in 2&nbsp;weeks&#33;\n",
        );
        let m: Vec<&str> = f.iter().map(|f| f.matched.as_str()).collect();
        assert_eq!(
            m,
            [
                "Heal your leaky gut in 30 days",
                "Heal your leaky gut in 2&nbsp;weeks"
            ]
        );
        assert_eq!((f[0].end_line, f[0].end_column), (1, 36));
    }

    #[test]
    fn a_wrapped_claim_is_reported_at_its_start() {
        let rb = rules();
        let f = scan_with(
            &rb,
            false,
            b"Some text.\n\nYou can heal your leaky\ngut in 2 weeks with us.\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].line, f[0].column, f[0].end_line), (3, 9, 4));
        assert_eq!(f[0].matched, "heal your leaky\ngut in 2 weeks");
    }

    #[test]
    fn invalid_utf8_is_read_lossily_with_correct_positions() {
        let rb = rules();
        let mut text = b"ab\xFF\xFEc heal your leaky gut in 2 weeks".to_vec();
        text.extend_from_slice(b"\n\xC3 x\n");
        let f = scan_with(&rb, false, &text);
        assert_eq!(f.len(), 1);
        // "ab", a replacement character for each bad byte, "c ", then the match.
        assert_eq!((f[0].line, f[0].column), (1, 7));
        assert_eq!(f[0].offset, 6);
    }

    #[test]
    fn chunk_boundaries_do_not_change_findings_or_positions() {
        let rb = rules();
        let para = "Plain words here, nothing to see.\nAnother line of filler text.\n\n";
        let claim = "Our plan will heal your leaky\ngut in 2 weeks, guaranteed.\n\n";
        let mut text = String::new();
        for i in 0..(3 * CHUNK / para.len()) {
            text.push_str(para);
            if i % 997 == 0 {
                text.push_str(claim);
            }
        }
        let whole = scan_with(&rb, false, text.as_bytes());
        assert!(whole.len() > 3);
        for step in [1 << 10, 4093, 1 << 16] {
            let (_, got) = scan_reader(&rb, false, &mut Trickle(text.as_bytes(), step));
            assert_eq!(got, whole, "reads of {step} bytes");
        }
        // Every finding's offset slices back to its match.
        for f in &whole {
            assert_eq!(&text[f.offset as usize..f.end_offset as usize], f.matched);
        }
    }

    /// A reader that hands out reads of changing sizes, as a pipe does when its writer and
    /// the scan run at different speeds: a [`Trickle`] whose size changes at every read.
    struct Jitter<'a>(Trickle<'a>, u64);

    impl<'a> Jitter<'a> {
        fn new(text: &'a [u8], seed: u64) -> Jitter<'a> {
            Jitter(Trickle(text, 1), seed)
        }
    }

    impl Read for Jitter<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.1 = self
                .1
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0.1 = 1 + (self.1 >> 33) as usize % 20_000;
            self.0.read(out)
        }
    }

    #[test]
    fn where_the_reads_of_a_pipe_end_does_not_change_what_the_page_says() {
        // A myth heading over its claims, and a claim answered by the paragraph after it:
        // both are read the same wherever a chunk is cut, between the heading and its claims
        // or between a claim and its answer.
        let rb = rules();
        let filler = "Plain words here about the weather and the garden, nothing more.\n\n";
        let section = "## Myths we hear\n\n- Leaky gut causes autism.\n\
                       - Heal your leaky gut in 14 days with glutamine.\n\n\
                       ## What the research says\n\n\
                       Leaky gut can be healed in 2 weeks with glutamine.\n\n\
                       Verdict: False.\n\n";
        // A heading that names the gut barrier: the section under it is read whole, however
        // long, so its claim without an anchor word is found across a cut.
        let topic = "## Leaky gut\n\n";
        let claim = "Our plan heals it in 14 days.\n\n";
        let mut text = String::new();
        for i in 0..40 {
            for _ in 0..(20 + i * 7 % 50) {
                text.push_str(filler);
            }
            text.push_str(section);
            text.push_str(topic);
            for _ in 0..(i * 13 % 60) {
                text.push_str(filler);
            }
            text.push_str(claim);
        }
        let whole = scan_with(&rb, true, text.as_bytes());
        // (With --all: the page is a careful one, so its own claim is not counted either.)
        assert_eq!(whole.len(), 6 * 40, "{whole:?}");
        for seed in 0..12 {
            let (_, got) = scan_reader(&rb, true, &mut Jitter::new(text.as_bytes(), seed));
            assert_eq!(got, whole, "reads of changing sizes, seed {seed}");
        }
    }

    #[test]
    fn kept_bytes_and_blank_runs_do_not_change_positions_or_answers() {
        let rb = rules();
        // A line of several MiB with a letter of two bytes every few words: the bytes kept
        // below the next chunk start on a character, so columns stay right.
        let mut line = "caf\u{e9} au lait, ".repeat(3 * MAX_CHUNK / 16);
        let at = line.chars().count();
        line.push_str("Heal your leaky gut in 2 weeks.\n");
        let f = scan_with(&rb, false, line.as_bytes());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].column, at as u64 + 1);
        // A claim and its answer ten thousand blank lines apart, piped in two parts: the same
        // as read whole.
        let text = format!(
            "Leaky gut can be healed in 2 weeks with glutamine.\n{}Verdict: False.\n",
            "\n".repeat(10_000)
        );
        let whole = scan_with(&rb, true, text.as_bytes());
        for step in [4093, 9000] {
            let (_, got) = scan_reader(&rb, true, &mut Trickle(text.as_bytes(), step));
            assert_eq!(got, whole, "reads of {step} bytes");
        }
        // A Markdown heading may have a tab after its marks.
        assert!(super::is_heading_line(b"##\tLeaky gut"));
    }

    #[test]
    fn a_line_longer_than_the_largest_chunk_is_scanned_in_pieces() {
        let rb = rules();
        let mut line = "filler words without any claim at all. ".repeat(3 * MAX_CHUNK / 40);
        let at = line.len();
        line.push_str("Heal your leaky gut in 2 weeks. ");
        line.push_str(&"more filler. ".repeat(1000));
        let f = scan_with(&rb, false, line.as_bytes());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, 1);
        assert_eq!(f[0].column, at as u64 + 1);
        assert_eq!(f[0].offset, at as u64);
        let ctx = f[0].context.as_ref().unwrap();
        assert!(ctx.cut_left && ctx.cut_right);
        assert_eq!(
            &ctx.text[ctx.span.clone()],
            "Heal your leaky gut in 2 weeks"
        );
    }

    #[test]
    fn binary_input_is_recognised() {
        let rb = rules();
        let (out, _) = scan_reader(&rb, false, &mut &b"leaky gut heals in 2 weeks\0\x01"[..]);
        assert_eq!(out, Outcome::Binary);
    }

    #[test]
    fn refuted_mentions_only_with_all() {
        let rb = rules();
        let text = b"There is no evidence that leaky gut heals in two weeks.\n";
        assert!(scan_with(&rb, false, text).is_empty());
        let f = scan_with(&rb, true, text);
        assert!(!f.is_empty() && f.iter().all(|f| f.refuted), "{f:?}");
    }

    #[test]
    fn prefiltered_scan_finds_all_that_matching_every_block_finds() {
        // The prefilter may only skip blocks where the matcher finds nothing.
        let rb = rules();
        let matcher = Matcher::new(&rb).unwrap();
        let mut text = String::new();
        for c in &rb.claims {
            for ex in c
                .examples
                .must_match
                .iter()
                .chain(&c.examples.must_not_match)
            {
                text.push_str(ex);
                text.push_str("\n\n");
                text.push_str(&format!("<p><em>{}</em></p>\n", ex.replace(' ', "&nbsp;")));
                text.push_str(&format!("- **{}**\n\n", ex.replace(' ', "\n  ")));
                text.push_str(&format!(
                    "{}\n\n",
                    ex.to_uppercase().replace(". ", ".\u{a0}")
                ));
                text.push_str(&format!(
                    "> {}\n\n",
                    ex.replace('\'', "\u{2019}").replace(" - ", " \u{2014} ")
                ));
            }
        }
        let got = scan_with(&rb, true, text.as_bytes());
        let mut want = Vec::new();
        let prefilter = Prefilter::new(&rb);
        for b in block::all(text.as_bytes()) {
            // A block without any anchor phrase is read only on a page (or in a section)
            // about the gut; the rules that can match such a block are the few that need no
            // anchor concept (docs/rule-base.md, "Anchors").
            let mut anchored = false;
            let bytes = text[b.clone()].as_bytes();
            prefilter.for_each(bytes, |_| {
                anchored = true;
                bytes.len()
            });
            if !anchored {
                continue;
            }
            let norm = normalize(&text[b.clone()]);
            for m in matcher.find(&norm.text) {
                want.push((b.start + norm.original(m.span).start, m.claim));
            }
        }
        // The scan also reads each block with the page's topic (what earlier blocks named), so
        // it may find more than blocks read alone, never less. With the topic another of the
        // claim's rules may hold first and underline other words, so a finding is compared
        // by its block and claim, not by where it starts.
        let blocks: Vec<std::ops::Range<usize>> = block::all(text.as_bytes());
        let block_of = |at: usize| blocks.iter().position(|b| b.contains(&at));
        let got: Vec<(Option<usize>, usize)> = got
            .iter()
            .map(|f| (block_of(f.offset as usize), f.claim))
            .collect();
        let want: Vec<(Option<usize>, usize)> =
            want.iter().map(|&(at, c)| (block_of(at), c)).collect();
        let lost: Vec<&(Option<usize>, usize)> = want.iter().filter(|w| !got.contains(w)).collect();
        assert!(lost.is_empty(), "{lost:?}");
        assert!(want.len() > 50);
    }

    #[test]
    fn a_list_led_in_under_a_myth_heading_is_the_myths_unless_the_lead_in_answers() {
        let rb = rules();
        let claims = |text: &str| claim_ids(&rb, text);
        let list = "- Leaky gut causes eczema and acne.\n- A leaky gut is behind your fatigue and brain fog.\n";
        // One lead-in line (with a colon, or a whole block scanned from the blank line above).
        assert!(claims(&format!("## Leaky gut myths\n\nHere are things you will read on wellness sites this year.\n\n{list}")).is_empty());
        assert!(
            claims(&format!(
                "## Common myths\n\nThe examples below are taken from ads:\n\n{list}"
            ))
            .is_empty()
        );
        // A lead-in that answers the myth is the page's own voice, and so is its list.
        assert_eq!(
            claims(&format!(
                "## Myth: it is all in your head\n\nThe truth: it is very real, and we see it every day. Here is what a leaky gut does.\n\n{list}"
            )),
            ["symptom-bucket", "symptom-bucket"]
        );
    }

    #[test]
    fn a_myth_column_of_a_table_labels_its_cells_and_no_others() {
        let rb = rules();
        // The claims asserted: the second cell's "No single marker can show it" is a denial.
        let claims = |text: &str| claim_ids(&rb, text);
        let table = "Leaky gut, checked.\n\n\
            | Myth | Fact |\n\
            |------|:---:|\n\
            | A zonulin test proves you have a leaky gut. | No single marker can show it. |\n";
        assert!(claims(table).is_empty(), "{:?}", claims(table));
        // The same row under a header that labels nothing is read as it stands.
        let plain = table.replace("| Myth |", "| Line |");
        assert_eq!(claims(&plain), ["zonulin-proof"]);
        // A label no other header answers labels nothing ("| Product | Our verdict |").
        let lone = "Leaky gut kits, compared.\n\n\
            | Item | Price | Our verdict |\n\
            |---|---|---|\n\
            | Kit | $49 | A zonulin test proves you have a leaky gut. |\n";
        assert_eq!(claims(lone), ["zonulin-proof"]);
        // A header that asks labels nothing.
        let asks = table.replace("| Myth | Fact |", "| A myth? | What we know |");
        assert_eq!(claims(&asks), ["zonulin-proof"]);
        // Text extracted from a web page sets the table out with tabs and no separator row.
        let tabbed = "Leaky gut, checked.\n\n\
            Myth\tWhat the evidence says\n\
            Leaky gut is behind most illness.\tThat has not been shown in people.\n\
            Broth seals the gut.\tNo trial has tested it.\n\
            A zonulin test proves you have a leaky gut.\tNo single marker can show it.\n";
        assert!(claims(tabbed).is_empty(), "{:?}", claims(tabbed));
        // A column headed by a noun that names someone's words ("Claim") is labelled as
        // "Myth" is, when another column answers it.
        let claim_column = tabbed.replace("Myth\t", "Claim\t");
        assert!(
            claims(&claim_column).is_empty(),
            "{:?}",
            claims(&claim_column)
        );
        let tabbed_plain = tabbed.replace("Myth\tWhat the evidence says", "Line\tNote");
        assert_eq!(
            claims(&tabbed_plain),
            [
                "root-cause-of-everything",
                "supplement-cure",
                "zonulin-proof"
            ]
        );
    }

    #[test]
    fn a_myth_heading_governs_the_paragraphs_and_list_below() {
        let text =
            b"Myths vs reality\n\nLeaky gut is a fake condition.\n\n- item one\n- item two\n";
        let at = text.windows(5).position(|w| w == b"Leaky").unwrap();
        assert_eq!(
            super::heading_above(text, at),
            Some(&b"Myths vs reality"[..])
        );
        // A list led in by one paragraph is still the heading's; past two, it is no one's.
        let at = text.windows(10).position(|w| w == b"- item one").unwrap();
        assert_eq!(
            super::heading_above(text, at),
            Some(&b"Myths vs reality"[..])
        );
        let two = b"Myths vs reality\n\nA first paragraph.\n\nA second one.\n\n- item one\n";
        let at = two.windows(10).position(|w| w == b"- item one").unwrap();
        assert_eq!(super::heading_above(two, at), None);
        // Nor is a paragraph under a paragraph: only a list is led in.
        let at = two.windows(6).position(|w| w == b"A seco").unwrap();
        assert_eq!(super::heading_above(two, at), None);
        // A block that starts with blank lines before its list is led in the same way.
        let blank = b"Myths vs reality\n\nA lead-in line.\n\n\n- item one\n";
        let at = blank
            .windows(14)
            .position(|w| w == b".\n\n\n- item one")
            .unwrap()
            + 2;
        assert_eq!(
            super::heading_above(blank, at),
            Some(&b"Myths vs reality"[..])
        );
        // A short lead-in ending with a colon reads as a heading line, but above a list it
        // is a lead-in: the heading above it governs; with none above, it is the heading.
        let colon = b"## Common myths\n\nThe examples below are taken from ads:\n\n- item one\n";
        let at = colon.windows(10).position(|w| w == b"- item one").unwrap();
        assert_eq!(
            super::heading_and_lead_in(colon, at),
            Some((
                &b"## Common myths"[..],
                Some(&b"The examples below are taken from ads:"[..])
            ))
        );
        let alone = b"What you get:\n\n- item one\n";
        let at = alone.windows(10).position(|w| w == b"- item one").unwrap();
        assert_eq!(super::heading_above(alone, at), Some(&b"What you get:"[..]));
        // Straight under a heading, a list is the heading's.
        let list = b"## Common myths\n\n- item one\n- item two\n";
        let at = list.windows(10).position(|w| w == b"- item two").unwrap();
        assert_eq!(
            super::heading_above(list, at),
            Some(&b"## Common myths"[..])
        );
        // A block's own first line is its heading whether the block starts at the blank
        // line before it or after it (where a chunk was cut).
        let card = b"Picked for you\n\nBarrierMax Tub\nIt heals the gut wall in a month.\n";
        let blank_at = card.windows(3).position(|w| w == b"\n\nB").unwrap() + 1;
        for at in [blank_at, blank_at + 1] {
            assert_eq!(super::heading_above(card, at), Some(&b"BarrierMax Tub"[..]));
        }
        let plain =
            b"Intro paragraph that ends like a sentence.\n\nLeaky gut is a fake condition.\n";
        let at = plain.windows(5).position(|w| w == b"Leaky").unwrap();
        assert_eq!(super::heading_above(plain, at), None);
    }
}
