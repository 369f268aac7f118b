//! The command line: `roamd --config FILE.toml [--check]` or, as hostapd is
//! started, `roamd [--check] HOSTAPD.CONF...`.
//!
//! Parsed by hand rather than with an argument-parsing crate: the grammar is
//! four options, and clap alone was a fifth of the binary's code on an AP
//! whose flash is counted in megabytes.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

/// What to load and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage text and exit successfully.
    Help,
    /// Print the version and exit successfully.
    Version,
    /// Load a configuration, then validate it only or serve it.
    Run {
        /// Where the configuration comes from.
        source: ConfigSource,
        /// `--check`: validate, print the verdict and exit.
        check_only: bool,
    },
}

/// The configuration files named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// `--config FILE`: roamd's own TOML.
    Toml(PathBuf),
    /// Positional hostapd.conf files, one per radio, as `hostapd FILE...`.
    HostapdConf(Vec<PathBuf>),
}

/// A command line that cannot be run; the message names the argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The usage text printed by `--help` and after a usage error.
pub const USAGE: &str = "\
roamd: a hostapd-compatible Wi-Fi access point daemon built for secure fast roaming

Usage: roamd --config FILE [--check]
       roamd [--check] HOSTAPD_CONF...

Options:
  -c, --config FILE  roamd's TOML configuration file
      --check        only validate the configuration, then exit
  -h, --help         print this help
  -V, --version      print the version

HOSTAPD_CONF: hostapd.conf files instead of --config, one per radio.
Logging: RUST_LOG=target=level,... (default: info)";

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut toml: Option<PathBuf> = None;
    let mut hostapd_confs = Vec::new();
    let mut check_only = false;
    let mut only_positional = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if only_positional || !text.starts_with('-') || text == "-" {
            hostapd_confs.push(PathBuf::from(arg));
            continue;
        }
        // `--config=FILE` as well as `--config FILE`.
        let (name, inline_value) = match text.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
            _ => (&*text, None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--check" => check_only = true,
            "--" => only_positional = true,
            "-c" | "--config" => {
                let value = match inline_value {
                    Some(v) => PathBuf::from(v),
                    None => PathBuf::from(
                        args.next()
                            .ok_or_else(|| UsageError(format!("{name} needs a file name")))?,
                    ),
                };
                if toml.replace(value).is_some() {
                    return Err(UsageError(format!("{name} is given twice")));
                }
            }
            _ => return Err(UsageError(format!("unknown option {text}"))),
        }
    }
    let source = match (toml, hostapd_confs.is_empty()) {
        (Some(file), true) => ConfigSource::Toml(file),
        (None, false) => ConfigSource::HostapdConf(hostapd_confs),
        (Some(_), false) => {
            return Err(UsageError(
                "--config and hostapd.conf files cannot be used together".into(),
            ))
        }
        (None, true) => {
            return Err(UsageError(
                "no configuration: give --config FILE or hostapd.conf files".into(),
            ))
        }
    };
    Ok(Command::Run { source, check_only })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn run(source: ConfigSource, check_only: bool) -> Result<Command, UsageError> {
        Ok(Command::Run { source, check_only })
    }

    #[test]
    fn toml_config_in_every_spelling() {
        let expected = run(ConfigSource::Toml("a.toml".into()), false);
        assert_eq!(parse_strs(&["--config", "a.toml"]), expected);
        assert_eq!(parse_strs(&["-c", "a.toml"]), expected);
        assert_eq!(parse_strs(&["--config=a.toml"]), expected);
        assert_eq!(
            parse_strs(&["--config", "a.toml", "--check"]),
            run(ConfigSource::Toml("a.toml".into()), true)
        );
    }

    #[test]
    fn hostapd_conf_files_are_positional() {
        assert_eq!(
            parse_strs(&["--check", "wlan0.conf", "wlan1.conf"]),
            run(
                ConfigSource::HostapdConf(vec!["wlan0.conf".into(), "wlan1.conf".into()]),
                true
            )
        );
        assert_eq!(
            parse_strs(&["--", "-odd.conf"]),
            run(ConfigSource::HostapdConf(vec!["-odd.conf".into()]), false)
        );
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(
            parse_strs(&["--bogus", "-h"]),
            Err(UsageError("unknown option --bogus".into()))
        );
        assert_eq!(parse_strs(&["-h", "--bogus"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["--version"]), Ok(Command::Version));
    }

    #[test]
    fn usage_errors_name_the_argument() {
        let message = |args: &[&str]| parse_strs(args).unwrap_err().to_string();
        assert_eq!(message(&["--config"]), "--config needs a file name");
        assert_eq!(message(&["-c", "a", "-c", "b"]), "-c is given twice");
        assert!(message(&["-c", "a", "x.conf"]).contains("cannot be used together"));
        assert!(message(&[]).starts_with("no configuration"));
        assert_eq!(message(&["-x"]), "unknown option -x");
    }
}
