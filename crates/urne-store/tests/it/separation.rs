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

        let registry_columns: std::collections::BTreeSet<&str> =
            registry.iter().map(|(_, c)| c.as_str()).collect();
        for (table, column) in &ballot_box {
            if table == "schema_migrations" {
                continue;
            }
            assert!(
                !registry_columns.contains(column.as_str())
                    || SHARED_ALLOWED.contains(&column.as_str()),
                "ballot_box.{table}.{column} also exists in the registry"
            );
            for fragment in FORBIDDEN_IN_BALLOT_BOX {
                assert!(
                    !column.contains(fragment),
                    "ballot_box.{table}.{column} looks like it names who or when ({fragment})"
                );
            }
        }
        // The registry holds no ballot, tracker or credential public key.
        for (table, column) in &registry {
            for fragment in ["ballot", "tracker", "credential"] {
                assert!(
                    !table.contains(fragment) && !column.contains(fragment),
                    "registry.{table}.{column} holds ballot-box data ({fragment})"
                );
            }
        }
    })
    .await;
}

/// The check itself must be able to fail: a shared `id` column (a sequential id follows arrival
/// order in both stores) is caught.
#[test]
fn a_shared_sequential_id_would_be_caught() {
    assert!(!SHARED_ALLOWED.contains(&"id"));
    assert!(FORBIDDEN_IN_BALLOT_BOX
        .iter()
        .any(|f| "voted_at".contains(f)));
}
