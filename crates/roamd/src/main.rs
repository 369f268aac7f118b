//! `roamd --config FILE.toml`: the access point daemon.

use std::process::ExitCode;

use roamd::args::{self, Command, ConfigSource};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

fn main() -> ExitCode {
    let (source, check_only) = match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run { source, check_only }) => (source, check_only),
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
            return ExitCode::from(2);
        }
    };
    init_logging();
    let loaded = match &source {
        ConfigSource::Toml(file) => roamd::config::Config::load(file),
        ConfigSource::HostapdConf(files) => roamd::hostapd_conf::load(files),
    };
    let config = match loaded {
        Ok(c) => c,
        Err(e) => {
            eprintln!("roamd: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    if check_only {
        println!("{}: configuration is valid", config.file.display());
        return ExitCode::SUCCESS;
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
    match runtime.block_on(roamd::daemon::run_nl80211(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("roamd: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` as `target=level,...` with a bare
/// level as the default (`roamd=debug,info`). Target prefixes, not regular
/// expressions: the regex engine behind `EnvFilter` weighed half a megabyte.
fn init_logging() {
    let default = Targets::new().with_default(LevelFilter::INFO);
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => spec.parse().unwrap_or_else(|e| {
            eprintln!("roamd: RUST_LOG={spec:?} ignored ({e}); logging at info");
            default
        }),
        _ => default,
    };
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(false),
        )
        .with(filter)
        .init();
}
