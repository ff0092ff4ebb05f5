//! Reading the employer's voter file (Annex 1 §7.1 of the pre-electoral agreement) into
//! [`Voter`]s: CSV (UTF-8 or Windows-1252, `;`, `,` or tab) or XLSX, one voter per line after a
//! header line.
//!
//! Every problem of the file is reported at once ([`FileErrors`]), each with its line and
//! column; a file with any problem yields no voter. A header problem (missing or doubled
//! column) stops the reading before the lines, whose errors would then mostly be noise.
//! A voter who is not an elector is not an error: it is kept with its reasons.
//!
//! Left out: storing the voters and comparing them with the registry (see [`crate::diff`]);
//! whether each person is on the staff on the assessment date, which the employer's file
//! asserts.

mod columns;
mod row;

use std::collections::HashMap;
use std::sync::Arc;

use urne_rules::eligibility::Conditions;

use crate::challenge::ChallengePepper;
use crate::error::{FileErrors, Problem, RowError};
use crate::model::Voter;
use crate::table::{read_table, resolve};
use crate::text::fold_name;
use columns::{ENTRY_DATE, REQUIRED, SENIORITY, SENIORITY_EITHER, SPECS};

/// The organisation's establishments and colleges, as the registry knows them.
///
/// A cell matches an entry by code or by name, ignoring case, accents and repeated spaces, and
/// the voter stores the code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Known {
    /// `(code, name)` of each establishment.
    pub establishments: Vec<(String, String)>,
    /// `(code, name)` of each college.
    pub colleges: Vec<(String, String)>,
}

/// What reading a voter file needs besides the file.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// Establishments and colleges of the organisation.
    pub known: &'a Known,
    /// The assessment date and seniority required, for eligibility.
    pub conditions: &'a Conditions,
    /// The key of the badge and social-security key hashes.
    pub pepper: &'a ChallengePepper,
}

/// What the file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV text.
    Csv {
        /// `"UTF-8"` or `"Windows-1252"`.
        encoding: &'static str,
        /// `b';'`, `b','` or `b'\t'`.
        delimiter: u8,
    },
    /// An XLSX workbook (its first worksheet).
    Xlsx,
}

/// A voter file read without a single problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterFile {
    /// What the file was.
    pub format: FileFormat,
    /// Its voters, in file order.
    pub voters: Vec<Voter>,
}

/// How often `progress` is called, in lines.
const PROGRESS_EVERY: usize = 1000;

/// Reads the voter file `bytes`, named `file_name` (its extension helps tell XLSX from CSV, and
/// it names the file in the errors).
///
/// `progress(done, total)` is called every thousand lines and once at the end, for a progress
/// bar; `total` counts the data lines.
///
/// # Errors
/// [`FileErrors`] with every problem of the file, sorted by line then column.
pub fn read_voter_file(
    file_name: &str,
    bytes: &[u8],
    options: &ReadOptions<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<VoterFile, FileErrors> {
    let table = read_table(file_name, bytes).map_err(|e| FileErrors::single(file_name, e))?;
    let total = table.rows.len();
    let (positions, mut errors) =
        resolve(&table.header, &SPECS).map_err(|e| FileErrors::single(file_name, e))?;
    for spec in REQUIRED {
        if positions[spec].is_none() {
            errors.push(table.header.missing(SPECS[spec].name));
        }
    }
    if positions[ENTRY_DATE].is_none() && positions[SENIORITY].is_none() {
        errors.push(table.header.missing(SENIORITY_EITHER));
    }
    if !errors.is_empty() {
        return Err(FileErrors::new(file_name, errors, 0));
    }
    if table.rows.is_empty() {
        let no_rows = RowError {
            line: table.header.line,
            column: None,
            column_ref: None,
            problem: Problem::NoRows,
        };
        return Err(FileErrors::single(file_name, no_rows));
    }

    let mut reader = row::RowReader {
        header: &table.header,
        positions: &positions,
        establishments: Registry::new(&options.known.establishments),
        colleges: Registry::new(&options.known.colleges),
        options,
        first_line_of: HashMap::with_capacity(total),
    };
    let mut voters = Vec::with_capacity(total);
    for (done, line) in table.rows.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress(done, total);
        }
        let voter = reader.read(line, &mut errors);
        // Once the file has failed, keeping voters would only use memory.
        if let (Some(voter), true) = (voter, errors.is_empty()) {
            voters.push(voter);
        }
    }
    progress(total, total);
    if errors.is_empty() {
        Ok(VoterFile {
            format: table.format,
            voters,
        })
    } else {
        Err(FileErrors::new(file_name, errors, total))
    }
}

/// Codes and names of establishments or colleges, folded, for constant-time lookup.
struct Registry<'a> {
    by_folded: HashMap<String, &'a str>,
    /// The codes, for the message of an unknown one; shared by every such message.
    codes: Arc<str>,
}

impl<'a> Registry<'a> {
    fn new(entries: &'a [(String, String)]) -> Self {
        let mut by_folded = HashMap::with_capacity(entries.len() * 2);
        // Codes first: a name that folds like another entry's code does not shadow it.
        for (code, _) in entries {
            by_folded.entry(fold_name(code)).or_insert(code.as_str());
        }
        for (code, name) in entries {
            by_folded.entry(fold_name(name)).or_insert(code.as_str());
        }
        let codes = if entries.is_empty() {
            "aucun / none".to_owned()
        } else {
            entries
                .iter()
                .map(|(code, _)| code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Registry {
            by_folded,
            codes: Arc::from(codes),
        }
    }

    fn code_of(&self, text: &str) -> Option<&'a str> {
        self.by_folded.get(&fold_name(text)).copied()
    }
}
