//! XLSX workbook to lines: the first worksheet, through `calamine`.
//!
//! Cells become text as a person reading the sheet would see them: whole numbers without `.0`
//! (a badge typed as the number 1234 reads `1234`; typed as text `0042` it keeps its zeros),
//! date-formatted cells become dates. Left out: other worksheets, formulas (their cached value
//! is read), merged cells, and old binary `.xls` files (refused upstream).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use urne_rules::date::Date;

use super::{Cell, Lines, Row};
use crate::error::{Problem, RowError};
use crate::fields::parse_date;
use crate::text::excerpt;
use crate::voter_file::FileFormat;

pub(super) fn read(bytes: &[u8]) -> Result<Lines, RowError> {
    let unreadable = |detail: String| {
        RowError::file(Problem::UnreadableSpreadsheet {
            detail: excerpt(&detail),
        })
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| unreadable(error.to_string()))?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(error)) => return Err(unreadable(error.to_string())),
        None => return Err(unreadable("no worksheet".into())),
    };
    let Some((first_row, first_column)) = range.start() else {
        return Ok(Lines {
            format: FileFormat::Xlsx,
            rows: Vec::new(),
        });
    };
    let first_row = first_row as usize;
    let first_column = first_column as usize;
    let rows = range
        .rows()
        .enumerate()
        .map(|(idx, cells)| {
            let mut converted = Vec::with_capacity(first_column + cells.len());
            converted.resize(first_column, Cell::Text(String::new()));
            converted.extend(cells.iter().map(convert));
            Row {
                line: first_row + idx + 1,
                cells: converted,
            }
        })
        .collect();
    Ok(Lines {
        format: FileFormat::Xlsx,
        rows,
    })
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Text(String::new()),
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Text(n.to_string()),
        Data::Float(x) => Cell::Text(render_float(*x)),
        Data::Bool(b) => Cell::Text(if *b { "VRAI" } else { "FAUX" }.into()),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            match serial_to_date(datetime.as_f64()) {
                Some(date) => Cell::Date(date),
                None => Cell::Text(render_float(datetime.as_f64())),
            }
        }
        Data::DateTime(datetime) => Cell::Text(render_float(datetime.as_f64())),
        Data::DateTimeIso(text) => match parse_date(text) {
            Some(date) => Cell::Date(date),
            None => Cell::Text(text.clone()),
        },
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(error) => Cell::Text(error.to_string()),
    }
}

/// Whole numbers as integers (`1234`, not `1234.0`); others as Rust prints them.
fn render_float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        // |x| < 1e15 and whole: the conversion is exact.
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// An Excel serial day (1900 system: day 1 is 1900-01-01, and Excel counts a 29 February 1900
/// that never was, so serials from 61 are one day ahead) as a date, time of day dropped.
///
/// The 1904 system of old Mac workbooks is not handled: calamine does not say which system a
/// cell uses without its `dates` feature, and such workbooks are rare; their dates come out
/// four years early, which the birth-date and entry-date checks make visible.
fn serial_to_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // In range, so the cast is exact after `floor`.
    let mut days = serial.floor() as i64;
    if days == 60 {
        return None; // 29/02/1900, which does not exist.
    }
    if days > 60 {
        days -= 1;
    }
    // Day 1 is 1900-01-01, 25 567 days before 1970-01-01; then Howard Hinnant's
    // `civil_from_days` (days since 1970-01-01, shifted to an era starting 0000-03-01).
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        let check = |serial: f64, expected: Option<&str>| {
            assert_eq!(
                serial_to_date(serial).map(|d| d.to_string()),
                expected.map(str::to_owned),
                "{serial}"
            );
        };
        check(1.0, Some("1900-01-01"));
        check(59.0, Some("1900-02-28"));
        check(60.0, None);
        check(61.0, Some("1900-03-01"));
        check(32_874.0, Some("1990-01-01"));
        check(45_943.541, Some("2025-10-13"));
        check(0.0, None);
        check(f64::NAN, None);
        check(1e300, None);
    }

    #[test]
    fn floats() {
        assert_eq!(render_float(1234.0), "1234");
        assert_eq!(render_float(12.5), "12.5");
        assert_eq!(render_float(-3.0), "-3");
    }
}
