//! A file of rows, whatever its format: the header and the data lines of a CSV or XLSX file,
//! each line with its physical line number and its cells in column order.
//!
//! Both readers ([`crate::voter_file`], [`crate::list_file`]) start here, so they share format
//! detection, decoding and header matching. Left out: the meaning of any column, which each
//! reader's column specs give.

mod columns;
mod csv;
mod xlsx;

use std::borrow::Cow;

use urne_rules::date::Date;

use crate::error::{Problem, RowError};
use crate::fields::parse_date;
use crate::text::french_date;
use crate::voter_file::FileFormat;

pub(crate) use columns::{resolve, ColumnSpec, Header};

/// One cell, as the file typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Text (every CSV cell; XLSX text, numbers and booleans rendered as text).
    Text(String),
    /// A spreadsheet cell formatted as a date.
    Date(Date),
}

impl Cell {
    /// The cell as text, trimmed; a date is written `JJ/MM/AAAA`.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(text) => Cow::Borrowed(text.trim()),
            Cell::Date(date) => Cow::Owned(french_date(date)),
        }
    }

    /// The cell as a date, if it is one or reads as one.
    pub(crate) fn date(&self) -> Option<Date> {
        match self {
            Cell::Text(text) => parse_date(text),
            Cell::Date(date) => Some(*date),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Cell::Text(text) => text.trim().is_empty(),
            Cell::Date(_) => false,
        }
    }
}

/// One data line.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// 1-based physical line where the record starts.
    pub(crate) line: usize,
    /// The cells, column `A` first; a short line simply has fewer cells.
    pub(crate) cells: Vec<Cell>,
}

const EMPTY_CELL: &Cell = &Cell::Text(String::new());

impl Row {
    /// The cell of column `index`, empty when the line is short or the column absent.
    pub(crate) fn cell(&self, index: Option<usize>) -> &Cell {
        index
            .and_then(|index| self.cells.get(index))
            .unwrap_or(EMPTY_CELL)
    }

    /// The trimmed text of column `index`, empty when absent.
    pub(crate) fn text(&self, index: Option<usize>) -> Cow<'_, str> {
        self.cell(index).text()
    }
}

/// A whole file: its header and its non-blank data lines.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// What the file turned out to be.
    pub(crate) format: FileFormat,
    /// The header line.
    pub(crate) header: Header,
    /// The data lines, blank ones dropped.
    pub(crate) rows: Vec<Row>,
}

/// Reads `bytes` as XLSX (by name or by the ZIP signature) or as CSV text.
///
/// # Errors
/// One problem of the whole file: [`Problem::EmptyFile`], [`Problem::NotCsvOrXlsx`],
/// [`Problem::UnreadableSpreadsheet`], [`Problem::MalformedCsv`].
pub(crate) fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, RowError> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    // The OLE2 signature of old `.xls` and `.doc` files.
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let binary_extension = matches!(
        extension.as_str(),
        "xls" | "xlsb" | "ods" | "odt" | "doc" | "docx" | "pdf" | "numbers" | "zip"
    );
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RowError::file(Problem::EmptyFile));
    }
    let mut lines = if extension == "xlsx" || (is_zip && !binary_extension) {
        xlsx::read(bytes)?
    } else if is_zip || is_ole || binary_extension || looks_binary(bytes) {
        return Err(RowError::file(Problem::NotCsvOrXlsx));
    } else {
        csv::read(bytes)?
    };
    lines
        .rows
        .retain(|row| !row.cells.iter().all(Cell::is_blank));
    let mut rows = lines.rows.into_iter();
    let Some(header_row) = rows.next() else {
        return Err(RowError::file(Problem::EmptyFile));
    };
    let header = Header {
        line: header_row.line,
        names: header_row
            .cells
            .iter()
            .map(|cell| cell.text().into_owned())
            .collect(),
    };
    Ok(Table {
        format: lines.format,
        header,
        rows: rows.collect(),
    })
}

/// Text files hold no NUL byte; UTF-16 files and binaries do.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// What a format reader returns: every line, blank ones included.
struct Lines {
    format: FileFormat,
    rows: Vec<Row>,
}
