//! Reading an input that may pause: a pipe or a terminal whose writer is still at work (`tail
//! -f log | gutcheck scan`). A page's findings wait for its end (see `Scanner::settled`); when
//! the writer pauses for [`PAUSE`], the reader says so, so the findings held so far go out
//! rather than waiting for an end that may be hours away. Regular files never pause and are
//! read directly.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::Duration;

/// How long the writer may be silent before the findings held so far are released.
pub const PAUSE: Duration = Duration::from_secs(1);

/// Bytes a read of the inner reader asks for.
const PIECE: usize = 64 * 1024;

/// A reader that reads `inner` on a thread of its own, so a read here can give up after
/// [`PAUSE`] with [`io::ErrorKind::WouldBlock`] and be tried again. The thread ends at the end
/// of the input or at its first error, and the channel's closing says so.
pub struct Paced {
    rx: Receiver<io::Result<Vec<u8>>>,
    piece: Vec<u8>,
    at: usize,
}

impl Paced {
    /// Reads what `open` gives, on a thread of its own. `open` runs on that thread, so a
    /// reader that must stay there (standard input's lock, held for the whole input so that
    /// `gutcheck scan - -` reads it once, as before) can be made there.
    pub fn new<R: Read, F: FnOnce() -> R + Send + 'static>(open: F) -> Paced {
        let (tx, rx): (SyncSender<io::Result<Vec<u8>>>, _) = sync_channel(4);
        std::thread::spawn(move || {
            let mut inner = open();
            loop {
                let mut piece = vec![0; PIECE];
                let sent = match inner.read(&mut piece) {
                    Ok(0) => return,
                    Ok(n) => {
                        piece.truncate(n);
                        tx.send(Ok(piece))
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    // A descriptor set non-blocking: nothing yet, not an error (and not a
                    // pause of this reader's own, which only the timeout below reports).
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                // The scan stopped (its output is gone): nothing more to read for.
                if sent.is_err() {
                    return;
                }
            }
        });
        Paced {
            rx,
            piece: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Paced {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.piece.len() {
            match self.rx.recv_timeout(PAUSE) {
                Ok(Ok(piece)) => {
                    self.piece = piece;
                    self.at = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        "the input paused",
                    ));
                }
                // The thread has ended, and every piece it sent has been read.
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
        let n = out.len().min(self.piece.len() - self.at);
        out[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_everything_then_ends() {
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let copy = text.clone();
        let mut r = Paced::new(move || io::Cursor::new(copy));
        let mut got = Vec::new();
        r.read_to_end(&mut got).unwrap();
        assert_eq!(got, text);
        assert_eq!(r.read(&mut [0; 8]).unwrap(), 0);
    }

    #[test]
    fn a_silent_writer_is_a_pause_and_reading_goes_on_after_it() {
        let (r, mut w) = std::io::pipe().unwrap();
        let mut p = Paced::new(move || r);
        std::io::Write::write_all(&mut w, b"first").unwrap();
        let mut buf = [0; 16];
        assert_eq!(p.read(&mut buf).unwrap(), 5);
        let e = p.read(&mut buf).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
        std::io::Write::write_all(&mut w, b"second").unwrap();
        drop(w);
        let mut rest = Vec::new();
        loop {
            match p.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => rest.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(rest, b"second");
    }
}
