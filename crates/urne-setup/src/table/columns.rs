//! Matching a file's header against the columns a reader expects.
//!
//! Header names are compared folded ([`fold_key`]: no case, accents, spaces or punctuation), so
//! `Date d'entrée`, `DATE ENTREE` and `date_entree` are one column; each column lists its French
//! and English aliases. Left out: which columns are required, which the reader decides.

use std::collections::HashMap;

use crate::error::{Problem, RowError};
use crate::text::{column_letter, fold_key};

/// One expected column.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColumnSpec {
    /// Its French name, shown when it is missing.
    pub(crate) name: &'static str,
    /// Accepted header names, already folded.
    pub(crate) aliases: &'static [&'static str],
}

/// The header line of a file.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    /// Its physical line.
    pub(crate) line: usize,
    /// The column names as written, trimmed.
    pub(crate) names: Vec<String>,
}

impl Header {
    /// A problem in column `index` of `line`.
    pub(crate) fn error(&self, line: usize, index: usize, problem: Problem) -> RowError {
        RowError {
            line,
            column: Some(self.names.get(index).cloned().unwrap_or_default()),
            column_ref: Some(column_letter(index)),
            problem,
        }
    }

    /// A required column, named `name`, is absent.
    pub(crate) fn missing(&self, name: &str) -> RowError {
        RowError {
            line: self.line,
            column: Some(name.to_owned()),
            column_ref: None,
            problem: Problem::MissingColumn,
        }
    }
}

/// For each spec, the index of its column in the file, if any; and an error for each column
/// that repeats an earlier one. [`Problem::NoHeader`] alone when no column matches at all: the
/// file most likely lacks its header line, and listing every column as missing would hide that.
pub(crate) fn resolve(
    header: &Header,
    specs: &[ColumnSpec],
) -> Result<(Vec<Option<usize>>, Vec<RowError>), RowError> {
    let mut by_alias: HashMap<&str, usize> = HashMap::new();
    for (spec_idx, spec) in specs.iter().enumerate() {
        for alias in spec.aliases {
            by_alias.entry(alias).or_insert(spec_idx);
        }
    }
    let mut positions = vec![None; specs.len()];
    let mut errors = Vec::new();
    for (column, name) in header.names.iter().enumerate() {
        let Some(&spec_idx) = by_alias.get(fold_key(name).as_str()) else {
            continue; // an extra column: ignored
        };
        match positions[spec_idx] {
            None => positions[spec_idx] = Some(column),
            Some(first) => errors.push(header.error(
                header.line,
                column,
                Problem::DuplicateColumn {
                    first_ref: column_letter(first),
                },
            )),
        }
    }
    if positions.iter().all(Option::is_none) {
        return Err(RowError {
            line: header.line,
            column: None,
            column_ref: None,
            problem: Problem::NoHeader,
        });
    }
    Ok((positions, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_folded_aliases_and_reports_duplicates() {
        let specs = [
            ColumnSpec {
                name: "nom",
                aliases: &["nom", "lastname"],
            },
            ColumnSpec {
                name: "date d'entrée",
                aliases: &["datedentree", "entrydate"],
            },
        ];
        let header = Header {
            line: 1,
            names: vec![
                "Divers".into(),
                "DATE D'ENTRÉE".into(),
                "Last name".into(),
                "Nom".into(),
            ],
        };
        let (positions, errors) = resolve(&header, &specs).unwrap();
        assert_eq!(positions, [Some(2), Some(1)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].column_ref.as_deref(), Some("D"));
        assert_eq!(
            errors[0].problem,
            Problem::DuplicateColumn {
                first_ref: "C".into()
            }
        );
        let no_header = Header {
            line: 1,
            names: vec!["Dupont".into(), "Jeanne".into()],
        };
        assert_eq!(
            resolve(&no_header, &specs).unwrap_err().problem,
            Problem::NoHeader
        );
    }
}
