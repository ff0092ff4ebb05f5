//! The problems a reader can find, each with its message in French and in English.
//!
//! Left out: where the problem is (see [`super::RowError`]).

use std::sync::Arc;

use urne_rules::date::Date;

use crate::text::french_date;

/// What is wrong with a file, a line or a cell. Quoted cell text is cut at 80 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The file holds nothing but blank lines.
    EmptyFile,
    /// Neither a CSV text file nor an XLSX workbook (an old `.xls`, a PDF, …).
    NotCsvOrXlsx,
    /// The XLSX workbook could not be opened or holds no worksheet.
    UnreadableSpreadsheet {
        /// What the spreadsheet reader said.
        detail: String,
    },
    /// The CSV text could not be split into records.
    MalformedCsv {
        /// What the CSV reader said.
        detail: String,
    },
    /// The first line names none of the expected columns.
    NoHeader,
    /// A header but no data line.
    NoRows,
    /// A required column is absent; [`RowError::column`](super::RowError::column) names it.
    MissingColumn,
    /// Two columns of the header mean the same thing.
    DuplicateColumn {
        /// The letter of the first one.
        first_ref: String,
    },
    /// A required cell is empty.
    EmptyRequired,
    /// A date that is not a valid `JJ/MM/AAAA` or `AAAA-MM-JJ`.
    InvalidDate {
        /// The cell's text.
        text: String,
    },
    /// A birth date after the date on which eligibility is assessed.
    BirthDateAfterAssessment {
        /// The birth date.
        birth_date: Date,
        /// The assessment date (first day of the first round).
        assessed_on: Date,
    },
    /// Neither Monsieur nor Madame.
    InvalidCivility {
        /// The cell's text.
        text: String,
    },
    /// An establishment that is neither a known code nor a known name.
    UnknownEstablishment {
        /// The cell's text.
        text: String,
        /// The known codes, comma-separated.
        known: Arc<str>,
    },
    /// A college that is neither a known code nor a known name.
    UnknownCollege {
        /// The cell's text.
        text: String,
        /// The known codes, comma-separated.
        known: Arc<str>,
    },
    /// Not shaped like an e-mail address.
    InvalidEmail {
        /// The cell's text.
        text: String,
    },
    /// Neither a French mobile number (06, 07) nor an international one (+…).
    InvalidMobile {
        /// The cell's text.
        text: String,
    },
    /// Not 4 to 8 digits.
    InvalidBadge {
        /// The cell's text.
        text: String,
    },
    /// Not a social-security key (two digits, 01 to 97).
    InvalidSsKey {
        /// The cell's text.
        text: String,
    },
    /// Not a whole, non-negative number of months.
    InvalidSeniority {
        /// The cell's text.
        text: String,
    },
    /// A matricule longer than 64 characters.
    MatriculeTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A matricule already used on an earlier line.
    DuplicateMatricule {
        /// The matricule.
        matricule: String,
        /// The line that first used it.
        first_line: usize,
    },
    /// A list position that is not a whole number from 1.
    InvalidPosition {
        /// The cell's text.
        text: String,
    },
    /// A position already taken in the same list.
    DuplicatePosition {
        /// The position.
        position: u32,
        /// The line that first took it.
        first_line: usize,
    },
    /// A list whose positions skip numbers: `first` to `last` are missing (one report per gap,
    /// however long).
    MissingPositions {
        /// The list's name.
        list: String,
        /// The first missing position.
        first: u32,
        /// The last missing position (equal to `first` for a single one).
        last: u32,
    },
    /// A sex that is neither a woman's nor a man's.
    InvalidSex {
        /// The cell's text.
        text: String,
    },
}

impl Problem {
    /// The message in French.
    pub fn fr(&self) -> String {
        match self {
            Problem::EmptyFile => "le fichier est vide".into(),
            Problem::NotCsvOrXlsx => {
                "ce n'est ni un fichier CSV ni un classeur XLSX (enregistrez-le en CSV ou en .xlsx)"
                    .into()
            }
            Problem::UnreadableSpreadsheet { detail } => {
                format!("classeur XLSX illisible ({detail})")
            }
            Problem::MalformedCsv { detail } => format!("CSV mal formé ({detail})"),
            Problem::NoHeader => {
                "la première ligne doit être l'en-tête (noms des colonnes), aucune colonne attendue n'y figure".into()
            }
            Problem::NoRows => "l'en-tête n'est suivi d'aucune ligne".into(),
            Problem::MissingColumn => "colonne obligatoire absente".into(),
            Problem::DuplicateColumn { first_ref } => {
                format!("colonne en double (déjà en colonne {first_ref})")
            }
            Problem::EmptyRequired => "case obligatoire vide".into(),
            Problem::InvalidDate { text } => {
                format!("date invalide « {text} » (attendu JJ/MM/AAAA)")
            }
            Problem::BirthDateAfterAssessment {
                birth_date,
                assessed_on,
            } => format!(
                "date de naissance {} postérieure à la date d'appréciation {}",
                french_date(birth_date),
                french_date(assessed_on)
            ),
            Problem::InvalidCivility { text } => {
                format!("civilité inconnue « {text} » (attendu M. ou Mme)")
            }
            Problem::UnknownEstablishment { text, known } => {
                format!("établissement inconnu « {text} » (connus : {known})")
            }
            Problem::UnknownCollege { text, known } => {
                format!("collège inconnu « {text} » (connus : {known})")
            }
            Problem::InvalidEmail { text } => format!("adresse e-mail invalide « {text} »"),
            Problem::InvalidMobile { text } => format!(
                "numéro de mobile invalide « {text} » (attendu 06…, 07… ou +indicatif…)"
            ),
            Problem::InvalidBadge { text } => {
                format!("numéro de badge invalide « {text} » (attendu 4 à 8 chiffres)")
            }
            Problem::InvalidSsKey { text } => format!(
                "clé de sécurité sociale invalide « {text} » (attendu 2 chiffres, de 01 à 97)"
            ),
            Problem::InvalidSeniority { text } => format!(
                "ancienneté invalide « {text} » (attendu un nombre entier de mois, positif ou nul)"
            ),
            Problem::MatriculeTooLong { chars } => {
                format!("matricule trop long ({chars} caractères, 64 au plus)")
            }
            Problem::DuplicateMatricule {
                matricule,
                first_line,
            } => format!("matricule « {matricule} » déjà utilisé ligne {first_line}"),
            Problem::InvalidPosition { text } => {
                format!("position invalide « {text} » (attendu un nombre entier à partir de 1)")
            }
            Problem::DuplicatePosition {
                position,
                first_line,
            } => format!("position {position} déjà occupée ligne {first_line}"),
            Problem::MissingPositions { list, first, last } if first == last => {
                format!("la liste « {list} » n'a pas de candidat en position {first}")
            }
            Problem::MissingPositions { list, first, last } => {
                format!("la liste « {list} » n'a pas de candidat en positions {first} à {last}")
            }
            Problem::InvalidSex { text } => {
                format!("sexe inconnu « {text} » (attendu F ou H)")
            }
        }
    }

    /// The message in English.
    pub fn en(&self) -> String {
        match self {
            Problem::EmptyFile => "the file is empty".into(),
            Problem::NotCsvOrXlsx => {
                "neither a CSV file nor an XLSX workbook (save it as CSV or .xlsx)".into()
            }
            Problem::UnreadableSpreadsheet { detail } => {
                format!("unreadable XLSX workbook ({detail})")
            }
            Problem::MalformedCsv { detail } => format!("malformed CSV ({detail})"),
            Problem::NoHeader => {
                "the first line must be the header (column names); it holds none of the expected columns".into()
            }
            Problem::NoRows => "no line after the header".into(),
            Problem::MissingColumn => "required column missing".into(),
            Problem::DuplicateColumn { first_ref } => {
                format!("duplicate column (already column {first_ref})")
            }
            Problem::EmptyRequired => "required cell is empty".into(),
            Problem::InvalidDate { text } => {
                format!("invalid date \"{text}\" (expected DD/MM/YYYY)")
            }
            Problem::BirthDateAfterAssessment {
                birth_date,
                assessed_on,
            } => format!(
                "birth date {} is after the assessment date {}",
                french_date(birth_date),
                french_date(assessed_on)
            ),
            Problem::InvalidCivility { text } => {
                format!("unknown civility \"{text}\" (expected M. or Mme)")
            }
            Problem::UnknownEstablishment { text, known } => {
                format!("unknown establishment \"{text}\" (known: {known})")
            }
            Problem::UnknownCollege { text, known } => {
                format!("unknown college \"{text}\" (known: {known})")
            }
            Problem::InvalidEmail { text } => format!("invalid e-mail address \"{text}\""),
            Problem::InvalidMobile { text } => format!(
                "invalid mobile number \"{text}\" (expected 06…, 07… or +country code…)"
            ),
            Problem::InvalidBadge { text } => {
                format!("invalid badge number \"{text}\" (expected 4 to 8 digits)")
            }
            Problem::InvalidSsKey { text } => format!(
                "invalid social-security key \"{text}\" (expected 2 digits, 01 to 97)"
            ),
            Problem::InvalidSeniority { text } => format!(
                "invalid seniority \"{text}\" (expected a whole, non-negative number of months)"
            ),
            Problem::MatriculeTooLong { chars } => {
                format!("matricule too long ({chars} characters, at most 64)")
            }
            Problem::DuplicateMatricule {
                matricule,
                first_line,
            } => format!("matricule \"{matricule}\" already used on line {first_line}"),
            Problem::InvalidPosition { text } => {
                format!("invalid position \"{text}\" (expected a whole number from 1)")
            }
            Problem::DuplicatePosition {
                position,
                first_line,
            } => format!("position {position} already taken on line {first_line}"),
            Problem::MissingPositions { list, first, last } if first == last => {
                format!("list \"{list}\" has no candidate at position {first}")
            }
            Problem::MissingPositions { list, first, last } => {
                format!("list \"{list}\" has no candidate at positions {first} to {last}")
            }
            Problem::InvalidSex { text } => format!("unknown sex \"{text}\" (expected F or H)"),
        }
    }
}
