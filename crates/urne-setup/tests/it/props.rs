//! Properties of the readers on arbitrary input: they never panic, and any cell text written
//! by a CSV writer reads back as written (trimmed).

use proptest::prelude::*;
use urne_setup::read_list_file;

use crate::common::{read, HEADER};

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[0-9/.-]{0,12}",
        "\\PC{0,8}",
        Just(String::new()),
        Just("\"".to_owned()),
    ]
}

fn file() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just(HEADER.to_owned()),
        Just("Syndicat;Liste;Ordre;Sexe;Nom;Prénom;Date de naissance".to_owned()),
        prop::collection::vec(cell(), 0..14).prop_map(|cells| cells.join(";")),
    ];
    let rows = prop::collection::vec(prop::collection::vec(cell(), 0..14), 0..8);
    let separator = prop_oneof![Just(";"), Just(","), Just("\t")];
    (header, rows, separator).prop_map(|(header, rows, separator)| {
        let mut text = header.replace(';', separator);
        for row in rows {
            text.push('\n');
            text.push_str(&row.join(separator));
        }
        text
    })
}

proptest! {
    #[test]
    fn arbitrary_csv_never_panics(text in file(), latin in any::<bool>()) {
        let bytes = if latin {
            encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
        } else {
            text.clone().into_bytes()
        };
        let voters = read("voters.csv", &bytes);
        let lists = read_list_file("lists.csv", &bytes);
        // Every reported line is a line of the file.
        let n_lines = text.lines().count().max(1);
        for errors in [voters.err(), lists.err()].into_iter().flatten() {
            prop_assert!(!errors.errors.is_empty());
            for error in &errors.errors {
                prop_assert!(error.line <= n_lines, "line {} of {}", error.line, n_lines);
            }
        }
    }

    #[test]
    fn names_round_trip_through_a_csv_writer(
        last_name in "[^\u{0}]{1,30}",
        first_name in "[ -~]{1,20}",
    ) {
        prop_assume!(!last_name.trim().is_empty() && !first_name.trim().is_empty());
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        writer.write_record(HEADER.split(';')).unwrap();
        writer
            .write_record([
                "M1", "Mme", &last_name, &first_name, "01/01/1980", "PAR", "C1", "01/01/2010",
                "", "", "", "",
            ])
            .unwrap();
        let bytes = writer.into_inner().unwrap();
        let file = read("voters.csv", &bytes).unwrap();
        prop_assert_eq!(&file.voters[0].last_name, last_name.trim());
        prop_assert_eq!(&file.voters[0].first_name, first_name.trim());
    }
}
