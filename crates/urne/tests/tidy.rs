//! Repository hygiene that review alone does not keep (STYLE.md §3): every Rust file opens with a
//! `//!` comment (or a `#![doc]` attribute) saying what it is for, and no file grows past the size one reads in a sitting.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn workspace_files() -> Vec<PathBuf> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&crates, &mut files);
    assert!(
        files.len() > 20,
        "found only {} Rust files under {}",
        files.len(),
        crates.display()
    );
    files
}

#[test]
fn every_file_says_what_it_is_for() {
    let missing: Vec<String> = workspace_files()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            // `#![doc = include_str!(...)]` makes a README the crate's front page: a header too.
            let head = text.trim_start();
            !(head.starts_with("//!") || head.starts_with("#![doc"))
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! header: {missing:#?}"
    );
}

#[test]
fn no_file_is_too_long_to_read() {
    // STYLE.md §2: past ~800 lines, look for a seam.
    let long: Vec<String> = workspace_files()
        .into_iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(&path)
                .unwrap_or_default()
                .lines()
                .count();
            (lines > 800).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "files to split: {long:#?}");
}

/// The dependencies of one of our crates, from its manifest: the `urne-*` names it uses.
fn our_dependencies(krate: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("Cargo.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let value: toml::Value = toml::from_str(&text).unwrap_or(toml::Value::Boolean(false));
    ["dependencies", "dev-dependencies", "build-dependencies"]
        .iter()
        .filter_map(|table| value.get(table).and_then(toml::Value::as_table))
        .flat_map(|table| table.keys().cloned())
        .filter(|name| name.starts_with("urne-"))
        .collect()
}

/// ARCHITECTURE.md: the verifier depends on the cryptography, the rules and the record's format
/// only, so that trusting it does not mean trusting the store or the server.
#[test]
fn the_verifier_knows_neither_the_store_nor_the_server() {
    let mut deps = our_dependencies("urne-verify");
    deps.sort();
    assert_eq!(deps, ["urne-crypto", "urne-record", "urne-rules"]);
    let mut record = our_dependencies("urne-record");
    record.sort();
    assert_eq!(record, ["urne-crypto", "urne-rules"]);
}
