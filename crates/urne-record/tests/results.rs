//! Results from decrypted counts: every figure of the PV, by hand, against `urne-rules`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

use urne_crypto::tally::Tally;
use urne_record::manifest::{Body, Candidate, List, Manifest, Place, ScrutinRef};
use urne_record::results::{
    decimal_fr, exact, parse_exact, ElectionResult, Electorate, ResultError,
};

fn list(name: &str, union: Option<&str>, candidates: usize) -> List {
    List {
        candidates: (0..candidates)
            .map(|i| Candidate {
                first_name: format!("Prénom{i}"),
                last_name: format!("{name}{i}"),
                sex: if i % 2 == 0 { "F" } else { "H" }.to_owned(),
            })
            .collect(),
        name: name.to_owned(),
        union: union.map(str::to_owned),
    }
}

fn manifest(round: u8, seats: u32) -> Manifest {
    Manifest {
        body: Body::Titulaires,
        college: Place {
            code: "C1".to_owned(),
            name: "Ouvriers et employés".to_owned(),
        },
        election: "e1".to_owned(),
        establishment: Place {
            code: "E1".to_owned(),
            name: "Siège".to_owned(),
        },
        lists: vec![
            list("A", Some("CFDT"), 3),
            list("B", Some("CGT"), 3),
            list("C", None, 2),
        ],
        organisation: "Démo SA".to_owned(),
        protocol: "urne-1".to_owned(),
        round,
        scrutin: ScrutinRef {
            name: "CSE 2026".to_owned(),
            uid: "s1".to_owned(),
        },
        seats,
    }
}

fn counts() -> Tally {
    Tally {
        lists: vec![40, 25, 10],
        blank: 3,
        nul: 2,
        strikes: vec![vec![5, 0, 1], vec![3, 0, 0], vec![0, 0]],
    }
}

fn electorate(inscrits: u64) -> Electorate {
    Electorate {
        inscrits,
        birthdates: None,
    }
}

/// R2314-19, R2314-20, L2314-29 al. 3: quotient 75/4, A 2 + 1 at the highest average, B 1; the
/// ratures of A's first and B's first candidates count (≥ 10 %), A's third's do not.
#[test]
fn every_figure_of_the_pv() {
    let r = ElectionResult::compute(&manifest(1, 4), &counts(), &electorate(100)).unwrap();
    assert_eq!(
        (r.inscrits, r.votants, r.blancs, r.nuls, r.sve),
        (100, 80, 3, 2, 75)
    );
    assert_eq!(r.quotient.as_deref(), Some("75/4"));
    assert_eq!(r.quorum_threshold, "50");
    assert!(r.quorum_reached);
    let a = &r.lists[0];
    assert_eq!(a.list_votes, "38");
    assert_eq!(
        (a.seats_by_quotient, a.seats_by_average, a.seats),
        (2, 1, 3)
    );
    let votes: Vec<u64> = a.candidates.iter().map(|c| c.votes).collect();
    assert_eq!(votes, [35, 40, 39]);
    let counted: Vec<bool> = a.candidates.iter().map(|c| c.ratures_counted).collect();
    assert_eq!(counted, [true, false, false]);
    let b = &r.lists[1];
    assert_eq!(
        (b.seats_by_quotient, b.seats_by_average, b.seats),
        (1, 0, 1)
    );
    // B's first candidate is struck by 3 of 25 (12 %): the second, kept in place, is elected.
    assert_eq!(b.elected, [1]);
    assert!(b.candidates[1].elected && !b.candidates[0].elected);
    assert_eq!(r.lists[2].seats, 0);
    assert_eq!((r.unfilled, r.second_round_required), (0, false));
    let elected: Vec<&str> = r.elected().map(|(_, c)| c.last_name.as_str()).collect();
    assert_eq!(elected.len(), 4);
    assert!(elected.contains(&"B1"));
}

/// L2314-29 al. 2: at the first round, fewer SVE than half the inscrits: no seat, second round.
#[test]
fn no_quorum_means_a_second_round() {
    let r = ElectionResult::compute(&manifest(1, 4), &counts(), &electorate(200)).unwrap();
    assert!(!r.quorum_reached);
    assert!(r.second_round_required);
    assert_eq!(r.quotient, None);
    assert_eq!(r.unfilled, 4);
    assert!(r.lists.iter().all(|l| l.seats == 0 && l.elected.is_empty()));
    // At the second round no quorum is required.
    let r = ElectionResult::compute(&manifest(2, 4), &counts(), &electorate(200)).unwrap();
    assert!(r.quorum_reached && !r.second_round_required);
    assert_eq!(r.lists.iter().map(|l| l.seats).sum::<u64>(), 4);
}

/// Lists short of candidates leave seats unfilled (R2314-20 with the default "vacant").
#[test]
fn seats_beyond_candidates_are_unfilled() {
    let r = ElectionResult::compute(&manifest(1, 9), &counts(), &electorate(100)).unwrap();
    assert!(r.unfilled > 0);
    assert!(r.second_round_required);
}

#[test]
fn bad_counts_are_refused() {
    let mut wrong = counts();
    wrong.strikes[2].push(0);
    assert_eq!(
        ElectionResult::compute(&manifest(1, 4), &wrong, &electorate(100)),
        Err(ResultError::Shape)
    );
    assert_eq!(
        ElectionResult::compute(&manifest(1, 4), &counts(), &electorate(79)),
        Err(ResultError::MoreVotantsThanInscrits {
            votants: 80,
            inscrits: 79
        })
    );
}

#[test]
fn payload_round_trips_and_is_canonical() {
    let r = ElectionResult::compute(&manifest(1, 4), &counts(), &electorate(100)).unwrap();
    let bytes = r.to_bytes();
    assert_eq!(ElectionResult::from_bytes(&bytes).unwrap(), r);
    let pretty = serde_json::to_vec_pretty(&r).unwrap();
    assert!(ElectionResult::from_bytes(&pretty).is_err());
}

#[test]
fn exact_and_decimal_writing() {
    let q = parse_exact("75/4").unwrap();
    assert_eq!(exact(&q), "75/4");
    assert_eq!(decimal_fr(&q), "18,75");
    assert_eq!(decimal_fr(&parse_exact("38").unwrap()), "38,00");
    assert_eq!(decimal_fr(&parse_exact("2/3").unwrap()), "0,67");
    assert_eq!(parse_exact("1/0"), None);
}

/// L2122-1: shares of the titulaires' first-round SVE, all elections together; L2122-2: a
/// CFE-CGC union only over the elections where it ran; suppléants do not count.
#[test]
fn representativeness_from_results() {
    use urne_record::audience::audience;
    let first = ElectionResult::compute(&manifest(1, 4), &counts(), &electorate(100)).unwrap();
    let mut cadres_manifest = manifest(1, 2);
    cadres_manifest.lists[1].union = Some("CFE-CGC".to_owned());
    let cadres_counts = Tally {
        lists: vec![5, 20, 0],
        blank: 0,
        nul: 0,
        strikes: vec![vec![0; 3], vec![0; 3], vec![0; 2]],
    };
    let cadres =
        ElectionResult::compute(&cadres_manifest, &cadres_counts, &electorate(30)).unwrap();
    let suppleants = first.clone();
    let all = [
        (Body::Titulaires, &first),
        (Body::Titulaires, &cadres),
        (Body::Suppleants, &suppleants),
    ];
    let a = audience(&all).unwrap();
    let names: Vec<&str> = a.iter().map(|u| u.union.as_str()).collect();
    assert_eq!(names, ["CFDT", "CGT", "CFE-CGC"]);
    // CFDT: 45 of 100; CGT: 25 of 100; CFE-CGC: 20 of the 25 of its one election.
    assert_eq!(exact(&a[0].votes), "45");
    assert_eq!((a[0].sve, a[1].sve, a[2].sve), (100, 100, 25));
    assert_eq!(exact(a[2].pct.as_ref().unwrap()), "80");
    assert!(a.iter().all(|u| u.representative));
}
