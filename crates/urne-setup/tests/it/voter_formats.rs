//! Voter files in each format the reader accepts: UTF-8 and Windows-1252 CSV, `;`, `,` and tab,
//! quoted fields, English headers, and XLSX with dates and numbers typed in various ways.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use urne_setup::{hash_badge, hash_ss_key, Civility, FileFormat, Seniority};

use crate::common::{csv, date, pepper, read};

#[test]
fn utf8_semicolon_file() {
    let bytes = csv(&[
        "M001;Mme;Lefèvre;Élodie;03/02/1990;PAR;C3;01/09/2015;elodie.lefevre@exemple.fr;06 12 34 56 78;1234;07",
        "M002;M.;Garçon;François;1985-12-31;usine de LYON;ingenieurs et CADRES;2020-01-15;;;;",
    ]);
    let file = read("voters.csv", &bytes).unwrap();
    assert_eq!(
        file.format,
        FileFormat::Csv {
            encoding: "UTF-8",
            delimiter: b';'
        }
    );
    let [first, second] = file.voters.as_slice() else {
        panic!("two voters expected, got {}", file.voters.len());
    };
    assert_eq!(first.matricule, "M001");
    assert_eq!(first.civility, Civility::Madame);
    assert_eq!(
        (first.last_name.as_str(), first.first_name.as_str()),
        ("Lefèvre", "Élodie")
    );
    assert_eq!(first.birth_date, date("1990-02-03"));
    assert_eq!(
        (first.establishment.as_str(), first.college.as_str()),
        ("PAR", "C3")
    );
    assert_eq!(first.seniority, Seniority::EntryDate(date("2015-09-01")));
    assert_eq!(
        first.professional_email.as_deref(),
        Some("elodie.lefevre@exemple.fr")
    );
    assert_eq!(first.mobile.as_deref(), Some("+33612345678"));
    assert_eq!(
        first.challenge.badge,
        Some(hash_badge(&pepper(), "M001", "1234"))
    );
    assert_eq!(
        first.challenge.ss_key,
        Some(hash_ss_key(&pepper(), "M001", "07"))
    );
    assert!(first.eligibility.elector && first.eligibility.eligible);
    assert!(first.eligibility.reasons.is_empty());

    // Establishment and college matched by name, ignoring case and accents, stored as codes.
    assert_eq!(
        (second.establishment.as_str(), second.college.as_str()),
        ("LYO", "C3")
    );
    assert_eq!(second.birth_date, date("1985-12-31"));
    assert_eq!(second.professional_email, None);
    assert_eq!(second.challenge.badge, None);

    // The same file with a byte-order mark reads the same.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    assert_eq!(read("voters.csv", &with_bom).unwrap(), file);
}

#[test]
fn windows_1252_file_with_accents() {
    let text = format!(
        "{}\nM010;Mme;Français;Cécile;12/05/1979;Siège Paris;C1;02/01/2001;;07 98 76 54 32;;\n",
        crate::common::HEADER
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let file = read("voters.csv", &bytes).unwrap();
    assert_eq!(
        file.format,
        FileFormat::Csv {
            encoding: "Windows-1252",
            delimiter: b';'
        }
    );
    let voter = &file.voters[0];
    assert_eq!(voter.last_name, "Français");
    assert_eq!(voter.first_name, "Cécile");
    assert_eq!(voter.establishment, "PAR");
    assert_eq!(voter.mobile.as_deref(), Some("+33798765432"));
}

#[test]
fn comma_file_with_quoted_comma_and_newline() {
    let text = "matricule,civilite,nom,prenom,date de naissance,etablissement,college,anciennete,adresse,code postal,ville\n\
M1,M,Dupont,Jean,01/01/1980,PAR,C1,24,\"12, rue de la Paix\nBâtiment B\",75002,Paris\n\
\n\
M2,Mme,Durand,Anne,31/02/1990,PAR,C1,24,,,\n";
    let errors = read("voters.csv", text.as_bytes()).unwrap_err();
    // The quoted address spans lines 2 and 3; line 4 is blank; M2 starts on line 5.
    assert_eq!(errors.errors.len(), 1, "{errors}");
    assert_eq!(errors.errors[0].line, 5);
    assert_eq!(errors.errors[0].column_ref.as_deref(), Some("E"));

    let fixed = text.replace("31/02/1990", "28/02/1990");
    let mut calls = Vec::new();
    let known = crate::common::known();
    let conditions = urne_rules::eligibility::Conditions::new(crate::common::assessed_on());
    let pepper = pepper();
    let options = urne_setup::ReadOptions {
        known: &known,
        conditions: &conditions,
        pepper: &pepper,
    };
    let file = urne_setup::read_voter_file(
        "voters.csv",
        fixed.as_bytes(),
        &options,
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(calls.last(), Some(&(2, 2)));
    assert_eq!(
        file.format,
        FileFormat::Csv {
            encoding: "UTF-8",
            delimiter: b','
        }
    );
    let address = &file.voters[0].address;
    assert_eq!(address.lines, ["12, rue de la Paix\nBâtiment B"]);
    assert_eq!(
        (address.postcode.as_str(), address.city.as_str()),
        ("75002", "Paris")
    );
    assert_eq!(file.voters[0].seniority, Seniority::Months(24));
}

#[test]
fn english_headers_and_tabs() {
    let text = "Employee ID\tTitle\tLast name\tFirst name\tDate of birth\tEstablishment\tCollege\tSeniority (months)\tWork e-mail\tMobile phone\tPostcode\tCity\tCountry\n\
E-77\tMr\tSmith\tJohn\t1970-07-14\tLYO\tC2\t120\tjohn.smith@example.com\t+44 7700 900123\tSW1A 1AA\tLondon\tUnited Kingdom\n";
    let file = read("staff.txt", text.as_bytes()).unwrap();
    assert_eq!(
        file.format,
        FileFormat::Csv {
            encoding: "UTF-8",
            delimiter: b'\t'
        }
    );
    let voter = &file.voters[0];
    assert_eq!(voter.matricule, "E-77");
    assert_eq!(voter.civility, Civility::Monsieur);
    assert_eq!(voter.seniority, Seniority::Months(120));
    assert_eq!(voter.mobile.as_deref(), Some("+447700900123"));
    assert_eq!(voter.address.country, "United Kingdom");
}

#[test]
fn xlsx_with_dates_and_numbers_in_both_forms() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "Matricule",
        "Civilité",
        "Nom",
        "Prénom",
        "Date de naissance",
        "Établissement",
        "Collège",
        "Date d'entrée",
        "Badge",
        "Clé NIR",
        "Mobile",
    ];
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    // Line 2: dates as Excel dates, badge and key as numbers, mobile without its zero.
    sheet.write_number(1, 0, 1001).unwrap();
    sheet.write_string(1, 1, "Madame").unwrap();
    sheet.write_string(1, 2, "Lefèvre").unwrap();
    sheet.write_string(1, 3, "Chloé").unwrap();
    let birth = ExcelDateTime::from_ymd(1988, 11, 23).unwrap();
    sheet
        .write_datetime_with_format(1, 4, &birth, &date_format)
        .unwrap();
    sheet.write_string(1, 5, "PAR").unwrap();
    sheet.write_string(1, 6, "C2").unwrap();
    let entry = ExcelDateTime::from_ymd(2012, 4, 2).unwrap();
    sheet
        .write_datetime_with_format(1, 7, &entry, &date_format)
        .unwrap();
    sheet.write_number(1, 8, 1234).unwrap();
    sheet.write_number(1, 9, 7).unwrap();
    sheet.write_number(1, 10, 612_345_678).unwrap();
    // Line 3: dates as text, badge as text with leading zeros.
    sheet.write_string(2, 0, "1002").unwrap();
    sheet.write_string(2, 1, "M.").unwrap();
    sheet.write_string(2, 2, "Roux").unwrap();
    sheet.write_string(2, 3, "Rémi").unwrap();
    sheet.write_string(2, 4, "05/06/1975").unwrap();
    sheet.write_string(2, 5, "Usine de Lyon").unwrap();
    sheet.write_string(2, 6, "C1").unwrap();
    sheet.write_string(2, 7, "2001-10-01").unwrap();
    sheet.write_string(2, 8, "0042").unwrap();
    sheet.write_string(2, 9, "97").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let file = read("électeurs.xlsx", &bytes).unwrap();
    assert_eq!(file.format, FileFormat::Xlsx);
    let [first, second] = file.voters.as_slice() else {
        panic!("two voters expected, got {}", file.voters.len());
    };
    let pepper = pepper();
    assert_eq!(first.matricule, "1001");
    assert_eq!(first.birth_date, date("1988-11-23"));
    assert_eq!(first.seniority, Seniority::EntryDate(date("2012-04-02")));
    assert_eq!(
        first.challenge.badge,
        Some(hash_badge(&pepper, "1001", "1234"))
    );
    assert_eq!(
        first.challenge.ss_key,
        Some(hash_ss_key(&pepper, "1001", "07"))
    );
    assert_eq!(first.mobile.as_deref(), Some("+33612345678"));
    assert_eq!(second.birth_date, date("1975-06-05"));
    assert_eq!(second.seniority, Seniority::EntryDate(date("2001-10-01")));
    assert_eq!(second.establishment, "LYO");
    assert_eq!(
        second.challenge.badge,
        Some(hash_badge(&pepper, "1002", "0042"))
    );
    assert_ne!(
        second.challenge.badge,
        Some(hash_badge(&pepper, "1002", "42"))
    );
}

#[test]
fn xlsx_errors_name_lines_and_letters() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "Matricule",
        "Civilité",
        "Nom",
        "Prénom",
        "Naissance",
        "Etab",
        "Collège",
        "Ancienneté",
    ];
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let row = ["A1", "Mme", "Petit", "Léa", "01/01/1990", "PAR", "C9", "-2"];
    for (col, cell) in row.iter().enumerate() {
        sheet.write_string(3, col as u16, *cell).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let errors = read("voters.xlsx", &bytes).unwrap_err();
    let found: Vec<_> = errors
        .errors
        .iter()
        .map(|e| (e.line, e.column_ref.clone().unwrap()))
        .collect();
    assert_eq!(
        found,
        [(4, "G".to_owned()), (4, "H".to_owned())],
        "{errors}"
    );
}
