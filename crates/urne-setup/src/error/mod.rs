//! What is wrong with an imported file: every problem, each with its line, its column and a
//! message in French and in English.
//!
//! The readers gather all the problems of a file before answering, so the organisateur fixes the
//! file once instead of once per error (STYLE.md §4: imports report every bad row and store
//! nothing). Left out: the translation machinery of the web interface, which picks `fr()` or
//! `en()`; and any HTTP status, which is the server's business.

mod problem;

use std::fmt;

pub use problem::Problem;

/// One problem of a file.
///
/// `line` 0 stands for the file as a whole (empty, not a CSV or XLSX file); the header is line 1
/// of a file that does not open with blank lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based physical line of the file where the record starts (0: the whole file).
    pub line: usize,
    /// The column's header as written in the file, or the expected column's name when it is
    /// missing; `None` when the problem concerns the whole line or file.
    pub column: Option<String>,
    /// The spreadsheet letter of the column (`"C"`), for CSV files too since users open them in
    /// a spreadsheet; `None` when the column is missing or the problem concerns no column.
    pub column_ref: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl RowError {
    /// A problem of the whole file (line 0, no column).
    pub(crate) fn file(problem: Problem) -> Self {
        RowError {
            line: 0,
            column: None,
            column_ref: None,
            problem,
        }
    }

    fn render(&self, file: &str, message: String) -> String {
        let mut out = String::with_capacity(file.len() + message.len() + 24);
        out.push_str(file);
        if self.line > 0 {
            out.push(':');
            out.push_str(&self.line.to_string());
        }
        if let Some(column_ref) = &self.column_ref {
            out.push(':');
            out.push_str(column_ref);
        }
        if let Some(column) = &self.column {
            out.push_str(" (");
            out.push_str(column);
            out.push(')');
        }
        out.push_str(": ");
        out.push_str(&message);
        out
    }

    /// Sort key: line, then column in spreadsheet order (`B` before `AA`), whole-line problems
    /// first.
    fn sort_key(&self) -> (usize, usize, &str) {
        match &self.column_ref {
            Some(column_ref) => (self.line, column_ref.len(), column_ref.as_str()),
            None => (self.line, 0, ""),
        }
    }
}

/// Every problem of one file. Nothing of the file is kept when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileErrors {
    /// The file's name, as uploaded.
    pub file: String,
    /// All the problems, sorted by line then column.
    pub errors: Vec<RowError>,
    /// Data lines read (the header and blank lines not counted).
    pub rows_read: usize,
}

impl FileErrors {
    /// Errors of `file`, sorted.
    pub(crate) fn new(file: &str, mut errors: Vec<RowError>, rows_read: usize) -> Self {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        FileErrors {
            file: file.to_owned(),
            errors,
            rows_read,
        }
    }

    /// One problem of the whole file.
    pub(crate) fn single(file: &str, error: RowError) -> Self {
        FileErrors::new(file, vec![error], 0)
    }

    /// The report in French, one problem per line, like the [`Display`](fmt::Display) output.
    pub fn to_french(&self) -> String {
        let mut out = String::new();
        for (idx, error) in self.errors.iter().enumerate() {
            if idx > 0 {
                out.push('\n');
            }
            out.push_str(&error.render(&self.file, error.problem.fr()));
        }
        out
    }
}

/// The report in English, one problem per line: `voters.csv:17:C (date de naissance): invalid
/// date "31/02/1990" (expected DD/MM/YYYY)`.
impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, error) in self.errors.iter().enumerate() {
            if idx > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&error.render(&self.file, error.problem.en()))?;
        }
        Ok(())
    }
}

impl std::error::Error for FileErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_columns_in_spreadsheet_order_and_renders_both_languages() {
        let cell = |line: usize, column_ref: &str| RowError {
            line,
            column: Some("date de naissance".into()),
            column_ref: Some(column_ref.into()),
            problem: Problem::InvalidDate {
                text: "31/02/1990".into(),
            },
        };
        let errors = FileErrors::new(
            "voters.csv",
            vec![cell(17, "AA"), cell(17, "C"), cell(3, "B")],
            20,
        );
        let refs: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.line, e.column_ref.clone().unwrap_or_default()))
            .collect();
        assert_eq!(refs, [(3, "B".into()), (17, "C".into()), (17, "AA".into())]);
        let english = errors.to_string();
        assert_eq!(
            english.lines().nth(1),
            Some(
                "voters.csv:17:C (date de naissance): invalid date \"31/02/1990\" (expected DD/MM/YYYY)"
            )
        );
        assert!(errors.to_french().contains(
            "voters.csv:3:B (date de naissance): date invalide « 31/02/1990 » (attendu JJ/MM/AAAA)"
        ));
        let whole = FileErrors::single("x.pdf", RowError::file(Problem::NotCsvOrXlsx));
        assert!(whole.to_string().starts_with("x.pdf: neither"));
    }
}
