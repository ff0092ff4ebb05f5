//! The catalogue of tampered records (`tests/records/`): an honest synthetic record, and
//! records changed one way each, with the check each must trip. The files are in the repository
//! so that any verifier, in any language, can be tested against them; they are made by
//! `URNE_REGENERATE_RECORDS=1 cargo test -p urne-verify --test tampered`. Without the variable,
//! the test reads them and checks that the honest one verifies and every other fails its check.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod cases;

use std::path::PathBuf;

use urne_verify::{verify, Options, Source};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/records")
}

fn check(bytes: &[u8], since: Option<[u8; 32]>) -> urne_verify::Report {
    let options = Options { since, threads: 2 };
    verify(
        vec![Source {
            name: "record.tar".to_owned(),
            input: bytes,
        }],
        &options,
        |_| {},
    )
    .expect("a record archive")
}

#[test]
fn catalogue() {
    if std::env::var_os("URNE_REGENERATE_RECORDS").is_some() {
        cases::regenerate(&dir());
    }
    let text = std::fs::read_to_string(dir().join("catalogue.json")).expect("catalogue.json");
    let catalogue: serde_json::Value = serde_json::from_str(&text).expect("catalogue JSON");
    let honest = std::fs::read(dir().join("honest.tar")).expect("honest.tar");
    let report = check(&honest, None);
    assert!(
        report.ok(),
        "the honest record fails:\n{}",
        report.to_text()
    );
    assert!(report
        .elections
        .iter()
        .all(|e| e.counted && e.accepted == 6));
    let cases = catalogue["tampered"].as_array().expect("tampered");
    assert!(cases.len() >= 20, "{} cases", cases.len());
    for case in cases {
        let file = case["file"].as_str().expect("file");
        let expected = case["check"].as_str().expect("check");
        let bytes = std::fs::read(dir().join(file)).expect(file);
        let report = match verify(
            vec![Source {
                name: file.to_owned(),
                input: bytes.as_slice(),
            }],
            &Options::default(),
            |_| {},
        ) {
            Ok(report) => report,
            Err(e) => panic!("{file}: unreadable: {e}"),
        };
        let failed: Vec<String> = report.failed().iter().map(|c| c.to_string()).collect();
        assert!(
            failed.iter().any(|c| c == expected),
            "{file} should fail {expected}, fails {failed:?}:\n{}",
            report.to_text()
        );
    }
}

#[test]
fn since_skips_proofs_before_the_hash_and_still_checks_the_count() {
    let honest = std::fs::read(dir().join("honest.tar")).expect("honest.tar");
    let full = check(&honest, None);
    // The hash of the first ballots event: ballots up to it are trusted, the rest re-checked.
    let synthetic = cases::honest();
    let envelopes = urne_verify::synthetic::chain(&synthetic.record, &synthetic.events);
    let first_batch = envelopes
        .iter()
        .find(|e| e.kind == "ballots")
        .expect("a batch");
    let report = check(&honest, Some(first_batch.hash));
    assert!(report.ok(), "{}", report.to_text());
    assert_eq!(report.head, full.head);
    assert_eq!(report.elections[0].trusted, 6);
    assert_eq!(report.elections[1].trusted, 0);
    // A hash that is no event's is refused.
    let report = check(&honest, Some([7; 32]));
    assert!(!report.ok());
}

#[test]
fn a_record_split_in_two_archives_verifies_as_one() {
    let synthetic = cases::honest();
    let whole = check(&std::fs::read(dir().join("honest.tar")).unwrap(), None);
    let (first, second) = cases::split(&synthetic, 20);
    let report = verify(
        vec![
            Source {
                name: "a.tar".to_owned(),
                input: first.as_slice(),
            },
            Source {
                name: "b.tar".to_owned(),
                input: second.as_slice(),
            },
        ],
        &Options::default(),
        |_| {},
    )
    .unwrap();
    assert!(report.ok(), "{}", report.to_text());
    assert_eq!(report.head, whole.head);
    // The second part alone is refused: it does not start at the record's first event.
    assert!(verify(
        vec![Source {
            name: "b.tar".to_owned(),
            input: second.as_slice()
        }],
        &Options::default(),
        |_| {},
    )
    .is_err());
}

#[test]
fn a_file_that_is_not_a_record_is_unreadable() {
    let junk = vec![b'x'; 2048];
    assert!(verify(
        vec![Source {
            name: "junk".to_owned(),
            input: junk.as_slice()
        }],
        &Options::default(),
        |_| {},
    )
    .is_err());
}

#[test]
fn a_seat_given_by_age_is_checked_against_every_order_of_ages() {
    use rand_chacha::rand_core::SeedableRng;
    use urne_crypto::{BallotShape, Choice};
    use urne_verify::synthetic::{build, write_archive, Spec};
    // Two lists of one candidate, one seat, one ballot each: a tie at the highest average that
    // only the candidates' ages break (R2314-21); the record does not hold their birth dates.
    let choose = |_: usize, voter: usize, _: &BallotShape| Choice::List {
        list: voter % 2,
        struck: vec![],
    };
    let spec = Spec {
        record: "tie".to_owned(),
        elections: vec![(vec![1, 1], 1)],
        voters: 3,
        votes: 2,
        members: 2,
        threshold: 2,
        decrypting: vec![1, 2],
        choose: &choose,
        threads: 1,
    };
    let s = build(&spec, &mut rand_chacha::ChaCha20Rng::from_seed([5; 32])).unwrap();
    let honest = write_archive(Vec::new(), &s.record, &s.events).unwrap();
    let report = check(&honest, None);
    assert!(report.ok(), "{}", report.to_text());
    assert!(
        report.notes.iter().any(|n| n.contains("eldest")),
        "{:?}",
        report.notes
    );
    // A result no order of ages gives: the seat left to nobody.
    let mut events = s.events.clone();
    let last = events.len() - 1;
    let mut result: serde_json::Value = serde_json::from_slice(&events[last].payload).unwrap();
    for list in result["lists"].as_array_mut().unwrap() {
        list["seats"] = serde_json::json!(0);
    }
    events[last].payload = serde_json::to_vec(&result).unwrap();
    let tampered = write_archive(Vec::new(), &s.record, &events).unwrap();
    let report = check(&tampered, None);
    let failed: Vec<String> = report.failed().iter().map(ToString::to_string).collect();
    assert_eq!(failed, ["V24"], "{}", report.to_text());
}
