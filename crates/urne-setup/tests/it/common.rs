//! Shared fixtures: a registry, an assessment date, a pepper, and a reader with them.

use urne_rules::date::Date;
use urne_rules::eligibility::Conditions;
use urne_setup::{read_voter_file, ChallengePepper, FileErrors, Known, ReadOptions, VoterFile};

/// Columns A to L of the files below.
pub(crate) const HEADER: &str =
    "Matricule;Civilité;Nom;Prénom;Date de naissance;Établissement;Collège;\
Date d'entrée;E-mail professionnel;Mobile;Badge;Clé sécurité sociale";

pub(crate) fn known() -> Known {
    Known {
        establishments: vec![
            ("PAR".into(), "Siège Paris".into()),
            ("LYO".into(), "Usine de Lyon".into()),
        ],
        colleges: vec![
            ("C1".into(), "Ouvriers et employés".into()),
            ("C2".into(), "Techniciens et agents de maîtrise".into()),
            ("C3".into(), "Ingénieurs et cadres".into()),
        ],
    }
}

/// The first round opens on 10 March 2025.
pub(crate) fn assessed_on() -> Date {
    Date::new(2025, 3, 10).unwrap()
}

pub(crate) fn pepper() -> ChallengePepper {
    ChallengePepper::from_bytes([42; 32])
}

pub(crate) fn read(file_name: &str, bytes: &[u8]) -> Result<VoterFile, FileErrors> {
    let known = known();
    let conditions = Conditions::new(assessed_on());
    let pepper = pepper();
    let options = ReadOptions {
        known: &known,
        conditions: &conditions,
        pepper: &pepper,
    };
    read_voter_file(file_name, bytes, &options, &mut |_, _| {})
}

/// A file made of `HEADER` and `lines`, `;`-separated, UTF-8.
pub(crate) fn csv(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for line in lines {
        text.push('\n');
        text.push_str(line);
    }
    text.push('\n');
    text.into_bytes()
}

pub(crate) fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}
