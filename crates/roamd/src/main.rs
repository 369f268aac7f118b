//! `roamd --config FILE.toml`, or `roamd [hostapd's flags] HOSTAPD.CONF...`:
//! the access point daemon.

use std::fs::File;
use std::process::ExitCode;

use roamd::args::{self, Command, ConfigSource, LogOptions, LogSink, RunOptions};
use roamd::daemonize::{self, Forked, PidFile};
use tracing::{debug, error, info};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

/// Exit status of a command line or configuration that cannot run
/// (restarting will not help; systemd's RestartPreventExitStatus=2).
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let options = match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("roamd {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("roamd: {e}\n\n{}", args::USAGE);
            return ExitCode::from(USAGE_ERROR);
        }
    };
    run(options)
}

fn run(options: RunOptions) -> ExitCode {
    // Opened before a -B fork, so that the person starting roamd sees why
    // it cannot be.
    let log_file = match &options.log.sink {
        LogSink::File(path) => match File::options().create(true).append(true).open(path) {
            Ok(file) => Some(file),
            Err(e) => {
                eprintln!("roamd: -f {}: {e}", path.display());
                return ExitCode::from(USAGE_ERROR);
            }
        },
        _ => None,
    };
    if let Err(e) = init_logging(&options.log, log_file.as_ref()) {
        eprintln!("roamd: -f: {e}");
        return ExitCode::from(USAGE_ERROR);
    }
    if options.log.verbosity != 0 && rust_log().is_some() {
        info!("RUST_LOG is set: it, not -d or -q, chooses the log lines");
    }
    if options.show_keys {
        info!("-K: roamd never logs key material; the flag changes nothing");
    }
    if let Some(file) = &options.entropy_file {
        info!(
            "-e {}: roamd takes its randomness from the kernel; the entropy file is not used",
            file.display()
        );
    }
    // hostapd -d's first line, "Configuration file: FILE".
    match &options.source {
        ConfigSource::Toml(file) => debug!(file = %file.display(), "configuration file"),
        ConfigSource::HostapdConf(files) => {
            for (n, file) in files.iter().enumerate() {
                let interface = options.interfaces.get(n).map(String::as_str);
                debug!(file = %file.display(), interface, "configuration file");
            }
        }
    }
    let files = options.config_files();
    let config = match files.load() {
        Ok(c) => c,
        Err(e) => {
            report(&options, &format!("configuration error: {e}"));
            return ExitCode::from(USAGE_ERROR);
        }
    };
    if options.check_only {
        println!("{}: configuration is valid", config.file.display());
        return ExitCode::SUCCESS;
    }
    // Forks while the process has one thread: the runtime starts after.
    let mut ready = None;
    if options.daemonize {
        match daemonize::daemonize() {
            Ok(Forked::Parent(status)) => return status,
            Ok(Forked::Child(notifier)) => ready = Some(notifier),
            Err(e) => {
                eprintln!("roamd: -B: cannot fork: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut pid_file = None;
    if let Some(path) = &options.pid_file {
        match PidFile::create(path) {
            Ok(p) => pid_file = Some(p),
            Err(e) => {
                report(&options, &format!("-P {}: {e}", path.display()));
                return ExitCode::FAILURE;
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("roamd: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let on_ready = || {
        if let Some(notifier) = ready.take() {
            // The daemon runs on even if the terminal is not let go of.
            match notifier.ready(log_file.as_ref()) {
                Ok(()) => info!("running in the background (-B)"),
                Err(e) => error!("-B: cannot detach from the terminal: {e}"),
            }
        }
    };
    let outcome = runtime.block_on(roamd::daemon::run_nl80211(
        config,
        files,
        options.global_ctrl.as_ref(),
        on_ready,
    ));
    // The pid file goes when the daemon does, after a clean exit or a failure.
    drop(pid_file);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // A detached daemon's stderr is the log file or /dev/null.
        Err(e) if options.daemonize && ready.is_none() => {
            error!("{e:#}");
            ExitCode::FAILURE
        }
        Err(e) => {
            report(&options, &format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// Why roamd exits: on stderr (the terminal, or a waiting `-B` parent's),
/// and in the log when that is elsewhere.
fn report(options: &RunOptions, why: &str) {
    eprintln!("roamd: {why}");
    if options.log.sink != LogSink::Stderr {
        error!("{why}");
    }
}

/// Logs to stderr, a file (`-f`) or syslog (`-s`), filtered by `RUST_LOG`
/// as `target=level,...` with a bare level as the default
/// (`roamd=debug,info`); without `RUST_LOG`, at the level `-d`/`-q` give.
/// Target prefixes, not regular expressions: the regex engine behind
/// `EnvFilter` weighed half a megabyte.
fn init_logging(options: &LogOptions, log_file: Option<&File>) -> std::io::Result<()> {
    let level = match options.verbosity {
        i32::MIN..=-2 => LevelFilter::ERROR,
        -1 => LevelFilter::WARN,
        0 => LevelFilter::INFO,
        1 => LevelFilter::DEBUG,
        2.. => LevelFilter::TRACE,
    };
    let default = Targets::new().with_default(level);
    let filter = match rust_log() {
        Some(spec) => spec.parse().unwrap_or_else(|e| {
            eprintln!("roamd: RUST_LOG={spec:?} ignored ({e}); logging at {level}");
            default
        }),
        None => default,
    };
    let layer = tracing_subscriber::fmt::layer().with_ansi(false);
    let layer = match (&options.sink, log_file) {
        (LogSink::File(_), Some(file)) => {
            let file = file.try_clone()?;
            layer.with_writer(std::sync::Mutex::new(file)).boxed()
        }
        // syslog stamps each line itself.
        (LogSink::Syslog, _) => layer
            .without_time()
            .with_writer(roamd::syslog::Syslog::open())
            .boxed(),
        _ => layer.with_writer(std::io::stderr).boxed(),
    };
    tracing_subscriber::registry()
        .with(layer)
        .with(filter)
        .init();
    Ok(())
}

/// `RUST_LOG`, unless unset or blank.
fn rust_log() -> Option<String> {
    std::env::var("RUST_LOG")
        .ok()
        .filter(|spec| !spec.trim().is_empty())
}
