//! `roamd --config FILE.toml`: the access point daemon.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// A hostapd-compatible Wi-Fi access point daemon built for secure fast roaming.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The TOML configuration file.
    #[arg(
        short,
        long,
        value_name = "FILE",
        required_unless_present = "hostapd_conf",
        conflicts_with = "hostapd_conf"
    )]
    config: Option<PathBuf>,
    /// hostapd.conf files instead, one per radio (as `hostapd FILE...`).
    #[arg(value_name = "HOSTAPD_CONF")]
    hostapd_conf: Vec<PathBuf>,
    /// Only validate the configuration, then exit.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let loaded = match &args.config {
        Some(file) => roamd::config::Config::load(file),
        None => roamd::hostapd_conf::load(&args.hostapd_conf),
    };
    let config = match loaded {
        Ok(c) => c,
        Err(e) => {
            eprintln!("roamd: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    if args.check {
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
