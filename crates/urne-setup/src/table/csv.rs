//! CSV text to lines: encoding and delimiter detection, then the `csv` crate's parser.
//!
//! Encoding: valid UTF-8 (with or without BOM) is UTF-8, anything else Windows-1252, the two
//! encodings French spreadsheets save. Latin-1 files are read correctly as Windows-1252, which
//! is its superset for printable characters. Delimiter: the most frequent of `;`, `,` and tab
//! outside quotes on the first non-blank line; `;` on a tie, since French Excel writes it.
//! Left out: other encodings (UTF-16 files are refused as binary upstream).

use std::borrow::Cow;

use super::{Cell, Lines, Row};
use crate::error::{Problem, RowError};
use crate::voter_file::FileFormat;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn read(bytes: &[u8]) -> Result<Lines, RowError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let (text, encoding): (Cow<'_, str>, &'static str) = match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            "Windows-1252",
        ),
    };
    let delimiter = detect_delimiter(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let line = error
                    .position()
                    .and_then(|position| usize::try_from(position.line()).ok())
                    .unwrap_or(0);
                return Err(RowError {
                    line,
                    column: None,
                    column_ref: None,
                    problem: Problem::MalformedCsv {
                        detail: error.to_string(),
                    },
                });
            }
        }
        let line = record
            .position()
            .map(|position| start_line(text.as_bytes(), position))
            .unwrap_or(0);
        rows.push(Row {
            line,
            cells: record
                .iter()
                .map(|field| Cell::Text(field.to_owned()))
                .collect(),
        });
    }
    Ok(Lines {
        format: FileFormat::Csv {
            encoding,
            delimiter,
        },
        rows,
    })
}

/// The line where a record's first field starts. The `csv` crate places a record where the
/// previous one ended, so blank lines before it would shift it up: they are skipped here.
fn start_line(text: &[u8], position: &::csv::Position) -> usize {
    let line = usize::try_from(position.line()).unwrap_or(usize::MAX);
    let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let blank_lines = text
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count();
    line.saturating_add(blank_lines)
}

/// The delimiter of the first non-blank line, counted outside double quotes.
fn detect_delimiter(text: &str) -> u8 {
    let first_line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let (mut semicolons, mut commas, mut tabs) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for byte in first_line.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if commas > semicolons && commas >= tabs {
        b','
    } else if tabs > semicolons && tabs > commas {
        b'\t'
    } else {
        b';'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter("\n\na,b,c\n"), b',');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a"), b';');
    }

    #[test]
    fn records_start_lines() {
        let lines = read(b"\xEF\xBB\xBFa,b\n\n1,\"x\ny\"\n2,z\r\n\r\n\r\n3,w\n").unwrap();
        let found: Vec<_> = lines.rows.iter().map(|row| row.line).collect();
        assert_eq!(found, [1, 3, 5, 8]);
        assert_eq!(lines.rows[1].cells[1], Cell::Text("x\ny".into()));
        assert_eq!(
            lines.format,
            FileFormat::Csv {
                encoding: "UTF-8",
                delimiter: b','
            }
        );
        let latin = read(b"nom;ville\nFran\xE7ois;B\xE9ziers\n").unwrap();
        assert_eq!(latin.rows[1].cells[0], Cell::Text("François".into()));
        assert!(matches!(
            latin.format,
            FileFormat::Csv {
                encoding: "Windows-1252",
                ..
            }
        ));
    }
}
