//! The command line: `roamd --config FILE.toml [--check]` or, as hostapd is
//! started, `roamd [-B] [-P PIDFILE] [-f LOGFILE | -s] [-dd] [-i IFNAME,...]
//! [-g GLOBAL_CTRL [-G GROUP]] HOSTAPD.CONF...` (no file at all with `-g`).
//!
//! hostapd's flags keep hostapd's meaning (its `main()` in hostapd/main.c),
//! with getopt's grammar: flags cluster (`-dd`, `-Bt`), a value follows its
//! flag attached or as the next argument (`-P/run/x.pid`, `-P /run/x.pid`),
//! and flags may follow the files. A hostapd flag roamd cannot honour is a
//! usage error that names it, never silently ignored.
//!
//! Parsed by hand rather than with an argument-parsing crate: clap alone was
//! a fifth of the binary's code on an AP whose flash is counted in megabytes.

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
    Run(RunOptions),
}

/// Everything `Command::Run` needs, each field from its flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Where the configuration comes from.
    pub source: ConfigSource,
    /// `--check`: validate, print the verdict and exit.
    pub check_only: bool,
    /// `-i IFNAME[,IFNAME]`: the `interface=` of each hostapd.conf, in order.
    /// Empty unless given; otherwise exactly one name per file.
    pub interfaces: Vec<String>,
    /// `-B`: return once the APs are up, the daemon running in the background.
    pub daemonize: bool,
    /// `-P FILE`: where the daemon writes its pid (removed on a clean exit).
    pub pid_file: Option<PathBuf>,
    /// Where and how much to log.
    pub log: LogOptions,
    /// `-K`: hostapd logs key material with it; roamd says that it never does.
    pub show_keys: bool,
    /// `-e FILE`: hostapd's entropy file, which roamd does not need.
    pub entropy_file: Option<PathBuf>,
    /// `-g PATH` and `-G GROUP`: hostapd's global control socket.
    pub global_ctrl: Option<GlobalCtrl>,
}

/// hostapd's global control socket: `-g PATH` is the socket itself
/// (`hostapd_cli -p DIR -i NAME` for `DIR/NAME`), in a directory created with mode 0770 when
/// missing; `-G GROUP` gives both that group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalCtrl {
    /// The socket.
    pub path: PathBuf,
    /// `-G`: a group name or gid.
    pub group: Option<crate::config::CtrlGroup>,
}

/// Where log lines go and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOptions {
    /// Each `-d` adds one, each `-q` takes one away: 0 is info, 1 debug,
    /// 2 and more trace, -1 warn, -2 and less error. `RUST_LOG` overrides it.
    pub verbosity: i32,
    /// stderr, a file or syslog.
    pub sink: LogSink,
}

/// The destination of the log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSink {
    /// The default, as hostapd logs to stdout.
    Stderr,
    /// `-f FILE`: appended to that file.
    File(PathBuf),
    /// `-s`: syslog, facility daemon, ident "roamd".
    Syslog,
}

/// The configuration files named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// `--config FILE`: roamd's own TOML.
    Toml(PathBuf),
    /// Positional hostapd.conf files, one per radio, as `hostapd FILE...`;
    /// none with `-g`, whose `ADD` brings the radios.
    HostapdConf(Vec<PathBuf>),
}

impl RunOptions {
    /// The configuration the command line names: read and validated now,
    /// and again on every reload (SIGHUP, `RELOAD`).
    pub fn config_files(&self) -> ConfigFiles {
        ConfigFiles {
            source: self.source.clone(),
            interfaces: self.interfaces.clone(),
        }
    }
}

/// The configuration files and `-i` overrides the daemon started from,
/// which it reads again to reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFiles {
    /// The files.
    pub source: ConfigSource,
    /// `-i`: the `interface=` of each hostapd.conf.
    pub interfaces: Vec<String>,
}

impl ConfigFiles {
    /// Reads and validates the configuration.
    pub fn load(&self) -> Result<crate::config::Config, crate::config::ConfigError> {
        match &self.source {
            ConfigSource::Toml(file) => crate::config::Config::load(file),
            ConfigSource::HostapdConf(files) if files.is_empty() => {
                Ok(crate::config::Config::without_radios())
            }
            ConfigSource::HostapdConf(files) => {
                crate::hostapd_conf::load_with_interfaces(files, &self.interfaces)
            }
        }
    }
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

Usage: roamd [OPTIONS] --config FILE
       roamd [OPTIONS] HOSTAPD_CONF...

Options:
  -c, --config FILE  roamd's TOML configuration file
      --check        only validate the configuration, then exit
  -h, --help         print this help
  -V, --version      print the version

hostapd's options, with hostapd's meaning:
  -B          run in the background; returns once every AP is up
  -P FILE     write the daemon's pid to FILE (removed when it exits)
  -f FILE     append the log to FILE instead of stderr
  -s          log to syslog (facility daemon) instead of stderr
  -d, -dd     more log lines (debug, trace); -q, -qq fewer (warn, error)
  -t          accepted: roamd's log lines always carry timestamps
  -K          accepted: roamd never logs key material (says so once)
  -e FILE     accepted: roamd takes its randomness from the kernel, not FILE
  -i IF[,IF]  the interface of each HOSTAPD_CONF, in order (one per file)
  -g PATH     the global control socket: ADD, REMOVE... (hostapd_cli -p DIR -i NAME)
  -G GROUP    the group of the global control socket (mode 0770)
  -v          print the version
Not supported (refused): -b, -S, -T, -u.

HOSTAPD_CONF: hostapd.conf files instead of --config, one per radio
(none needed with -g: ADD IFNAME config=FILE adds them).
Logging: RUST_LOG=target=level,... (default: info, or as -d/-q say)";

/// The flags that take a value: roamd's `-c` and, of hostapd's getopt string
/// "b:Bde:f:hi:KP:sSTtu:vg:G:qz:", those roamd accepts.
const TAKES_VALUE: &[char] = &['c', 'e', 'f', 'g', 'G', 'i', 'P'];
/// hostapd's flags that roamd refuses, refused before their value is read.
const REFUSED: &[char] = &['b', 'S', 'T', 'u'];

/// The options seen so far.
#[derive(Default)]
struct Parsed {
    toml: Option<PathBuf>,
    hostapd_confs: Vec<PathBuf>,
    check_only: bool,
    interfaces: Vec<String>,
    daemonize: bool,
    pid_file: Option<PathBuf>,
    log_file: Option<PathBuf>,
    syslog: bool,
    verbosity: i32,
    show_keys: bool,
    entropy_file: Option<PathBuf>,
    global_ctrl: Option<PathBuf>,
    global_group: Option<String>,
}

/// Sets an option that may be given once.
fn once(slot: &mut Option<PathBuf>, flag: &str, value: OsString) -> Result<(), UsageError> {
    if slot.replace(PathBuf::from(value)).is_some() {
        return Err(UsageError(format!("{flag} is given twice")));
    }
    Ok(())
}

/// What to do once a flag is read.
enum Step {
    Continue,
    Help,
    Version,
}

impl Parsed {
    /// Applies flag `flag` (`-x` or `--long`), with its value when it takes one.
    fn flag(&mut self, flag: &str, arg: Option<OsString>) -> Result<Step, UsageError> {
        let value = || arg.clone().unwrap_or_default();
        match flag {
            "-h" | "--help" => return Ok(Step::Help),
            "-V" | "--version" | "-v" => return Ok(Step::Version),
            "--check" => self.check_only = true,
            "-c" | "--config" => once(&mut self.toml, flag, value())?,
            "-B" => self.daemonize = true,
            "-P" => once(&mut self.pid_file, flag, value())?,
            "-f" => once(&mut self.log_file, flag, value())?,
            "-s" => self.syslog = true,
            "-d" => self.verbosity += 1,
            "-q" => self.verbosity -= 1,
            // hostapd's -t adds timestamps; roamd's lines always have them.
            "-t" => {}
            "-K" => self.show_keys = true,
            "-e" => once(&mut self.entropy_file, flag, value())?,
            "-i" => {
                // hostapd splits with strtok: empty names are skipped, and
                // every -i adds to the list.
                let names = value();
                let names = names.to_string_lossy();
                let before = self.interfaces.len();
                self.interfaces.extend(
                    names
                        .split(',')
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned),
                );
                if self.interfaces.len() == before {
                    return Err(UsageError(format!("-i {names:?}: no interface name")));
                }
            }
            "-S" => {
                return Err(UsageError(
                    "-S: not supported: roamd starts its radios one after another".into(),
                ))
            }
            "-T" => {
                return Err(UsageError(
                    "-T: not supported: roamd does not log to Linux tracing (use -f or -s)".into(),
                ))
            }
            "-g" => once(&mut self.global_ctrl, flag, value())?,
            "-G" => {
                let group = value().to_string_lossy().into_owned();
                if self.global_group.replace(group).is_some() {
                    return Err(UsageError("-G is given twice".into()));
                }
            }
            "-b" => {
                return Err(UsageError(
                    "-b: per-BSS configuration files are not supported: give each BSS \
                     as a bss= section of its radio's hostapd.conf"
                        .into(),
                ))
            }
            "-u" => return Err(UsageError("-u: not supported: roamd has no WPS".into())),
            _ => return Err(UsageError(format!("unknown option {flag}"))),
        }
        Ok(Step::Continue)
    }

    /// The command the options add up to, or why they do not.
    fn finish(self) -> Result<Command, UsageError> {
        let source = match (self.toml, self.hostapd_confs.is_empty()) {
            (Some(file), true) => ConfigSource::Toml(file),
            (None, false) => ConfigSource::HostapdConf(self.hostapd_confs),
            (Some(_), false) => {
                return Err(UsageError(
                    "--config and hostapd.conf files cannot be used together".into(),
                ))
            }
            // hostapd starts with no interface when -g can add them.
            (None, true) if self.global_ctrl.is_some() => ConfigSource::HostapdConf(Vec::new()),
            (None, true) => {
                return Err(UsageError(
                    "no configuration: give --config FILE or hostapd.conf files \
                     (or -g to add them later)"
                        .into(),
                ))
            }
        };
        let global_ctrl = match (self.global_ctrl, self.global_group) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(UsageError(
                    "-G gives the group of the global control socket: give -g too \
                     (the per-interface sockets take ctrl_interface_group)"
                        .into(),
                ))
            }
            (Some(path), group) => {
                // hostapd_get_global_ctrl_iface: a directory and a name.
                if !path.to_string_lossy().contains('/') || path.file_name().is_none() {
                    return Err(UsageError(format!(
                        "-g {}: give the socket's path with its directory, \
                         as /var/run/hostapd-global",
                        path.display()
                    )));
                }
                let group = match group {
                    Some(g) => Some(crate::config::CtrlGroup::parse(&g).ok_or_else(|| {
                        UsageError(format!("-G {g:?}: not a group name or number"))
                    })?),
                    None => None,
                };
                Some(GlobalCtrl { path, group })
            }
        };
        if !self.interfaces.is_empty() {
            match &source {
                ConfigSource::Toml(_) => {
                    return Err(UsageError(
                        "-i renames the interfaces of hostapd.conf files; \
                         roamd's TOML names its own (radio.interface)"
                            .into(),
                    ))
                }
                // hostapd pairs names and files in order and lets the files
                // without a name keep theirs; roamd wants no guessing.
                ConfigSource::HostapdConf(files) if files.len() != self.interfaces.len() => {
                    return Err(UsageError(format!(
                        "-i names {} interface(s) for {} hostapd.conf file(s); \
                         give one name per file, in order",
                        self.interfaces.len(),
                        files.len()
                    )))
                }
                ConfigSource::HostapdConf(_) => {}
            }
        }
        let sink = match (self.log_file, self.syslog) {
            (Some(_), true) => {
                return Err(UsageError(
                    "-f and -s cannot be used together: log to a file or to syslog".into(),
                ))
            }
            (Some(file), false) => LogSink::File(file),
            (None, true) => LogSink::Syslog,
            (None, false) => LogSink::Stderr,
        };
        Ok(Command::Run(RunOptions {
            source,
            check_only: self.check_only,
            interfaces: self.interfaces,
            daemonize: self.daemonize,
            pid_file: self.pid_file,
            log: LogOptions {
                verbosity: self.verbosity,
                sink,
            },
            show_keys: self.show_keys,
            entropy_file: self.entropy_file,
            global_ctrl,
        }))
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut parsed = Parsed::default();
    let mut only_positional = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        if only_positional || !text.starts_with('-') || text == "-" {
            parsed.hostapd_confs.push(PathBuf::from(arg));
            continue;
        }
        if text == "--" {
            only_positional = true;
            continue;
        }
        let step = if let Some(long) = text.strip_prefix("--") {
            // `--config=FILE` as well as `--config FILE`.
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (format!("--{name}"), Some(OsString::from(value))),
                None => (text.clone(), None),
            };
            let value = match (name.as_str(), inline) {
                ("--config", Some(v)) => Some(v),
                ("--config", None) => Some(
                    args.next()
                        .ok_or_else(|| UsageError(format!("{name} needs a file name")))?,
                ),
                (_, Some(_)) => return Err(UsageError(format!("unknown option {text}"))),
                (_, None) => None,
            };
            parsed.flag(&name, value)?
        } else {
            // A cluster of short flags; the first that takes a value takes
            // the rest of the cluster, or else the next argument.
            let mut step = Step::Continue;
            let cluster = &text[1..];
            for (at, c) in cluster.char_indices() {
                let flag = format!("-{c}");
                if REFUSED.contains(&c) {
                    parsed.flag(&flag, None)?;
                }
                let value = if TAKES_VALUE.contains(&c) {
                    let rest = &cluster[at + c.len_utf8()..];
                    if rest.is_empty() {
                        Some(args.next().ok_or_else(|| {
                            UsageError(format!("{flag} needs a value ({})", value_name(c)))
                        })?)
                    } else {
                        Some(OsString::from(rest))
                    }
                } else {
                    None
                };
                let takes_rest = value.is_some();
                step = parsed.flag(&flag, value)?;
                if takes_rest || !matches!(step, Step::Continue) {
                    break;
                }
            }
            step
        };
        match step {
            Step::Continue => {}
            Step::Help => return Ok(Command::Help),
            Step::Version => return Ok(Command::Version),
        }
    }
    parsed.finish()
}

/// What the value of a flag is, for the error when it is missing.
fn value_name(flag: char) -> &'static str {
    match flag {
        'i' => "interface names",
        'g' => "the global control socket's path",
        'G' => "a group",
        _ => "a file name",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn options(source: ConfigSource) -> RunOptions {
        RunOptions {
            source,
            check_only: false,
            interfaces: Vec::new(),
            daemonize: false,
            pid_file: None,
            log: LogOptions {
                verbosity: 0,
                sink: LogSink::Stderr,
            },
            show_keys: false,
            entropy_file: None,
            global_ctrl: None,
        }
    }

    fn hostapd(files: &[&str]) -> RunOptions {
        options(ConfigSource::HostapdConf(
            files.iter().map(PathBuf::from).collect(),
        ))
    }

    fn run_options(args: &[&str]) -> RunOptions {
        match parse_strs(args) {
            Ok(Command::Run(options)) => options,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn message(args: &[&str]) -> String {
        parse_strs(args).unwrap_err().to_string()
    }

    #[test]
    fn toml_config_in_every_spelling() {
        let expected = Ok(Command::Run(options(ConfigSource::Toml("a.toml".into()))));
        assert_eq!(parse_strs(&["--config", "a.toml"]), expected);
        assert_eq!(parse_strs(&["-c", "a.toml"]), expected);
        assert_eq!(parse_strs(&["-ca.toml"]), expected);
        assert_eq!(parse_strs(&["--config=a.toml"]), expected);
        assert!(run_options(&["--config", "a.toml", "--check"]).check_only);
    }

    #[test]
    fn hostapd_conf_files_are_positional() {
        let mut expected = hostapd(&["wlan0.conf", "wlan1.conf"]);
        expected.check_only = true;
        assert_eq!(
            run_options(&["--check", "wlan0.conf", "wlan1.conf"]),
            expected
        );
        assert_eq!(run_options(&["--", "-odd.conf"]), hostapd(&["-odd.conf"]));
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(
            parse_strs(&["--bogus", "-h"]),
            Err(UsageError("unknown option --bogus".into()))
        );
        assert_eq!(parse_strs(&["-h", "--bogus"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["--version"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
        // hostapd's -v: the version (hostapd then exits 1; roamd exits 0).
        assert_eq!(parse_strs(&["-v"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["-dv", "--bogus"]), Ok(Command::Version));
    }

    #[test]
    fn a_hostapd_init_script_line_parses() {
        // Debian's hostapd.service: hostapd -B -P /run/hostapd.pid $DAEMON_CONF
        let mut expected = hostapd(&["/etc/hostapd/hostapd.conf"]);
        expected.daemonize = true;
        expected.pid_file = Some("/run/hostapd.pid".into());
        assert_eq!(
            run_options(&["-B", "-P", "/run/hostapd.pid", "/etc/hostapd/hostapd.conf"]),
            expected
        );
        // Clustered, the value attached, and flags after the file (getopt
        // permutes arguments).
        assert_eq!(
            run_options(&["-BP/run/hostapd.pid", "/etc/hostapd/hostapd.conf"]),
            expected
        );
        assert_eq!(
            run_options(&["/etc/hostapd/hostapd.conf", "-P", "/run/hostapd.pid", "-B"]),
            expected
        );
    }

    #[test]
    fn pid_file_and_log_file() {
        let o = run_options(&["-P", "ap.pid", "-f", "ap.log", "-t", "ap.conf"]);
        assert_eq!(o.pid_file, Some("ap.pid".into()));
        assert_eq!(o.log.sink, LogSink::File("ap.log".into()));
        assert_eq!(o.log.verbosity, 0);
        assert_eq!(message(&["-P"]), "-P needs a value (a file name)");
        assert_eq!(message(&["-f"]), "-f needs a value (a file name)");
        assert_eq!(
            message(&["-P", "a", "-P", "b", "x.conf"]),
            "-P is given twice"
        );
        assert_eq!(message(&["-fa", "-fb", "x.conf"]), "-f is given twice");
    }

    #[test]
    fn syslog_replaces_stderr_but_not_a_file() {
        assert_eq!(run_options(&["-s", "ap.conf"]).log.sink, LogSink::Syslog);
        assert_eq!(run_options(&["ap.conf"]).log.sink, LogSink::Stderr);
        assert_eq!(
            message(&["-s", "-f", "ap.log", "ap.conf"]),
            "-f and -s cannot be used together: log to a file or to syslog"
        );
    }

    #[test]
    fn d_and_q_count() {
        let verbosity = |args: &[&str]| run_options(args).log.verbosity;
        assert_eq!(verbosity(&["-d", "ap.conf"]), 1);
        assert_eq!(verbosity(&["-dd", "ap.conf"]), 2);
        assert_eq!(verbosity(&["-ddd", "-d", "ap.conf"]), 4);
        assert_eq!(verbosity(&["-q", "ap.conf"]), -1);
        assert_eq!(verbosity(&["-qq", "ap.conf"]), -2);
        assert_eq!(verbosity(&["-ddq", "ap.conf"]), 1);
        assert_eq!(verbosity(&["-dBt", "ap.conf"]), 1);
    }

    #[test]
    fn key_and_entropy_flags_are_accepted() {
        let o = run_options(&["-K", "-e", "/var/lib/hostapd/entropy", "ap.conf"]);
        assert!(o.show_keys);
        assert_eq!(o.entropy_file, Some("/var/lib/hostapd/entropy".into()));
        assert_eq!(message(&["-e"]), "-e needs a value (a file name)");
    }

    #[test]
    fn interfaces_pair_with_files_in_order() {
        let o = run_options(&["-i", "wlan3,wlan4", "a.conf", "b.conf"]);
        assert_eq!(o.interfaces, ["wlan3", "wlan4"]);
        // Every -i adds to the list; empty names are skipped, as strtok does.
        let o = run_options(&["-iwlan3,", "-i", ",wlan4", "a.conf", "b.conf"]);
        assert_eq!(o.interfaces, ["wlan3", "wlan4"]);
        assert_eq!(message(&["-i"]), "-i needs a value (interface names)");
        assert_eq!(
            message(&["-i", ",", "a.conf"]),
            "-i \",\": no interface name"
        );
        assert_eq!(
            message(&["-i", "wlan3", "a.conf", "b.conf"]),
            "-i names 1 interface(s) for 2 hostapd.conf file(s); give one name per file, in order"
        );
        assert!(message(&["-i", "wlan3,wlan4,wlan5", "a.conf", "b.conf"])
            .starts_with("-i names 3 interface(s) for 2"));
        assert!(message(&["-i", "wlan3", "-c", "a.toml"]).starts_with("-i renames"));
    }

    #[test]
    fn global_control_socket_with_or_without_files() {
        let global = |path: &str, group: Option<crate::config::CtrlGroup>| {
            Some(GlobalCtrl {
                path: path.into(),
                group,
            })
        };
        // hostapd -g /var/run/hostapd-global -G netdev, no file: ADD brings them.
        let o = run_options(&["-g", "/var/run/hostapd-global", "-G", "netdev"]);
        assert_eq!(o.source, ConfigSource::HostapdConf(Vec::new()));
        assert_eq!(
            o.global_ctrl,
            global(
                "/var/run/hostapd-global",
                Some(crate::config::CtrlGroup::Name("netdev".into()))
            )
        );
        // With files, clustered, a gid, the value attached.
        let o = run_options(&["-Bg/run/hostapd-global", "-G0", "ap.conf"]);
        assert!(o.daemonize);
        assert_eq!(o.source, ConfigSource::HostapdConf(vec!["ap.conf".into()]));
        assert_eq!(
            o.global_ctrl,
            global("/run/hostapd-global", Some(crate::config::CtrlGroup::Id(0)))
        );
        let o = run_options(&["-c", "roamd.toml", "-g", "./global"]);
        assert_eq!(o.global_ctrl, global("./global", None));
        // Files without -g still need one.
        assert!(message(&["-G", "netdev"]).starts_with("no configuration"));
        assert!(message(&["-G", "netdev", "ap.conf"]).starts_with("-G gives the group"));
        assert!(
            message(&["-g", "global", "ap.conf"]).starts_with("-g global: give the socket's path")
        );
        assert!(message(&["-g", "/run/x", "-G", "a:b"]).starts_with("-G \"a:b\": not a group"));
        assert_eq!(
            message(&["-g"]),
            "-g needs a value (the global control socket's path)"
        );
        assert_eq!(message(&["-g", "/a", "-g", "/b"]), "-g is given twice");
        assert_eq!(
            message(&["-g", "/a", "-G", "x", "-Gy"]),
            "-G is given twice"
        );
    }

    #[test]
    fn unsupported_hostapd_flags_are_refused_by_name() {
        assert_eq!(
            message(&["-S", "a.conf", "b.conf"]),
            "-S: not supported: roamd starts its radios one after another"
        );
        assert!(message(&["-T", "ap.conf"]).starts_with("-T: not supported"));
        assert!(message(&["-b", "phy0:bss.conf"]).starts_with("-b: per-BSS"));
        assert!(message(&["-u", "00000000-0000-0000-0000-000000000000"]).starts_with("-u: "));
    }

    #[test]
    fn usage_errors_name_the_argument() {
        assert_eq!(message(&["--config"]), "--config needs a file name");
        assert_eq!(message(&["-c"]), "-c needs a value (a file name)");
        assert_eq!(message(&["-c", "a", "-c", "b"]), "-c is given twice");
        assert!(message(&["-c", "a", "x.conf"]).contains("cannot be used together"));
        assert!(message(&[]).starts_with("no configuration"));
        assert!(message(&["-B", "-d"]).starts_with("no configuration"));
        assert_eq!(message(&["-x"]), "unknown option -x");
        assert_eq!(message(&["-dx", "ap.conf"]), "unknown option -x");
        // hostapd's -z (process coordination) is not even known.
        assert_eq!(message(&["-z", "/tmp", "ap.conf"]), "unknown option -z");
        assert_eq!(
            message(&["--check=yes", "ap.conf"]),
            "unknown option --check=yes"
        );
        assert_eq!(message(&["--daemon"]), "unknown option --daemon");
    }
}
