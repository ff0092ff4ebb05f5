//! The voter file: import, every error reported at once with nothing stored, re-import with a
//! diff, and a file of 50 000 lines.

use urne_setup::sample_voter_csv;

use crate::{
    attribute_after, diff_summary, import_voters, known, on_postgres, set_up, table_rows, unescape,
    voter_total, Client, Server, ORGANISER,
};

/// Columns of the sample file (`sample_voter_csv`), by index.
const LAST_NAME: usize = 2;
const BIRTH: usize = 4;
const ESTABLISHMENT: usize = 5;
const COLLEGE: usize = 6;
const ENTRY: usize = 7;

/// `csv` with cell `column` of physical line `line` (1-based, the header is line 1) replaced.
fn edit(csv: &str, edits: &[(usize, usize, &str)]) -> String {
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    for &(line, column, value) in edits {
        let mut cells: Vec<&str> = lines[line - 1].split(';').collect();
        cells[column] = value;
        lines[line - 1] = cells.join(";");
    }
    lines.join("\n") + "\n"
}

/// `csv` without physical line `line`.
fn without(csv: &str, line: usize) -> String {
    csv.lines()
        .enumerate()
        .filter(|(i, _)| i + 1 != line)
        .map(|(_, l)| format!("{l}\n"))
        .collect()
}

/// Uploads `csv` and expects it refused; returns the (line, column) of each error shown.
fn refused(admin: &Client, csv: &str) -> Vec<(String, String)> {
    let reply = admin.upload(
        "/admin/voters",
        "/admin/voters/preview",
        &[],
        "electeurs.csv",
        csv.as_bytes(),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(unescape(reply.text()).contains("rien n'a été enregistré"));
    table_rows(reply.text(), r#"<table id="errors">"#)
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

#[test]
fn voter_import_on_sqlite() {
    voter_import(&Server::sqlite("voter_import"));
}

#[test]
fn voter_import_on_postgres() {
    on_postgres("voter_import", voter_import);
}

fn voter_import(server: &Server) {
    let admin = server.logged_in(ORGANISER);
    set_up(&admin);
    assert_eq!(voter_total(&admin), 0);
    let csv = sample_voter_csv(40, &known(), 5);
    import_voters(&admin, &csv, [40, 0, 0, 0]);
    assert_eq!(voter_total(&admin), 40);
    let page = admin.get("/admin/voters?applied=40,0,0");
    assert!(page.text().contains("M000040"), "{}", page.text());
    assert!(admin
        .get("/admin")
        .text()
        .contains("40 électeurs inscrits."));

    // Three bad lines: all three reported, nothing stored.
    let bad = edit(
        &csv,
        &[
            (4, BIRTH, "31/02/1980"),
            (11, ESTABLISHMENT, "NANTES"),
            (30, COLLEGE, "9"),
        ],
    );
    let errors = refused(&admin, &bad);
    let lines: Vec<&str> = errors.iter().map(|(line, _)| line.as_str()).collect();
    assert_eq!(lines, ["4", "11", "30"], "{errors:?}");
    assert_eq!(voter_total(&admin), 40);

    // A re-import without M000005 and with M000010 renamed: the diff first, then applied.
    let next = edit(&without(&csv, 6), &[(10, LAST_NAME, "Nouveau-Nom")]);
    let preview = admin.upload(
        "/admin/voters",
        "/admin/voters/preview",
        &[],
        "electeurs-v2.csv",
        next.as_bytes(),
    );
    assert_eq!(preview.status, 200, "{}", preview.text());
    assert_eq!(diff_summary(preview.text()), [0, 1, 1, 38]);
    assert!(preview.text().contains("M000005"));
    assert!(
        preview.text().contains("M000010 — Nouveau-Nom"),
        "{}",
        preview.text()
    );
    // Until it is applied, nothing changes.
    assert_eq!(voter_total(&admin), 40);
    let token = attribute_after(preview.text(), r#"name="token" value=""#).unwrap();
    let apply = [("csrf", preview.csrf()), ("token", token)];
    let apply: Vec<(&str, &str)> = apply.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = admin.post_form("/admin/voters/apply", &apply);
    assert_eq!(reply.see_other(), "/admin/voters?applied=0,1,1");
    assert_eq!(voter_total(&admin), 39);
    let page = admin.get("/admin/voters");
    assert!(!page.text().contains("M000005"));
    assert!(page.text().contains("Nouveau-Nom"));
    // A confirmation is used once.
    let reply = admin.post_form("/admin/voters/apply", &apply);
    assert_eq!(reply.status, 404, "{}", reply.text());
    assert_eq!(voter_total(&admin), 39);
    // The same file again changes nothing.
    import_voters(&admin, &next, [0, 0, 0, 39]);
    assert_eq!(voter_total(&admin), 39);

    let journal = admin.get("/admin/journal");
    assert!(
        journal
            .text()
            .contains("electeurs-v2.csv: +0 -1 ~1 (0 codes revoked)"),
        "{}",
        journal.text()
    );
}

#[test]
fn a_voter_file_needs_the_set_up_first() {
    let server = Server::sqlite("voters_before_setup");
    let admin = server.logged_in(ORGANISER);
    let csv = sample_voter_csv(3, &known(), 1);
    let reply = admin.upload(
        "/admin/voters",
        "/admin/voters/preview",
        &[],
        "e.csv",
        csv.as_bytes(),
    );
    assert_eq!(reply.status, 400);
    assert!(
        unescape(reply.text()).contains("Créez d'abord"),
        "{}",
        reply.text()
    );
}

#[test]
fn fifty_thousand_voters_on_sqlite() {
    fifty_thousand_voters(&Server::sqlite("voters_50k"));
}

#[test]
fn fifty_thousand_voters_on_postgres() {
    on_postgres("voters_50k", fifty_thousand_voters);
}

fn fifty_thousand_voters(server: &Server) {
    let admin = server.logged_in(ORGANISER);
    set_up(&admin);
    let csv = sample_voter_csv(50_000, &known(), 42);
    let bad = edit(
        &csv,
        &[
            (8, BIRTH, "31/02/1980"),
            (1_235, ESTABLISHMENT, "NANTES"),
            (20_001, COLLEGE, "9"),
            (33_334, ENTRY, "bientôt"),
            (50_001, LAST_NAME, ""),
        ],
    );
    let errors = refused(&admin, &bad);
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|(line, column)| (line.as_str(), column.split(' ').next().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            ("8", "E"),
            ("1235", "F"),
            ("20001", "G"),
            ("33334", "H"),
            ("50001", "C")
        ],
        "{errors:?}"
    );
    assert_eq!(voter_total(&admin), 0, "nothing stored");

    import_voters(&admin, &csv, [50_000, 0, 0, 0]);
    assert_eq!(voter_total(&admin), 50_000);
    assert_eq!(
        server
            .block_on(server.stores.registry.voter_total())
            .unwrap(),
        50_000
    );
}
