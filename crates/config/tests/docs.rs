//! The operator documents in `docs/` against the code: every TOML key of the
//! configuration types is in `docs/configuration.md` and every key there is
//! one of them; every hostapd.conf key the reader knows is in
//! `docs/migrating-from-hostapd.md`, with the verdict the reader gives it;
//! every ```toml and ```conf (hostapd.conf) block of the documents parses.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use roamd_config::schema::{self, Shape};
use roamd_config::{hostapd_conf, Config};

const DOCS: [&str; 3] = [
    "configuration.md",
    "roaming-guide.md",
    "migrating-from-hostapd.md",
];

fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced blocks of `lang` in `text`: (line of the fence, content).
fn blocks(text: &str, lang: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(tag)) if tag.trim() == lang => current = Some((n + 1, String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```{lang} block");
    out
}

/// The text between backticks in `cell`, in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The cells of a table row (`| a | b |`), or `None` for another line; a
/// `\|` inside a cell is a `|` of its text.
fn cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('|')) => {
                cells.last_mut()?.push('|');
                chars.next();
            }
            ('|', _) => cells.push(String::new()),
            (c, _) => cells.last_mut()?.push(c),
        }
    }
    Some(cells.iter().map(|c| c.trim().to_string()).collect())
}

#[test]
fn every_toml_block_of_the_docs_parses() {
    let mut checked = 0;
    for name in DOCS {
        for (line, text) in blocks(&doc(name), "toml") {
            let origin = PathBuf::from(format!("docs/{name}:{line}"));
            if let Err(e) = Config::parse(&origin, &text) {
                panic!("{e}\n{text}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} TOML blocks found");
}

#[test]
fn every_hostapd_conf_block_of_the_docs_parses() {
    let mut checked = 0;
    for name in DOCS {
        for (line, text) in blocks(&doc(name), "conf") {
            let origin = PathBuf::from(format!("docs/{name}:{line}"));
            if let Err(e) = hostapd_conf::parse(&[(origin, text.clone())]) {
                panic!("{e}\n{text}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 2, "only {checked} hostapd.conf blocks found");
}

/// The reference's sections (`[radio.bss.cache]`, `[[radio.bss]]` in a
/// heading) and its keys (the first cell of a table row, under its section).
struct Reference {
    tables: BTreeSet<(String, Shape)>,
    /// Full path and the row's text.
    rows: Vec<(String, String)>,
}

fn reference() -> Reference {
    let text = doc("configuration.md");
    let mut section: Option<String> = None;
    let mut tables = BTreeSet::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            section = None;
            if let Some(header) = code_spans(line).into_iter().find(|s| s.starts_with('[')) {
                let (path, shape) = match header.strip_prefix("[[") {
                    Some(rest) => (rest.trim_end_matches("]]"), Shape::ArrayOfTables),
                    None => (header.trim_matches(['[', ']']), Shape::Table),
                };
                tables.insert((path.to_string(), shape));
                section = Some(path.to_string());
            }
            continue;
        }
        let (Some(section), Some(cells)) = (&section, cells(line)) else {
            continue;
        };
        if let Some(key) = cells.first().and_then(|c| code_spans(c).first().copied()) {
            rows.push((format!("{section}.{key}"), line.to_string()));
        }
    }
    Reference { tables, rows }
}

#[test]
fn the_configuration_reference_documents_every_key_and_no_other() {
    let keys = schema::keys();
    let mut reference = reference();
    // Tables of a build feature exist in the types only when it is on.
    let built = |path: &str| {
        (!path.starts_with("cache_domain") || cfg!(feature = "shared-cache"))
            && (!(path.starts_with("daemon.metrics") || path.starts_with("daemon.events"))
                || cfg!(feature = "telemetry"))
    };
    reference.rows.retain(|(path, _)| built(path));
    reference.tables.retain(|(path, _)| built(path));
    let mut problems = Vec::new();
    for key in &keys {
        match key.shape {
            Shape::Value => {
                let rows: Vec<_> = reference
                    .rows
                    .iter()
                    .filter(|(p, _)| *p == key.path)
                    .collect();
                match rows.as_slice() {
                    [] => problems.push(format!("{}: not in docs/configuration.md", key.path)),
                    [(_, row)] => {
                        for value in &key.values {
                            if !row.contains(&format!("\"{value}\"")) {
                                problems.push(format!(
                                    "{}: its row does not name the value \"{value}\"",
                                    key.path
                                ));
                            }
                        }
                    }
                    _ => problems.push(format!("{}: more than one row", key.path)),
                }
            }
            shape => {
                if !reference.tables.contains(&(key.path.clone(), shape)) {
                    problems.push(format!(
                        "{}: no section heading {} in docs/configuration.md",
                        key.path,
                        match shape {
                            Shape::ArrayOfTables => format!("`[[{}]]`", key.path),
                            _ => format!("`[{}]`", key.path),
                        }
                    ));
                }
            }
        }
    }
    // A row may also introduce a table key (`passwords`, with its own section).
    for (path, _) in &reference.rows {
        if !keys.iter().any(|k| k.path == *path) {
            problems.push(format!(
                "{path}: documented, but not a key of the TOML file"
            ));
        }
    }
    for (path, shape) in &reference.tables {
        if !keys.iter().any(|k| k.path == *path && k.shape == *shape) {
            problems.push(format!(
                "{path}: a section of docs/configuration.md that is not a {shape:?} of the TOML file"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The migration guide's verdicts: the rows of the tables under the
/// headings that say "honoured", "ignored" and "refused".
#[derive(Default)]
struct Verdicts {
    honoured: Vec<String>,
    ignored: Vec<String>,
    /// The lines the row gives (`key=value`) and the message it quotes.
    refused: Vec<(Vec<String>, String)>,
}

fn verdicts() -> Verdicts {
    let text = doc("migrating-from-hostapd.md");
    let mut verdicts = Verdicts::default();
    let mut category = "";
    for line in text.lines() {
        if line.starts_with('#') {
            let heading = line.to_lowercase();
            category = ["honoured", "ignored", "refused"]
                .into_iter()
                .find(|c| heading.contains(c))
                .unwrap_or("");
            continue;
        }
        let Some(cells) = cells(line) else { continue };
        let Some(first) = cells.first() else { continue };
        let spans: Vec<String> = code_spans(first).into_iter().map(String::from).collect();
        let Some(last) = spans.last() else { continue };
        let key = last.split('=').next().unwrap_or_default().to_string();
        match category {
            "honoured" => verdicts.honoured.push(key),
            "ignored" => verdicts.ignored.push(key),
            "refused" => {
                let message = cells
                    .get(1)
                    .and_then(|c| code_spans(c).first().map(|s| s.to_string()))
                    .unwrap_or_default();
                verdicts.refused.push((spans, message));
            }
            _ => {}
        }
    }
    verdicts
}

/// The row's name of a key family (`wmm_ac_*`) or key.
fn known_name(key: &str) -> String {
    match hostapd_conf::IGNORED_PREFIXES
        .iter()
        .find(|p| key.starts_with(*p))
    {
        Some(prefix) => format!("{prefix}*"),
        None => key.to_string(),
    }
}

#[test]
fn the_migration_guide_lists_every_hostapd_key_the_reader_knows_and_no_other() {
    let v = verdicts();
    let documented: BTreeSet<String> = v
        .honoured
        .iter()
        .chain(&v.ignored)
        .cloned()
        .chain(v.refused.iter().filter_map(|(lines, _)| {
            let key = lines.last()?.split('=').next()?;
            // The generic row for unknown keys names no key of the table.
            hostapd_conf::is_known(key).then(|| known_name(key))
        }))
        .collect();
    let known: BTreeSet<String> = hostapd_conf::KEYS
        .iter()
        .chain(hostapd_conf::IGNORED)
        .map(|k| k.to_string())
        .chain(
            hostapd_conf::IGNORED_PREFIXES
                .iter()
                .map(|p| format!("{p}*")),
        )
        .collect();
    let missing: Vec<_> = known.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&known).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "keys the reader knows that docs/migrating-from-hostapd.md does not list: {missing:?}; \
         keys it lists that the reader does not know: {unknown:?}"
    );
}

/// A one-radio hostapd.conf with `lines` after the radio's keys; WPA2 with
/// a passphrase unless the lines set `wpa` or `ieee8021x` themselves.
fn hostapd_with(lines: &[String]) -> Result<Config, String> {
    let mut text = String::from("interface=wlan0\nssid=test\nhw_mode=g\nchannel=1\n");
    if !lines
        .iter()
        .any(|l| l.starts_with("wpa=") || l.starts_with("ieee8021x="))
    {
        text.push_str("wpa=2\nwpa_passphrase=correct horse\n");
    }
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    hostapd_conf::parse(&[(PathBuf::from("ap.conf"), text)]).map_err(|e| e.to_string())
}

#[test]
fn the_migration_guide_gives_the_readers_verdicts() {
    let v = verdicts();
    assert!(v.honoured.len() >= 40 && !v.ignored.is_empty() && v.refused.len() >= 10);
    for key in &v.ignored {
        let key = key.replace('*', "be_aifs");
        assert!(
            hostapd_conf::IGNORED.contains(&key.as_str())
                || hostapd_conf::IGNORED_PREFIXES
                    .iter()
                    .any(|p| key.starts_with(p)),
            "{key}: listed as ignored, but the reader does not ignore it"
        );
        hostapd_with(&[format!("{key}=1")])
            .unwrap_or_else(|e| panic!("{key}: listed as ignored, but refused: {e}"));
    }
    for key in &v.honoured {
        assert!(
            hostapd_conf::KEYS.contains(&key.as_str()),
            "{key}: listed as honoured, but not in hostapd_conf::KEYS"
        );
    }
    for (lines, message) in &v.refused {
        assert!(!message.is_empty(), "{lines:?}: the row quotes no message");
        match hostapd_with(lines) {
            Ok(_) => panic!("{lines:?}: listed as refused, but accepted"),
            Err(e) => assert!(
                e.contains(message.as_str()),
                "{lines:?}: the guide quotes {message:?}, roamd says {e:?}"
            ),
        }
    }
}
