//! `gutcheck scan`: find the claims of the rule base in text files, the way a linter reports
//! problems.
//!
//! ```text
//! file ─► source (chunks cut at paragraph breaks)
//!           └─► prefilter (raw bytes: where may a keyword be?)
//!                 └─► block (the paragraph or heading around it)
//!                       └─► normalize + Matcher::find ─► Finding (line:col) ─► render
//! ```
//!
//! Several inputs are scanned in parallel, one per worker, and printed in the order given:
//! the first unfinished input's findings go straight out as its scan hands them over (a
//! page's at its end or at a pause of its writer, see `source::Scanner::scan`), later ones
//! wait in memory (a bounded amount; their workers pause when it is full). A closed output
//! pipe stops every worker. An input that cannot be read is reported on stderr and the others
//! are still scanned.

pub mod block;
pub mod paced;
pub mod prefilter;
pub mod render;
pub mod source;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use crate::error::Error;
use crate::matcher::Matcher;
use crate::render::Style;
use crate::rules::RuleBase;
pub use prefilter::Prefilter;
use render::Renderer;
pub use render::ScanFormat;
pub use render::Totals;
use source::{Buffer, StreamError};
pub use source::{Finding, Outcome, Scanner};

pub struct ScanOptions {
    pub format: ScanFormat,
    pub all: bool,
    pub style: Style,
}

/// How many bytes of rendered findings of later inputs may wait while an earlier input is
/// still being scanned.
const MAX_WAITING: usize = 8 * 1024 * 1024;
/// The most inputs scanned at once (each worker holds a chunk of up to 1 MiB).
const MAX_WORKERS: usize = 16;

/// One input on the command line.
enum Input<'a> {
    Stdin,
    File(&'a Path),
}

impl Input<'_> {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// What happened to one input, beyond its findings.
enum Done {
    Scanned(Totals),
    Binary,
    Failed(String),
    Cancelled,
}

/// Scans `files` (standard input when empty), writes the findings to `out` and returns the
/// totals (findings per claim, inputs that could not be read); the command line maps them to
/// an exit code.
pub fn run(
    rb: &RuleBase,
    files: &[PathBuf],
    opts: &ScanOptions,
    out: &mut dyn Write,
) -> Result<Totals, Error> {
    // A reader that goes away (`| head -1`) does not end the scan: the rest is read with the
    // output discarded, so the exit code says what a full read says, whatever the timing.
    let mut out = ClosedPipeSink {
        inner: out,
        closed: false,
    };
    let out: &mut dyn Write = &mut out;
    // Costs next to nothing: patterns are compiled when a block first needs them.
    let matcher = Matcher::lazy(rb);
    let prefilter = Prefilter::new(rb);
    let scanner = Scanner {
        matcher: &matcher,
        prefilter: &prefilter,
        all: opts.all,
        context: opts.format == ScanFormat::Text,
    };
    let renderer = Renderer {
        rb,
        format: opts.format,
        style: opts.style,
        notes: Default::default(),
    };
    let inputs: Vec<Input> = if files.is_empty() {
        vec![Input::Stdin]
    } else {
        files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(f)
                }
            })
            .collect()
    };
    // Streaming (JSON Lines, text) should reach a pipe as findings are made, not at the end.
    let flush_each = opts.format != ScanFormat::Json;
    let mut totals = Totals {
        inputs: inputs.len(),
        ..Totals::default()
    };
    let mut written = false;
    renderer.begin(out)?;
    let write_batch = |out: &mut dyn Write, bytes: &[u8], written: &mut bool| -> io::Result<()> {
        out.write_all(renderer.separator(!*written))?;
        out.write_all(bytes)?;
        *written = true;
        if flush_each {
            out.flush()?;
        }
        Ok(())
    };
    let finish = |done: Done, name: &str, totals: &mut Totals| match done {
        Done::Scanned(t) => {
            totals.scanned += 1;
            totals.merge(&t);
        }
        Done::Binary => {
            totals.binary += 1;
            let file = crate::printable::line(name);
            let msg = rb
                .meta
                .messages
                .fill("scan-binary-file", &[("file", &file)]);
            note(&format!("{msg}\n"));
        }
        Done::Failed(msg) => {
            totals.errors += 1;
            note(&msg);
        }
        Done::Cancelled => {}
    };
    if inputs.len() == 1 {
        // One input: scan on this thread and write as findings are made.
        let cancel = AtomicBool::new(false);
        let mut buf = Buffer::default();
        let name = inputs[0].name();
        let done = scan_input(
            &scanner,
            &inputs[0],
            &name,
            &mut buf,
            &cancel,
            &mut |found| {
                let mut bytes = Vec::new();
                renderer.findings(&name, found, &mut bytes);
                write_batch(out, &bytes, &mut written)
            },
        )?;
        finish(done, &name, &mut totals);
    } else {
        scan_parallel(&scanner, &renderer, &inputs, |event| match event {
            Event::Batch(_, bytes) => write_batch(out, &bytes, &mut written),
            Event::Done(i, done) => {
                finish(done, &inputs[i].name(), &mut totals);
                Ok(())
            }
        })
        .map_err(Error::from)?;
    }
    renderer.end(out, &totals, written)?;
    out.flush()?;
    Ok(totals)
}

/// Passes writes through until the reader closes the pipe, then swallows them; other write
/// errors (a full disk) still fail.
struct ClosedPipeSink<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl Write for ClosedPipeSink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// A message on stderr (a skipped or unreadable input); a closed stderr is ignored.
fn note(msg: &str) {
    let _ = io::stderr().lock().write_all(msg.as_bytes());
}

fn read_error(name: &str, source: io::Error) -> Done {
    Done::Failed(
        Error::Read {
            path: PathBuf::from(name),
            source,
        }
        .to_string(),
    )
}

/// Scans one input, handing its findings to `emit` chunk by chunk. Fails only when `emit`
/// does (the output is gone); problems with the input itself are a `Done::Failed`.
fn scan_input(
    scanner: &Scanner,
    input: &Input,
    name: &str,
    buf: &mut Buffer,
    cancel: &AtomicBool,
    emit: &mut dyn FnMut(&[Finding]) -> io::Result<()>,
) -> io::Result<Done> {
    let mut totals = Totals::default();
    let mut counting_emit = |found: Vec<Finding>| {
        for f in &found {
            totals.add(f);
        }
        emit(&found)
    };
    let outcome = match input {
        // A pipe or a terminal may pause (see `paced`); a redirected regular file does not.
        Input::Stdin if !stdin_is_a_file() => scanner.scan(
            &mut paced::Paced::new(|| io::stdin().lock()),
            buf,
            cancel,
            &mut counting_emit,
        ),
        Input::Stdin => scanner.scan(&mut io::stdin().lock(), buf, cancel, &mut counting_emit),
        Input::File(path) => {
            if path.is_dir() {
                return Ok(Done::Failed(format!(
                    "error: cannot scan {}: it is a directory\nhelp: give the files in it, e.g. `gutcheck scan {}`\n",
                    crate::printable::line(name),
                    crate::printable::path(&path.join("*.md"))
                )));
            }
            match File::open(path) {
                // A named pipe (`<(command)`) may pause like standard input.
                Ok(f) if f.metadata().is_ok_and(|m| !m.is_file()) => scanner.scan(
                    &mut paced::Paced::new(move || f),
                    buf,
                    cancel,
                    &mut counting_emit,
                ),
                Ok(mut f) => scanner.scan(&mut f as &mut dyn Read, buf, cancel, &mut counting_emit),
                Err(e) => return Ok(read_error(name, e)),
            }
        }
    };
    Ok(match outcome {
        Ok(Outcome::Scanned) => Done::Scanned(totals),
        Ok(Outcome::Binary) => Done::Binary,
        Ok(Outcome::Cancelled) => Done::Cancelled,
        Err(StreamError::Read(e)) => read_error(name, e),
        Err(StreamError::Write(e)) => return Err(e),
    })
}

/// Whether standard input is a regular file (`gutcheck scan < page.txt`), which never pauses.
#[cfg(unix)]
fn stdin_is_a_file() -> bool {
    use std::os::fd::AsFd;
    io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
fn stdin_is_a_file() -> bool {
    false
}

/// What a worker hands to the writing thread, tagged with the input's index.
enum Event {
    Batch(usize, Vec<u8>),
    Done(usize, Done),
}

/// Shared between the workers and the writing thread.
struct Order {
    /// Index of the first input not yet completely written.
    head: AtomicUsize,
    /// Bytes sent and not yet written.
    waiting: AtomicUsize,
    cancel: AtomicBool,
    lock: Mutex<()>,
    changed: Condvar,
}

impl Order {
    fn notify(&self) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.changed.notify_all();
    }

    /// Blocks the worker of input `i` while too much output of later inputs waits.
    fn wait_turn(&self, i: usize) {
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        while i != self.head.load(Ordering::Acquire)
            && self.waiting.load(Ordering::Acquire) > MAX_WAITING
            && !self.cancel.load(Ordering::Acquire)
        {
            guard = self.changed.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Scans the inputs on several threads and hands their output to `sink` in input order:
/// every batch of input 0, its `Done`, every batch of input 1, and so on.
fn scan_parallel(
    scanner: &Scanner,
    renderer: &Renderer,
    inputs: &[Input],
    mut sink: impl FnMut(Event) -> io::Result<()>,
) -> io::Result<()> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_WORKERS)
        .min(inputs.len());
    let next = AtomicUsize::new(0);
    let order = Order {
        head: AtomicUsize::new(0),
        waiting: AtomicUsize::new(0),
        cancel: AtomicBool::new(false),
        lock: Mutex::new(()),
        changed: Condvar::new(),
    };
    let (tx, rx) = mpsc::channel::<Event>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, order) = (&next, &order);
            scope.spawn(move || {
                let mut buf = Buffer::default();
                loop {
                    // Inputs are taken in order, so the head input always has a worker.
                    let i = next.fetch_add(1, Ordering::AcqRel);
                    if i >= inputs.len() || order.cancel.load(Ordering::Acquire) {
                        return;
                    }
                    let name = inputs[i].name();
                    let done = scan_input(
                        scanner,
                        &inputs[i],
                        &name,
                        &mut buf,
                        &order.cancel,
                        &mut |found| {
                            let mut bytes = Vec::new();
                            renderer.findings(&name, found, &mut bytes);
                            order.wait_turn(i);
                            order.waiting.fetch_add(bytes.len(), Ordering::AcqRel);
                            tx.send(Event::Batch(i, bytes))
                                .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
                        },
                    );
                    let done = done.unwrap_or(Done::Cancelled);
                    if tx.send(Event::Done(i, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // The writing side: pass on the head input's events, keep later ones until their turn.
        let mut pending: BTreeMap<usize, Vec<Event>> = BTreeMap::new();
        let mut head = 0;
        let result = (|| -> io::Result<()> {
            for event in &rx {
                let i = match &event {
                    Event::Batch(i, _) | Event::Done(i, _) => *i,
                };
                if i != head {
                    pending.entry(i).or_default().push(event);
                    continue;
                }
                let mut event = Some(event);
                while let Some(e) = event.take() {
                    let finished = matches!(e, Event::Done(..));
                    if let Event::Batch(_, bytes) = &e {
                        order.waiting.fetch_sub(bytes.len(), Ordering::AcqRel);
                    }
                    sink(e)?;
                    order.notify();
                    if finished {
                        head += 1;
                        order.head.store(head, Ordering::Release);
                        order.notify();
                        // The new head may have finished already: replay what it left.
                        if let Some(list) = pending.remove(&head) {
                            let mut list = list.into_iter();
                            for e in list.by_ref() {
                                let finished = matches!(e, Event::Done(..));
                                if finished {
                                    event = Some(e);
                                    break;
                                }
                                if let Event::Batch(_, bytes) = &e {
                                    order.waiting.fetch_sub(bytes.len(), Ordering::AcqRel);
                                }
                                sink(e)?;
                            }
                            order.notify();
                        }
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            order.cancel.store(true, Ordering::Release);
            order.notify();
            // Let the workers see the closed channel rather than block on it.
            drop(rx);
        }
        result
    })
}
