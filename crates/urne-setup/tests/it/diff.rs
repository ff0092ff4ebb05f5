//! Re-importing a voter file: added, removed and changed voters, by matricule.

use urne_setup::diff_voters;

use crate::common::{csv, read};

#[test]
fn added_removed_changed_unchanged() {
    let old = read(
        "old.csv",
        &csv(&[
            "M3;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;1234;",
            "M1;Mme;Petit;Anne;01/01/1982;PAR;C1;01/01/2010;;;;",
            "M2;M.;Roux;Paul;01/01/1981;PAR;C1;01/01/2010;;;;",
        ]),
    )
    .unwrap()
    .voters;
    let new = read(
        "new.csv",
        &csv(&[
            "M4;Mme;Morel;Inès;01/01/1990;LYO;C2;01/01/2020;;;;",
            "M2;M.;Roux-Girard;Paul;01/01/1981;PAR;C3;01/01/2010;;;;",
            "M3;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;1234;",
        ]),
    )
    .unwrap()
    .voters;
    let diff = diff_voters(&old, &new);
    let matricules = |voters: &[urne_setup::Voter]| {
        voters
            .iter()
            .map(|v| v.matricule.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(matricules(&diff.added), ["M4"]);
    assert_eq!(matricules(&diff.removed), ["M1"]);
    assert_eq!(diff.changed.len(), 1);
    let (before, after, fields) = &diff.changed[0];
    assert_eq!(
        (before.last_name.as_str(), after.last_name.as_str()),
        ("Roux", "Roux-Girard")
    );
    assert_eq!(fields, &["nom", "collège"]);
    assert_eq!(diff.unchanged, 1);
    assert!(!diff.is_empty());
    assert!(diff_voters(&new, &new).is_empty());

    // Order of the inputs does not matter.
    let mut shuffled = new.clone();
    shuffled.reverse();
    assert_eq!(diff_voters(&old, &shuffled), diff);
}

#[test]
fn badge_change_is_seen_through_the_hash() {
    let old = read(
        "a.csv",
        &csv(&["M1;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;1234;"]),
    )
    .unwrap()
    .voters;
    let new = read(
        "b.csv",
        &csv(&["M1;M.;Martin;Jean;01/01/1980;PAR;C1;01/01/2010;;;1235;"]),
    )
    .unwrap()
    .voters;
    assert_eq!(diff_voters(&old, &new).changed[0].2, ["badge"]);
}
