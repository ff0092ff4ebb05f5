//! R2314-7 and DESIGN.md §2: the émargement and the ballot box share no identifier of a voter
//! or a ballot and no precise timestamp. This test reads both stores' catalogues, on each
//! backend, and fails if a column could link a voter to a ballot.

use crate::on_each_backend;

/// Columns both stores may have: public identifiers of a scrutin or an election, which every
/// voter and every ballot of that election share, so they link nothing.
const SHARED_ALLOWED: [&str; 2] = ["election_uid", "record_uid"];

/// Fragments that must not appear in a ballot-box column: who, when, where from.
const FORBIDDEN_IN_BALLOT_BOX: [&str; 12] = [
    "voter",
    "matricule",
    "name",
    "email",
    "mobile",
    "login",
    "session",
    "staff",
    "_at",
    "time",
    "date",
    "ip",
];

/// Every reason the two catalogues, `(table, column)` pairs, could let someone join a voter to
/// a ballot; empty when they cannot.
fn linking_columns(registry: &[(String, String)], ballot_box: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let registry_columns: std::collections::BTreeSet<&str> =
        registry.iter().map(|(_, c)| c.as_str()).collect();
    for (table, column) in ballot_box {
        if table == "schema_migrations" {
            continue;
        }
        if registry_columns.contains(column.as_str()) && !SHARED_ALLOWED.contains(&column.as_str())
        {
            problems.push(format!(
                "ballot_box.{table}.{column} also exists in the registry"
            ));
        }
        for fragment in FORBIDDEN_IN_BALLOT_BOX {
            if column.contains(fragment) {
                problems.push(format!(
                    "ballot_box.{table}.{column} looks like it names who or when ({fragment})"
                ));
            }
        }
    }
    // The registry holds no ballot, tracker or credential public key.
    for (table, column) in registry {
        for fragment in ["ballot", "tracker", "credential"] {
            if table.contains(fragment) || column.contains(fragment) {
                problems.push(format!(
                    "registry.{table}.{column} holds ballot-box data ({fragment})"
                ));
            }
        }
    }
    problems
}

#[tokio::test]
async fn the_two_stores_cannot_be_joined() {
    on_each_backend("separation", |stores| async move {
        let registry = stores.registry.db().columns().await.unwrap();
        let ballot_box = stores.ballot_box.db().columns().await.unwrap();
        assert!(registry
            .iter()
            .any(|(t, c)| t == "emargement" && c == "voted_at"));
        assert!(ballot_box
            .iter()
            .any(|(t, c)| t == "ballots" && c == "credential"));
        assert_eq!(
            linking_columns(&registry, &ballot_box),
            Vec::<String>::new()
        );
    })
    .await;
}

/// The check itself can fail: a sequential `id` on ballots (it follows arrival order, as the
/// émargement's does), a time on ballots, and a tracker in the registry are each caught.
#[test]
fn linking_columns_are_caught() {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(t, c)| ((*t).to_owned(), (*c).to_owned()))
            .collect()
    };
    let registry = pairs(&[
        ("emargement", "id"),
        ("emargement", "voted_at"),
        ("voters", "tracker"),
    ]);
    let ballot_box = pairs(&[
        ("ballots", "id"),
        ("ballots", "cast_at"),
        ("ballots", "election_uid"),
    ]);
    let problems = linking_columns(&registry, &ballot_box);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("ballots.id also exists"));
    assert!(problems[1].contains("ballots.cast_at") && problems[1].contains("_at"));
    assert!(problems[2].contains("registry.voters.tracker"));
}
