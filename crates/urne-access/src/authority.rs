//! The offline credential authority's files (DESIGN.md §2). The server exports the electors of a
//! scrutin ([`Export`]); `urne credentials generate`, run on another machine, draws the codes,
//! prints the letters and writes two public files: the registry's (matricule and login-token
//! verifier, CSV) and the ballot box's (per election, the sorted public keys, JSON). The server
//! imports both after [`check_upload`]; it never sees a code or a signing key.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use urne_crypto::CredentialPublicKey;

use crate::messages::Context;

/// Format tag of the export.
pub const EXPORT_FORMAT: &str = "urne-credential-export/1";
/// Format tag of the ballot box's credential list.
pub const LIST_FORMAT: &str = "urne-credential-list/1";

/// What the authority needs to print letters: the scrutin and its electors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// The scrutin's public identifier (the credential salt).
    pub scrutin_uid: String,
    /// What the letters and e-mails say of the scrutin: employer, name, address, dates, hotline.
    pub context: Context,
    /// The electors.
    pub voters: Vec<ExportedVoter>,
}

/// One elector as exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedVoter {
    /// Matricule (the key of the registry file).
    pub matricule: String,
    /// Name as on the envelope.
    pub name: String,
    /// Street lines.
    pub address_lines: Vec<String>,
    /// Postcode.
    pub postcode: String,
    /// City.
    pub city: String,
    /// Country (empty for France).
    pub country: String,
    /// Professional e-mail, when the identifiant goes by e-mail (voters abroad).
    pub email: Option<String>,
    /// The voter's `election_uid`s.
    pub elections: Vec<String>,
}

/// The ballot box's file: per election, the sorted public keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialList {
    /// [`LIST_FORMAT`].
    pub format: String,
    /// The scrutin.
    pub scrutin_uid: String,
    /// Election → hex public keys.
    pub elections: BTreeMap<String, Vec<String>>,
}

/// A problem in an uploaded file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    /// The file's name.
    pub file: String,
    /// Line (1-based) or 0 for the whole file.
    pub line: usize,
    /// The field.
    pub field: String,
    /// What is wrong, in English (French in [`FileProblem::fr`]).
    pub problem: String,
    /// What is wrong, in French.
    pub fr: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}, line {}, {}: {}",
                self.file, self.line, self.field, self.problem
            )
        } else {
            write!(f, "{}, {}: {}", self.file, self.field, self.problem)
        }
    }
}

fn problem(file: &str, line: usize, field: &str, en: String, fr: String) -> FileProblem {
    FileProblem {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        problem: en,
        fr,
    }
}

/// Writes the registry's file: `matricule,login_verifier` (hex), one line per voter.
pub fn registry_file(rows: &[(String, [u8; 32])]) -> String {
    let mut out = String::from("matricule,login_verifier\n");
    for (matricule, verifier) in rows {
        out.push_str(&csv_field(matricule));
        out.push(',');
        out.push_str(&hex::encode(verifier));
        out.push('\n');
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Reads the registry's file.
///
/// # Errors
/// Every problem, each with its line and field.
pub fn read_registry_file(
    file: &str,
    text: &str,
) -> Result<Vec<(String, [u8; 32])>, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim() == "matricule,login_verifier" => {}
        _ => problems.push(problem(
            file,
            1,
            "header",
            "the first line must be `matricule,login_verifier`".to_owned(),
            "la première ligne doit être `matricule,login_verifier`".to_owned(),
        )),
    }
    for (index, line) in lines {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let Some((matricule, verifier)) = line.rsplit_once(',') else {
            problems.push(problem(
                file,
                number,
                "login_verifier",
                "missing".to_owned(),
                "absent".to_owned(),
            ));
            continue;
        };
        let matricule = matricule.trim().trim_matches('"').replace("\"\"", "\"");
        match hex::decode(verifier.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
        {
            Some(verifier) if !matricule.is_empty() => rows.push((matricule, verifier)),
            Some(_) => problems.push(problem(
                file,
                number,
                "matricule",
                "empty".to_owned(),
                "vide".to_owned(),
            )),
            None => problems.push(problem(
                file,
                number,
                "login_verifier",
                "not 64 hexadecimal digits".to_owned(),
                "pas 64 chiffres hexadécimaux".to_owned(),
            )),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Builds the ballot box's file from the issued keys.
pub fn credential_list(
    scrutin_uid: &str,
    keys: &BTreeMap<String, BTreeSet<[u8; 32]>>,
) -> CredentialList {
    CredentialList {
        format: LIST_FORMAT.to_owned(),
        scrutin_uid: scrutin_uid.to_owned(),
        elections: keys
            .iter()
            .map(|(uid, keys)| (uid.clone(), keys.iter().map(hex::encode).collect()))
            .collect(),
    }
}

/// What an upload holds, once checked: the registry rows and, per election, the keys.
#[derive(Debug, Default)]
pub struct Upload {
    /// Matricule and login verifier.
    pub verifiers: Vec<(String, [u8; 32])>,
    /// Election → keys.
    pub keys: BTreeMap<String, Vec<[u8; 32]>>,
}

/// Checks the two files against the scrutin's electors (matricule → elections): one verifier
/// per elector and no one else, no verifier twice, per election exactly as many distinct, valid
/// keys as electors, for this scrutin.
///
/// # Errors
/// Every problem found.
pub fn check_upload(
    scrutin_uid: &str,
    electors: &BTreeMap<String, Vec<String>>,
    (registry_name, verifiers): (&str, Vec<(String, [u8; 32])>),
    (list_name, list): (&str, &CredentialList),
) -> Result<Upload, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let mut seen_voters = BTreeSet::new();
    let mut seen_verifiers = BTreeSet::new();
    for (index, (matricule, verifier)) in verifiers.iter().enumerate() {
        let line = index + 2;
        if !electors.contains_key(matricule) {
            problems.push(problem(
                registry_name,
                line,
                "matricule",
                format!("{matricule} is not an elector of this scrutin"),
                format!("{matricule} n'est pas électeur de ce scrutin"),
            ));
        }
        if !seen_voters.insert(matricule.clone()) {
            problems.push(problem(
                registry_name,
                line,
                "matricule",
                format!("{matricule} appears twice"),
                format!("{matricule} apparaît deux fois"),
            ));
        }
        if !seen_verifiers.insert(*verifier) {
            problems.push(problem(
                registry_name,
                line,
                "login_verifier",
                "appears twice".to_owned(),
                "apparaît deux fois".to_owned(),
            ));
        }
    }
    let missing = electors
        .keys()
        .filter(|m| !seen_voters.contains(*m))
        .count();
    if missing > 0 {
        problems.push(problem(
            registry_name,
            0,
            "matricule",
            format!("{missing} electors have no line"),
            format!("{missing} électeurs n'ont pas de ligne"),
        ));
    }
    if list.format != LIST_FORMAT {
        problems.push(problem(
            list_name,
            0,
            "format",
            format!("expected {LIST_FORMAT}"),
            format!("{LIST_FORMAT} attendu"),
        ));
    }
    if list.scrutin_uid != scrutin_uid {
        problems.push(problem(
            list_name,
            0,
            "scrutin_uid",
            format!("made for scrutin {}, not {scrutin_uid}", list.scrutin_uid),
            format!(
                "fait pour le scrutin {}, pas {scrutin_uid}",
                list.scrutin_uid
            ),
        ));
    }
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    for elections in electors.values() {
        for uid in elections {
            *expected.entry(uid.as_str()).or_default() += 1;
        }
    }
    let mut keys = BTreeMap::new();
    for (uid, hexes) in &list.elections {
        let field = format!("elections.{uid}");
        let want = expected.get(uid.as_str()).copied().unwrap_or(0);
        if hexes.len() != want {
            problems.push(problem(
                list_name,
                0,
                &field,
                format!("{} keys for {want} electors", hexes.len()),
                format!("{} clés pour {want} électeurs", hexes.len()),
            ));
        }
        let mut distinct = BTreeSet::new();
        for (i, text) in hexes.iter().enumerate() {
            let key = hex::decode(text)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok());
            match key {
                Some(key) if CredentialPublicKey::from_bytes(key).is_valid() => {
                    if !distinct.insert(key) {
                        problems.push(problem(
                            list_name,
                            0,
                            &format!("{field}[{i}]"),
                            "appears twice".to_owned(),
                            "apparaît deux fois".to_owned(),
                        ));
                    }
                }
                _ => problems.push(problem(
                    list_name,
                    0,
                    &format!("{field}[{i}]"),
                    "not a valid public key".to_owned(),
                    "pas une clé publique valide".to_owned(),
                )),
            }
        }
        keys.insert(uid.clone(), distinct.into_iter().collect());
    }
    for uid in expected.keys() {
        if !list.elections.contains_key(*uid) {
            problems.push(problem(
                list_name,
                0,
                &format!("elections.{uid}"),
                "missing".to_owned(),
                "absente".to_owned(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(Upload { verifiers, keys })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::{issue, Recipient};

    fn electors() -> BTreeMap<String, Vec<String>> {
        (0..4)
            .map(|i| (format!("M{i}"), vec!["tit".to_owned(), "sup".to_owned()]))
            .collect()
    }

    fn files() -> (String, CredentialList) {
        let recipients: Vec<Recipient> = electors()
            .into_iter()
            .map(|(key, elections)| Recipient { key, elections })
            .collect();
        let issued = issue("S", &recipients, 1, &|_| {});
        let rows: Vec<(String, [u8; 32])> = issued
            .codes
            .iter()
            .map(|c| (c.key.clone(), c.login_verifier))
            .collect();
        (
            registry_file(&rows),
            credential_list("S", &issued.public_keys),
        )
    }

    #[test]
    fn a_generated_upload_passes() {
        let (registry, list) = files();
        let rows = read_registry_file("r.csv", &registry).unwrap();
        let upload = check_upload("S", &electors(), ("r.csv", rows), ("l.json", &list)).unwrap();
        assert_eq!(upload.verifiers.len(), 4);
        assert_eq!(upload.keys["tit"].len(), 4);
    }

    #[test]
    fn every_problem_is_named_with_its_file_line_and_field() {
        let (registry, mut list) = files();
        let registry = registry.replacen("M1,", "X9,", 1) + "M2,zz\n";
        let err = read_registry_file("r.csv", &registry).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(
            err[0].to_string(),
            "r.csv, line 6, login_verifier: not 64 hexadecimal digits"
        );
        let registry = registry.replace("M2,zz\n", "");
        let rows = read_registry_file("r.csv", &registry).unwrap();
        list.elections.get_mut("sup").unwrap().pop();
        list.elections.get_mut("tit").unwrap()[0] = "00".repeat(32);
        let err = check_upload("S", &electors(), ("r.csv", rows), ("l.json", &list)).unwrap_err();
        let text: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(
                &"r.csv, line 3, matricule: X9 is not an elector of this scrutin".to_owned()
            ),
            "{text:?}"
        );
        assert!(
            text.contains(&"r.csv, matricule: 1 electors have no line".to_owned()),
            "{text:?}"
        );
        assert!(
            text.contains(&"l.json, elections.sup: 3 keys for 4 electors".to_owned()),
            "{text:?}"
        );
        assert!(
            text.contains(&"l.json, elections.tit[0]: not a valid public key".to_owned()),
            "{text:?}"
        );
        let other =
            check_upload("T", &electors(), ("r.csv", vec![]), ("l.json", &list)).unwrap_err();
        assert!(other.iter().any(|p| p.field == "scrutin_uid"));
    }
}
