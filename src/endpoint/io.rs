//! A connection's socket with the two things hyper does not do itself:
//!
//! * A write that cannot make progress for `WRITE_TIMEOUT` fails, so a client that stops reading
//!   its answers loses its connection instead of holding it, and the answers, for ever (reads are
//!   timed by hyper and `server`).
//! * A lingering close after a request body was refused unread: the socket's write side is shut
//!   and what the client still sends is read and thrown away for a while, so that the client
//!   reads the refusal; closing with its body unread would send it a reset instead.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

use super::connections::Connection;

/// How long a write may wait for the client to read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this long, and this many bytes, are drained in a lingering close.
const LINGER_TIME: Duration = Duration::from_secs(5);
const LINGER_BYTES: usize = 16 * 1024 * 1024;

pub struct TimedStream {
    stream: TcpStream,
    connection: Arc<Connection>,
    /// Created on the first stalled write, so most connections never allocate it.
    deadline: Option<Pin<Box<Sleep>>>,
    write_stalled: bool,
    closing: Closing,
}

enum Closing {
    Open,
    Lingering { drained: usize },
    Closed,
}

impl TimedStream {
    pub fn new(stream: TcpStream, connection: Arc<Connection>) -> Self {
        Self { stream, connection, deadline: None, write_stalled: false, closing: Closing::Open }
    }

    fn arm(&mut self, after: Duration) {
        let at = Instant::now() + after;
        match &mut self.deadline {
            Some(deadline) => deadline.as_mut().reset(at),
            None => self.deadline = Some(Box::pin(tokio::time::sleep_until(at))),
        }
    }

    fn deadline_passed(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready())
    }

    /// A write's outcome, failing it once writes have stalled for `WRITE_TIMEOUT`.
    fn timed<T>(&mut self, cx: &mut Context<'_>, outcome: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if outcome.is_ready() {
            self.write_stalled = false;
            return outcome;
        }
        if !self.write_stalled {
            self.write_stalled = true;
            self.arm(WRITE_TIMEOUT);
        }
        if self.deadline_passed(cx) {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")));
        }
        Poll::Pending
    }

    /// Reads and drops what the client still sends, until it closes or the linger is over.
    fn poll_linger(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Closing::Lingering { mut drained } = self.closing else { return Poll::Ready(()) };
        let mut scratch = [0u8; 8192];
        let outcome = loop {
            if drained >= LINGER_BYTES {
                break Poll::Ready(());
            }
            let mut buf = ReadBuf::new(&mut scratch);
            match Pin::new(&mut self.stream).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => drained += buf.filled().len(),
                // The client closed, or the socket failed: nothing more to wait for.
                Poll::Ready(_) => break Poll::Ready(()),
                Poll::Pending if self.deadline_passed(cx) => break Poll::Ready(()),
                Poll::Pending => break Poll::Pending,
            }
        };
        self.closing = Closing::Lingering { drained };
        outcome
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.timed(cx, outcome)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.timed(cx, outcome)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.stream).poll_flush(cx);
        this.timed(cx, outcome)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Closing::Open = this.closing {
            let outcome = Pin::new(&mut this.stream).poll_shutdown(cx);
            ready!(this.timed(cx, outcome))?;
            this.closing = if this.connection.lingers() {
                this.arm(LINGER_TIME);
                Closing::Lingering { drained: 0 }
            } else {
                Closing::Closed
            };
        }
        ready!(this.poll_linger(cx));
        this.closing = Closing::Closed;
        Poll::Ready(Ok(()))
    }
}
