//! hostapd's `-B` and `-P`: the daemon in the background, and its pid file.
//!
//! hostapd daemonizes once its interfaces are up, so `hostapd -B` returns
//! with the APs running. roamd must fork before the tokio runtime starts
//! (after `fork` only the calling thread exists in the child, whatever
//! locks the others held), so it forks first and the parent waits on a pipe
//! instead: the child writes one byte once every AP is up, or exits without
//! writing it, and the parent exits with the child's status.
//!
//! The child keeps the terminal's stderr until then, so a start-up error
//! reaches the person who typed the command, as hostapd's does; at "ready"
//! it leaves the working directory and the terminal (hostapd's `daemon(0,
//! 0)` at the same moment).

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The byte the child sends once its APs are up.
const READY: u8 = b'R';

/// Which side of the fork this process is on.
pub enum Forked {
    /// The command the user ran: exit with this status.
    Parent(ExitCode),
    /// The daemon: tell the parent once the APs are up.
    Child(ReadyNotifier),
}

/// The daemon's end of the pipe to the waiting parent.
pub struct ReadyNotifier {
    pipe: File,
}

impl ReadyNotifier {
    /// Detaches from the terminal and lets the parent exit successfully:
    /// chdir("/"), stdin from /dev/null, stdout and stderr to `log_file` (so
    /// that a panic is kept) or /dev/null.
    pub fn ready(mut self, log_file: Option<&File>) -> io::Result<()> {
        std::env::set_current_dir("/")?;
        let null = File::options().read(true).write(true).open("/dev/null")?;
        let output = log_file.unwrap_or(&null);
        redirect(&null, libc::STDIN_FILENO)?;
        redirect(output, libc::STDOUT_FILENO)?;
        redirect(output, libc::STDERR_FILENO)?;
        self.pipe.write_all(&[READY])
    }
}

/// Makes `fd` a copy of `file`'s descriptor.
fn redirect(file: &File, fd: libc::c_int) -> io::Result<()> {
    // SAFETY: dup2 on a descriptor `file` owns onto one of the three standard
    // descriptors, which no Rust object owns; it does not touch memory.
    if unsafe { libc::dup2(file.as_raw_fd(), fd) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Forks. The parent waits until the child is ready or gone; the child
/// starts a new session (no controlling terminal, its own process group).
///
/// Call only while this process has a single thread.
pub fn daemonize() -> io::Result<Forked> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe2 writes two descriptors into the array it is given.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded, so both are open descriptors owned by no one else.
    let (read_end, write_end) =
        unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    // SAFETY: the caller runs single-threaded (the runtime starts later),
    // the one case where the child may go on running arbitrary code.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid > 0 {
        drop(write_end);
        return Ok(Forked::Parent(wait_for_child(pid, File::from(read_end))));
    }
    drop(read_end);
    // SAFETY: setsid has no memory effects; it fails only for a process
    // group leader, which a fresh child is not.
    if unsafe { libc::setsid() } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Forked::Child(ReadyNotifier {
        pipe: File::from(write_end),
    }))
}

/// The parent's wait: success once the child says it is ready, else the
/// child's own exit status (it has printed its error on the shared stderr).
fn wait_for_child(pid: libc::pid_t, mut pipe: File) -> ExitCode {
    let mut byte = [0u8; 1];
    loop {
        match pipe.read(&mut byte) {
            Ok(1) if byte[0] == READY => return ExitCode::SUCCESS,
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                eprintln!("roamd: lost track of the daemon (pid {pid}): {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    // The pipe closed without "ready": the child is exiting.
    let mut status: libc::c_int = 0;
    loop {
        // SAFETY: waitpid writes the status of our own child into `status`.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        if waited == pid {
            break;
        }
        if waited < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        eprintln!("roamd: lost track of the daemon (pid {pid})");
        return ExitCode::FAILURE;
    }
    if libc::WIFEXITED(status) {
        let code = libc::WEXITSTATUS(status);
        // Exit 0 without "ready" is still a failure to start.
        return ExitCode::from(u8::try_from(code).ok().filter(|c| *c != 0).unwrap_or(1));
    }
    if libc::WIFSIGNALED(status) {
        eprintln!(
            "roamd: the daemon was killed by signal {} during start-up",
            libc::WTERMSIG(status)
        );
    }
    ExitCode::FAILURE
}

/// hostapd's `-P` file: the daemon's pid, removed when this is dropped
/// (a clean exit, or a start-up failure after the file was written).
pub struct PidFile {
    path: PathBuf,
}

impl PidFile {
    /// Writes this process's pid to `path` (made absolute first: the daemon
    /// leaves its working directory).
    pub fn create(path: &Path) -> io::Result<PidFile> {
        let path = std::path::absolute(path)?;
        std::fs::write(&path, format!("{}\n", std::process::id()))?;
        Ok(PidFile { path })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        // Best effort: a file someone removed already is no error.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_file_holds_the_pid_until_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("roamd.pid");
        let pid_file = PidFile::create(&path).expect("written");
        assert_eq!(pid_file.path(), path);
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(text, format!("{}\n", std::process::id()));
        drop(pid_file);
        assert!(!path.exists());
    }

    #[test]
    fn pid_file_in_a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(PidFile::create(&dir.path().join("no/such/dir/roamd.pid")).is_err());
    }
}
