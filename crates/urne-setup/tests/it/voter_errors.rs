//! Bad voter files: every problem reported at once, with its line and column, and nothing
//! returned.

use std::sync::Arc;

use urne_setup::{sample_voter_csv, Problem, RowError};

use crate::common::{csv, known, read};

fn refs(errors: &[RowError]) -> Vec<(usize, Option<&str>)> {
    errors
        .iter()
        .map(|e| (e.line, e.column_ref.as_deref()))
        .collect()
}

#[test]
fn five_bad_lines_among_two_hundred_good_ones() {
    // Columns of the sample: A matricule … E date de naissance, F établissement, I e-mail,
    // N badge, O clé.
    let sample = sample_voter_csv(205, &known(), 7);
    let mut lines: Vec<String> = sample.lines().map(str::to_owned).collect();
    let corrupt = [
        (7, 4, "31/02/1990"),
        (50, 5, "NOWHERE"),
        (101, 8, "pas-un-mail"),
        (150, 13, "12"),
        (206, 14, "99"),
    ];
    for (line, field, value) in corrupt {
        let mut cells: Vec<&str> = lines[line - 1].split(';').collect();
        cells[field] = value;
        lines[line - 1] = cells.join(";");
    }
    let bytes = lines.join("\r\n").into_bytes();
    let errors = read("voters.csv", &bytes).unwrap_err();
    assert_eq!(errors.rows_read, 205);
    assert_eq!(
        refs(&errors.errors),
        [
            (7, Some("E")),
            (50, Some("F")),
            (101, Some("I")),
            (150, Some("N")),
            (206, Some("O")),
        ],
        "{errors}"
    );
    assert_eq!(
        errors.errors[0].problem,
        Problem::InvalidDate {
            text: "31/02/1990".into()
        }
    );
    assert_eq!(
        errors.errors[0].column.as_deref(),
        Some("Date de naissance")
    );
    let english = errors.to_string();
    assert_eq!(english.lines().count(), 5);
    assert!(english.starts_with(
        "voters.csv:7:E (Date de naissance): invalid date \"31/02/1990\" (expected DD/MM/YYYY)"
    ));
    assert!(errors.to_french().contains(
        "voters.csv:206:O (Clé sécurité sociale): clé de sécurité sociale invalide « 99 »"
    ));

    // The sample itself is valid.
    assert_eq!(
        read("voters.csv", sample.as_bytes()).unwrap().voters.len(),
        205
    );
}

#[test]
fn every_cell_problem_of_a_line() {
    let errors = read(
        "voters.csv",
        &csv(&[
            "M1;Dr;;Jean;01/01/2030;XX;C1;;a@b;01 23 45 67 89;12a;98",
            "M2;M.;Martin;Jean;01/01/1980;PAR;C1;pas une date;;;;",
        ]),
    )
    .unwrap_err();
    let problems: Vec<_> = errors
        .errors
        .iter()
        .map(|e| (e.line, e.column_ref.as_deref(), e.problem.clone()))
        .collect();
    let text = |t: &str| t.to_owned();
    assert_eq!(
        problems,
        [
            (2, Some("B"), Problem::InvalidCivility { text: text("Dr") }),
            (2, Some("C"), Problem::EmptyRequired),
            (
                2,
                Some("E"),
                Problem::BirthDateAfterAssessment {
                    birth_date: crate::common::date("2030-01-01"),
                    assessed_on: crate::common::assessed_on(),
                }
            ),
            (
                2,
                Some("F"),
                Problem::UnknownEstablishment {
                    text: text("XX"),
                    known: Arc::from("PAR, LYO"),
                }
            ),
            (2, Some("H"), Problem::EmptyRequired),
            (2, Some("I"), Problem::InvalidEmail { text: text("a@b") }),
            (
                2,
                Some("J"),
                Problem::InvalidMobile {
                    text: text("01 23 45 67 89")
                }
            ),
            (2, Some("K"), Problem::InvalidBadge { text: text("12a") }),
            (2, Some("L"), Problem::InvalidSsKey { text: text("98") }),
            (
                3,
                Some("H"),
                Problem::InvalidDate {
                    text: text("pas une date")
                }
            ),
        ],
        "{errors}"
    );
    assert!(errors
        .to_string()
        .contains("unknown establishment \"XX\" (known: PAR, LYO)"));
}

#[test]
fn missing_columns_are_reported_once_on_the_header() {
    let text = "Matricule;Civilité;Nom;Prénom;Date de naissance;Établissement;Ancienneté\n\
M1;M.;Martin;Jean;01/01/1980;PAR;12\n";
    let errors = read("voters.csv", text.as_bytes()).unwrap_err();
    assert_eq!(errors.errors.len(), 1, "{errors}");
    let error = &errors.errors[0];
    assert_eq!(
        (
            error.line,
            error.column.as_deref(),
            error.column_ref.as_deref()
        ),
        (1, Some("collège"), None)
    );
    assert_eq!(error.problem, Problem::MissingColumn);
    assert_eq!(
        errors.to_string(),
        "voters.csv:1 (collège): required column missing"
    );

    let text = "Matricule;Civilité;Nom;Prénom;Date de naissance;Établissement;Collège\n";
    let errors = read("voters.csv", text.as_bytes()).unwrap_err();
    assert_eq!(
        errors.errors[0].column.as_deref(),
        Some("date d'entrée ou ancienneté")
    );
}

#[test]
fn duplicate_matricule_names_the_first_line() {
    let errors = read(
        "voters.csv",
        &csv(&[
            "M1;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;;",
            "M2;M.;Martin;Paul;01/01/1981;PAR;C1;01/01/2010;;;;",
            "M1;Mme;Petit;Anne;01/01/1982;PAR;C1;01/01/2010;;;;",
        ]),
    )
    .unwrap_err();
    assert_eq!(refs(&errors.errors), [(4, Some("A"))]);
    assert_eq!(
        errors.errors[0].problem,
        Problem::DuplicateMatricule {
            matricule: "M1".into(),
            first_line: 2
        }
    );
    assert!(errors.to_french().contains("déjà utilisé ligne 2"));
}

#[test]
fn duplicate_column() {
    let text = format!(
        "{};Nom\nM1;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;;;X\n",
        crate::common::HEADER
    );
    let errors = read("voters.csv", text.as_bytes()).unwrap_err();
    assert_eq!(refs(&errors.errors), [(1, Some("M"))]);
    assert_eq!(
        errors.errors[0].problem,
        Problem::DuplicateColumn {
            first_ref: "C".into()
        }
    );
}

#[test]
fn whole_file_problems() {
    let problem =
        |name: &str, bytes: &[u8]| read(name, bytes).unwrap_err().errors[0].problem.clone();
    assert_eq!(problem("voters.csv", b""), Problem::EmptyFile);
    assert_eq!(problem("voters.csv", b"\n ;;\n\r\n"), Problem::EmptyFile);
    assert_eq!(problem("voters.pdf", b"%PDF-1.4\n"), Problem::NotCsvOrXlsx);
    assert_eq!(
        problem("voters.xls", b"\xD0\xCF\x11\xE0rest"),
        Problem::NotCsvOrXlsx
    );
    assert_eq!(problem("voters.csv", b"a\0b"), Problem::NotCsvOrXlsx);
    assert!(matches!(
        problem("voters.xlsx", b"PK\x03\x04 not really"),
        Problem::UnreadableSpreadsheet { .. }
    ));
    assert_eq!(
        problem("voters.csv", crate::common::HEADER.as_bytes()),
        Problem::NoRows
    );
    assert_eq!(
        problem(
            "voters.csv",
            b"M1;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010\n"
        ),
        Problem::NoHeader
    );
    let whole = read("voters.pdf", b"%PDF").unwrap_err();
    assert_eq!(whole.errors[0].line, 0);
    assert!(whole.to_string().starts_with("voters.pdf: neither a CSV"));
}
