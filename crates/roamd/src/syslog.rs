//! hostapd's `-s`: log lines to syslog (facility daemon, ident "roamd"),
//! as a `tracing_subscriber` writer over libc's `openlog`/`syslog`.
//!
//! libc's client rather than a crate: it already knows the local socket
//! (/dev/log), reconnects after a syslogd restart and falls back to the
//! console as the system is configured to.

use std::io;

use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// Makes one [`SyslogLine`] per event, with the event's priority.
#[derive(Debug, Clone, Copy)]
pub struct Syslog(());

impl Syslog {
    /// Opens the log: ident "roamd", each line tagged with the pid.
    pub fn open() -> Syslog {
        // SAFETY: openlog keeps the ident pointer; a C string literal lives
        // for the whole program.
        unsafe { libc::openlog(c"roamd".as_ptr(), libc::LOG_PID, libc::LOG_DAEMON) };
        Syslog(())
    }
}

/// The syslog priority of a tracing level (trace has none lower than debug).
fn priority(level: &Level) -> libc::c_int {
    match *level {
        Level::ERROR => libc::LOG_ERR,
        Level::WARN => libc::LOG_WARNING,
        Level::INFO => libc::LOG_INFO,
        Level::DEBUG | Level::TRACE => libc::LOG_DEBUG,
    }
}

impl<'a> MakeWriter<'a> for Syslog {
    type Writer = SyslogLine;

    fn make_writer(&'a self) -> SyslogLine {
        SyslogLine::new(libc::LOG_INFO)
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> SyslogLine {
        SyslogLine::new(priority(meta.level()))
    }
}

/// One event's text, sent as one syslog message when dropped.
pub struct SyslogLine {
    priority: libc::c_int,
    text: Vec<u8>,
}

impl SyslogLine {
    fn new(priority: libc::c_int) -> SyslogLine {
        SyslogLine {
            priority,
            text: Vec::new(),
        }
    }
}

impl io::Write for SyslogLine {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for SyslogLine {
    fn drop(&mut self) {
        let text = message(std::mem::take(&mut self.text));
        if text.as_bytes().is_empty() {
            return;
        }
        // SAFETY: a "%s" format with one NUL-terminated string argument.
        unsafe { libc::syslog(self.priority, c"%s".as_ptr(), text.as_ptr()) };
    }
}

/// The event's text as a C string: without the padding before the level and
/// the trailing newline (syslog adds its own framing), any NUL byte (which
/// would cut the line) shown as `\0`.
fn message(mut text: Vec<u8>) -> std::ffi::CString {
    while text.last() == Some(&b'\n') {
        text.pop();
    }
    let padding = text.iter().take_while(|b| **b == b' ').count();
    text.drain(..padding);
    if text.contains(&0) {
        text = text
            .into_iter()
            .flat_map(|b| if b == 0 { vec![b'\\', b'0'] } else { vec![b] })
            .collect();
    }
    // No NUL byte is left, so this cannot fail; an empty string if it did.
    std::ffi::CString::new(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_loses_its_newline_and_keeps_nul_bytes_visible() {
        assert_eq!(message(b"AP started\n".to_vec()).as_bytes(), b"AP started");
        assert_eq!(
            message(b" INFO roamd: x\n".to_vec()).as_bytes(),
            b"INFO roamd: x"
        );
        assert_eq!(message(b"a\0b\n\n".to_vec()).as_bytes(), b"a\\0b");
        assert_eq!(message(Vec::new()).as_bytes(), b"");
    }

    #[test]
    fn levels_map_onto_syslog_priorities() {
        assert_eq!(priority(&Level::ERROR), libc::LOG_ERR);
        assert_eq!(priority(&Level::WARN), libc::LOG_WARNING);
        assert_eq!(priority(&Level::INFO), libc::LOG_INFO);
        assert_eq!(priority(&Level::DEBUG), libc::LOG_DEBUG);
        assert_eq!(priority(&Level::TRACE), libc::LOG_DEBUG);
    }
}
