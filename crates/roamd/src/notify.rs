//! systemd's service notifications (sd_notify(3)) without libsystemd: one
//! datagram per state change to the socket in `$NOTIFY_SOCKET` (a path, or
//! `@name` in the abstract namespace). `READY=1` once every AP is up,
//! `STOPPING=1` at shutdown, `STATUS=` lines, and `WATCHDOG=1` from the
//! event loop itself at half of `$WATCHDOG_USEC`, so a loop that stalls
//! stops the pings and systemd restarts the daemon (`WatchdogSec=`).
//!
//! Sending never blocks and a failure is only logged: the notifications
//! are advice to the service manager, never a reason to stop serving.

use std::io;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::time::Duration;

use tracing::debug;

/// A connection to the service manager's notification socket.
#[derive(Debug)]
pub struct Notifier {
    socket: UnixDatagram,
    addr: SocketAddr,
    watchdog: Option<Duration>,
}

impl Notifier {
    /// The notifier systemd's environment asks for, if any: `NOTIFY_SOCKET`,
    /// and `WATCHDOG_USEC` when `WATCHDOG_PID` is unset or ours.
    pub fn from_env() -> Option<Notifier> {
        let var = |name| std::env::var(name).ok();
        let (addr, watchdog) = settings(
            var("NOTIFY_SOCKET").as_deref(),
            var("WATCHDOG_USEC").as_deref(),
            var("WATCHDOG_PID").as_deref(),
            std::process::id(),
        )?;
        match Notifier::connect(&addr, watchdog) {
            Ok(n) => Some(n),
            Err(e) => {
                tracing::warn!("NOTIFY_SOCKET={addr}: cannot notify the service manager: {e}");
                None
            }
        }
    }

    /// A notifier for the socket `addr` (`@name`: abstract), pinging the
    /// watchdog every `watchdog` if given.
    pub fn connect(addr: &str, watchdog: Option<Duration>) -> io::Result<Notifier> {
        let addr = match addr.strip_prefix('@') {
            Some(name) => SocketAddr::from_abstract_name(name.as_bytes())?,
            None => SocketAddr::from_pathname(addr)?,
        };
        let socket = UnixDatagram::unbound()?;
        socket.set_nonblocking(true)?;
        Ok(Notifier {
            socket,
            addr,
            watchdog,
        })
    }

    /// How often the event loop must send [`Notifier::watchdog`].
    pub fn watchdog_interval(&self) -> Option<Duration> {
        self.watchdog
    }

    /// Every AP is up.
    pub fn ready(&self, status: &str) {
        self.send(&format!("READY=1\nSTATUS={status}"));
    }

    /// Reloading the configuration (`Type=notify-reload`): `READY=1`
    /// follows once it is applied or refused.
    pub fn reloading(&self) {
        self.send(&reloading_message(monotonic_usec()));
    }

    /// Shutting down.
    pub fn stopping(&self) {
        self.send("STOPPING=1\nSTATUS=shutting down");
    }

    /// The event loop is alive; `status` is the line `systemctl status` shows.
    pub fn watchdog(&self, status: &str) {
        self.send(&format!("WATCHDOG=1\nSTATUS={status}"));
    }

    fn send(&self, message: &str) {
        if let Err(e) = self.socket.send_to_addr(message.as_bytes(), &self.addr) {
            debug!("service manager notification not sent: {e}");
        }
    }
}

/// sd_notify(3)'s reload message: `MONOTONIC_USEC` tells the service
/// manager which reload request this one answers.
fn reloading_message(monotonic_usec: u64) -> String {
    format!("RELOADING=1\nMONOTONIC_USEC={monotonic_usec}\nSTATUS=reloading the configuration")
}

/// CLOCK_MONOTONIC in microseconds, the clock systemd compares
/// `MONOTONIC_USEC` with (std's `Instant` hides its value).
#[allow(unsafe_code)]
fn monotonic_usec() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_MONOTONIC always exists on Linux.
    if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) } != 0 {
        return 0;
    }
    let secs = u64::try_from(ts.tv_sec).unwrap_or(0);
    let micros = u64::try_from(ts.tv_nsec).unwrap_or(0) / 1000;
    secs.saturating_mul(1_000_000).saturating_add(micros)
}

/// The socket address and watchdog interval (half the timeout, as
/// sd_watchdog_enabled(3) advises) from systemd's variables; `None`
/// without a socket.
fn settings(
    notify_socket: Option<&str>,
    watchdog_usec: Option<&str>,
    watchdog_pid: Option<&str>,
    own_pid: u32,
) -> Option<(String, Option<Duration>)> {
    let addr = notify_socket.filter(|s| !s.is_empty())?.to_string();
    let for_us = watchdog_pid.is_none_or(|p| p.parse() == Ok(own_pid));
    let watchdog = watchdog_usec
        .and_then(|u| u.parse::<u64>().ok())
        .filter(|u| *u > 0 && for_us)
        .map(|u| Duration::from_micros(u / 2));
    Some((addr, watchdog))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_follow_systemd_s_variables() {
        assert_eq!(settings(None, Some("1000000"), None, 7), None);
        assert_eq!(settings(Some(""), None, None, 7), None);
        assert_eq!(
            settings(Some("/run/systemd/notify"), None, None, 7),
            Some(("/run/systemd/notify".into(), None))
        );
        let half = Some(Duration::from_secs(15));
        assert_eq!(
            settings(Some("@sd"), Some("30000000"), None, 7),
            Some(("@sd".into(), half))
        );
        assert_eq!(
            settings(Some("@sd"), Some("30000000"), Some("7"), 7),
            Some(("@sd".into(), half))
        );
        // The watchdog is another process's.
        assert_eq!(
            settings(Some("@sd"), Some("30000000"), Some("8"), 7),
            Some(("@sd".into(), None))
        );
        assert_eq!(
            settings(Some("@sd"), Some("nonsense"), None, 7),
            Some(("@sd".into(), None))
        );
    }

    fn received(server: &UnixDatagram) -> String {
        let mut buf = [0u8; 256];
        let n = server.recv(&mut buf).expect("a notification");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn notifications_reach_a_path_socket() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notify");
        let server = UnixDatagram::bind(&path).expect("bind");
        let n = Notifier::connect(path.to_str().expect("utf-8"), None).expect("notifier");
        n.ready("2 APs up");
        assert_eq!(received(&server), "READY=1\nSTATUS=2 APs up");
        n.watchdog("3 stations");
        assert_eq!(received(&server), "WATCHDOG=1\nSTATUS=3 stations");
        n.stopping();
        assert_eq!(received(&server), "STOPPING=1\nSTATUS=shutting down");
    }

    #[test]
    fn a_reload_is_announced_with_the_monotonic_clock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notify");
        let server = UnixDatagram::bind(&path).expect("bind");
        let n = Notifier::connect(path.to_str().expect("utf-8"), None).expect("notifier");
        let before = monotonic_usec();
        n.reloading();
        let after = monotonic_usec();
        let message = received(&server);
        let usec: u64 = message
            .strip_prefix("RELOADING=1\nMONOTONIC_USEC=")
            .and_then(|rest| rest.split('\n').next())
            .and_then(|v| v.parse().ok())
            .expect(&message);
        assert!(before > 0 && before <= usec && usec <= after, "{message}");
        assert_eq!(
            reloading_message(42),
            "RELOADING=1\nMONOTONIC_USEC=42\nSTATUS=reloading the configuration"
        );
        n.ready("2 APs up");
        assert_eq!(received(&server), "READY=1\nSTATUS=2 APs up");
    }

    #[test]
    fn notifications_reach_an_abstract_socket() {
        let name = format!("roamd-notify-test-{}", std::process::id());
        let addr = SocketAddr::from_abstract_name(name.as_bytes()).expect("addr");
        let server = UnixDatagram::bind_addr(&addr).expect("bind");
        let n =
            Notifier::connect(&format!("@{name}"), Some(Duration::from_secs(5))).expect("notifier");
        assert_eq!(n.watchdog_interval(), Some(Duration::from_secs(5)));
        n.ready("up");
        assert_eq!(received(&server), "READY=1\nSTATUS=up");
    }

    #[test]
    fn a_missing_manager_is_not_an_error() {
        let n = Notifier::connect("/nonexistent/notify", None).expect("notifier");
        n.ready("up");
        n.stopping();
    }
}
