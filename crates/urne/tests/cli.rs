//! The `urne` binary as a user runs it: `demo` goes through a whole election and its decrypted
//! result matches the simulated voters' choices; `bench --json` and `bench import --json` report
//! every figure the issues ask for (values are measured, so only their presence and sanity are
//! checked, never speed); `staff add`, `import voters` and `serve` work on a temporary
//! installation configured by `URNE_*` variables, on SQLite and, with `URNE_TEST_PG`, PostgreSQL.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

use std::process::Command;

mod site;
use site::{urne_server_env_vars, Site};

fn urne(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_urne"))
        .args(args)
        .output()
        .expect("run urne");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn demo_runs_a_whole_election() {
    let (code, out, err) = urne(&["simulate", "--voters", "7", "--seed", "42"]);
    assert_eq!(code, 0, "{err}");
    for step in [
        "1. Cérémonie",
        "3. Vote",
        "4. Checking",
        "5. Tally",
        "6. Dépouillement",
        "7. Résultat",
    ] {
        assert!(out.contains(step), "missing step {step}:\n{out}");
    }
    assert!(out.contains("7 accepted, 0 rejected"), "{out}");
    assert!(out.contains("votants                          7"), "{out}");
    assert!(
        out.contains("The decrypted counts equal the choices"),
        "{out}"
    );
    // Same seed, same election.
    let (_, again, _) = urne(&["simulate", "--voters", "7", "--seed", "42"]);
    assert_eq!(out, again);
}

#[test]
fn bad_usage_exits_2_and_failure_exits_1() {
    let (code, _, err) = urne(&["simulate", "--voters", "many"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = urne(&["simulate", "--voters", "0"]);
    assert_eq!(code, 1);
    assert!(err.contains("--voters must be at least 1"), "{err}");
    let (code, _, err) = urne(&["simulate", "--members", "3", "--threshold", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("threshold"), "{err}");
}

#[test]
fn help_lists_the_subcommands() {
    let (code, out, _) = urne(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("demo") && out.contains("bench") && out.contains("Exit codes"),
        "{out}"
    );
}

#[test]
fn bench_json_has_every_figure() {
    let (code, out, err) = urne(&["bench", "--ballots", "24", "--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    for key in [
        "encrypt_ms_5x8",
        "verify_ms_5x8",
        "batch_verify_ms_per_ballot_5x8",
        "encrypt_ms_8x30",
        "ballot_bytes_5x8",
        "scalar_mul_us",
        "msm_us_per_point",
        "bound_verify_ms_5x8",
        "tally_ms",
        "decrypt_ms",
    ] {
        let value = report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing in {report}"));
        assert!(value > 0.0, "{key} = {value}");
    }
    assert_eq!(report["ballot_bytes_5x8"], 14_720);
    assert_eq!(report["ballots"], 24);
}

fn urne_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_urne"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run urne");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait for urne");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn shared_cases() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/rules/cases");
    assert!(
        path.is_dir(),
        "{} not found: the golden cases live in shared/, beside the repository",
        path.display()
    );
    path.display().to_string()
}

/// `../shared/rules/README.md` §3: every golden case passes.
#[test]
fn rules_golden_cases_all_pass() {
    let (code, out, err) = urne(&["rules", "check", &shared_cases()]);
    assert!(out.trim_end().ends_with(" 0 failed"), "{out}{err}");
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn rules_check_reports_the_first_mismatch_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("urne-rules-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = r#"{"id": "wrong", "kind": "quorum", "input": {"inscrits": 100, "sve": 50},
                  "expected": {"quorum": {"reached": false}}}"#;
    std::fs::write(dir.join("wrong.json"), case).unwrap();
    std::fs::write(dir.join("renamed.json"), case).unwrap();
    let (code, out, _) = urne(&["rules", "check", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1);
    assert!(out.contains("FAIL wrong /quorum/reached "), "{out}");
    assert!(
        out.contains("FAIL wrong / "),
        "the id differs from renamed.json: {out}"
    );
    assert!(out.ends_with("0 passed, 2 failed\n"), "{out}");
    let (code, _, _) = urne(&["rules", "check", "/nonexistent/cases"]);
    assert_eq!(code, 2);
}

/// `../shared/rules/README.md` §4: invalid input exits 2, prints nothing on stdout and names the
/// field.
#[test]
fn rules_bad_input_names_the_field_and_exits_2() {
    let cases = [
        (
            "allocate",
            r#"{"seats": 2, "lists": [{"id": "A", "votes": -3}]}"#,
            "lists[0].votes",
        ),
        (
            "allocate",
            r#"{"seats": 5, "sve": 100, "lists": [{"id": "A", "votes": 60, "candidates": 2}, {"id": "B", "votes": 40, "candidates": 1}], "options": {"surplus_seats": "redistribute"}}"#,
            "seats",
        ),
        (
            "allocate",
            r#"{"seats": 2, "lists": [{"id": "A", "votes": 3}, {"id": "A", "votes": 4}]}"#,
            "lists[1].id",
        ),
        ("quorum", r#"{"sve": 10}"#, "inscrits"),
        (
            "parity",
            r#"{"college": {"women": 5, "men": 5}, "submitted_list": ["F", "X"]}"#,
            "submitted_list[1]",
        ),
        ("seats", r#"{"headcount": "many"}"#, "headcount"),
        (
            "ratures",
            r#"{"list_ballots": 10, "seats_won": 1, "candidates": [{"id": "a", "ratures": 11}]}"#,
            "candidates[0].ratures",
        ),
        ("seats", r#"{"headcount": 12"#, "malformed JSON"),
    ];
    for (command, input, field) in cases {
        let (code, out, err) = urne_stdin(&["rules", command], input);
        assert_eq!(code, 2, "{command} {input}: {out}{err}");
        assert!(out.is_empty(), "{command}: stdout must be empty: {out}");
        assert!(
            err.starts_with("error: ") && err.contains(field),
            "{command} {input}: {err}"
        );
    }
}

#[test]
fn rules_calculator_reads_a_file_and_writes_json() {
    let (code, out, err) = urne_stdin(&["rules", "seats", "-"], r#"{"headcount": 24.5}"#);
    assert_eq!(code, 0, "{err}");
    let output: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(output["titulaires"], 1);
    assert_eq!(output["band"]["to"], 24);
}

#[test]
fn staff_add_creates_accounts_and_refuses_bad_ones() {
    for site in Site::all("staff") {
        let (code, out, err) = site.urne(
            &[
                "staff",
                "add",
                "alice",
                "--name",
                "Alice Martin",
                "--role",
                "organisateur",
            ],
            "",
            Some("élections2027"),
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("Account created: alice (organisateur)"),
            "{out}"
        );
        // From stdin this time, for a délégué whose union is created on the way.
        let (code, out, err) = site.urne(
            &[
                "staff", "add", "bob", "--name", "Bob", "--role", "delegue", "--union", "CFDT",
            ],
            "Correct horse battery\n",
            None,
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            err.contains("URNE_STAFF_PASSWORD"),
            "the prompt names the variable: {err}"
        );
        Site::block_on(async {
            let registry = site.stores().await.registry;
            assert!(registry.has_organisateur().await.unwrap());
            let bob = registry.staff_by_login("bob").await.unwrap().unwrap();
            assert!(bob.union_id.is_some());
            assert!(urne_server::password::verify_password(
                "Correct horse battery",
                &bob.password_phc
            ));
            let journal = registry
                .journal_entries(urne_store::registry::JournalKind::Setup, 10)
                .await
                .unwrap();
            assert_eq!(journal.len(), 2, "{journal:?}");
            assert_eq!(journal[0].actor, "urne (ligne de commande)");
        });
        // Taken login, weak password: failures (1). Délégué without union, union for another
        // role: bad usage (2).
        let (code, _, err) = site.urne(
            &["staff", "add", "alice", "--name", "A", "--role", "bvc"],
            "",
            Some("élections2027"),
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("already exists"), "{err}");
        let (code, _, err) = site.urne(
            &["staff", "add", "carol", "--name", "C", "--role", "bvc"],
            "",
            Some("password"),
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("at least 12 characters"), "{err}");
        let (code, _, _) = site.urne(
            &["staff", "add", "dan", "--name", "D", "--role", "delegue"],
            "",
            Some("élections2027"),
        );
        assert_eq!(code, 2);
        let (code, _, err) = site.urne(
            &[
                "staff", "add", "eve", "--name", "E", "--role", "bve", "--union", "CGT",
            ],
            "",
            Some("élections2027"),
        );
        assert_eq!(code, 2, "{err}");
        Site::block_on(async {
            let registry = site.stores().await.registry;
            assert_eq!(registry.staff().await.unwrap().len(), 2);
        });
    }
}

#[test]
fn import_voters_shows_the_diff_and_applies_it() {
    for site in Site::all("import") {
        let known = site.organisation();
        let file = site.dir.join("electeurs.csv");
        let csv = urne_setup::sample_voter_csv(30, &known, 7);
        std::fs::write(&file, &csv).unwrap();
        let file = file.to_str().unwrap();

        // Declined at the prompt: nothing stored.
        let (code, out, err) = site.urne(&["import", "voters", file], "n\n", None);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("added: 30"), "{out}");
        assert!(out.contains("Nothing was applied"), "{out}");
        assert!(err.contains("Apply? [o/N]"), "{err}");
        assert_eq!(site.voter_total(), 0);

        let (code, out, err) = site.urne(&["import", "voters", file, "--yes"], "", None);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("Read: 30"), "{out}");
        assert!(out.contains("+ M000001 "), "examples are shown: {out}");
        assert!(out.contains("Imported: 30 ajoutés / added"), "{out}");
        assert_eq!(site.voter_total(), 30);

        // Again without the last line, answering yes: one voter removed.
        let shorter: String = csv.lines().take(30).map(|l| format!("{l}\n")).collect();
        std::fs::write(file, shorter).unwrap();
        let (code, out, err) = site.urne(&["import", "voters", file], "oui\n", None);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("removed: 1, modifiés / changed: 0, inchangés / unchanged: 29"),
            "{out}"
        );
        assert!(out.contains("- M000030 "), "{out}");
        assert_eq!(site.voter_total(), 29);
        Site::block_on(async {
            let journal = site
                .stores()
                .await
                .registry
                .journal_entries(urne_store::registry::JournalKind::Setup, 10)
                .await
                .unwrap();
            assert_eq!(journal.len(), 2, "{journal:?}");
            assert!(
                journal[0].detail.ends_with(": +0 -1 ~0 (0 codes revoked)"),
                "{journal:?}"
            );
        });
    }
}

/// STYLE.md §4: an import reports every bad line and stores nothing.
#[test]
fn import_voters_with_a_bad_line_exits_1_and_stores_nothing() {
    for site in Site::all("badline") {
        let known = site.organisation();
        let csv = urne_setup::sample_voter_csv(5, &known, 7);
        let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
        // Line 3 of the file (the second voter): a birth date that does not exist; line 5: an
        // establishment the registry does not know.
        let fields: Vec<&str> = lines[2].split(';').collect();
        let mut bad = fields.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        bad[4] = "31/02/1990".to_owned();
        lines[2] = bad.join(";");
        lines[4] = lines[4].replacen(";PAR;", ";NULLEPART;", 1);
        let file = site.dir.join("bad.csv");
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
        let (code, out, err) = site.urne(
            &["import", "voters", file.to_str().unwrap(), "--yes"],
            "",
            None,
        );
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains("bad.csv:3:E"), "{err}");
        assert!(err.contains("bad.csv:5:"), "every error is reported: {err}");
        assert!(err.contains("31/02/1990"), "{err}");
        assert!(
            err.contains("rien n'a été enregistré / nothing was stored"),
            "{err}"
        );
        assert_eq!(site.voter_total(), 0);
    }
}

#[test]
fn import_voters_without_an_organisation_says_what_to_create() {
    for site in Site::all("noorg") {
        let file = site.dir.join("electeurs.csv");
        std::fs::write(
            &file,
            urne_setup::sample_voter_csv(2, &urne_setup::Known::default(), 1),
        )
        .unwrap();
        let (code, _, err) = site.urne(&["import", "voters", file.to_str().unwrap()], "", None);
        assert_eq!(code, 1);
        assert!(
            err.contains("Create the establishments and colleges first"),
            "{err}"
        );
    }
}

#[test]
fn serve_listens_and_says_how_to_create_the_organisateur() {
    use std::io::BufRead;
    let site = Site::all("serve").remove(0);
    let mut command = Command::new(env!("CARGO_BIN_EXE_urne"));
    for var in urne_server_env_vars() {
        command.env_remove(var);
    }
    let mut child = command
        .arg("serve")
        .env("URNE_DATA_DIR", &site.dir)
        .env("URNE_LISTEN", "127.0.0.1:0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    let mut second = String::new();
    stdout.read_line(&mut first).unwrap();
    stdout.read_line(&mut second).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        first.starts_with("urne écoute sur / listening on http://127.0.0.1:8080 (127.0.0.1:"),
        "{first}"
    );
    assert!(second.contains("No organisateur account"), "{second}");
    assert!(site.dir.join("secrets.toml").is_file());
    assert!(site.dir.join("registry.sqlite").is_file());
}

#[test]
fn serve_refuses_one_database_url_without_the_other() {
    let site = Site::all("half").remove(0);
    let mut command = Command::new(env!("CARGO_BIN_EXE_urne"));
    for var in urne_server_env_vars() {
        command.env_remove(var);
    }
    let (code, _, err) = command
        .arg("serve")
        .env("URNE_DATA_DIR", &site.dir)
        .env("URNE_REGISTRY_URL", "sqlite:///nonexistent/registry.sqlite")
        .output()
        .map(|o| {
            (
                o.status.code(),
                o.stdout,
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_eq!(code, Some(1));
    assert!(err.contains("give both or neither"), "{err}");
}

#[test]
fn bench_import_json_reports_each_phase() {
    let (code, out, err) = urne(&["bench", "import", "--voters", "2000", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(report["voters"], 2000);
    assert_eq!(report["pass"], true);
    for phase in ["import", "reimport_1pct"] {
        for key in ["parse_s", "diff_s", "apply_s", "total_s", "rows_per_s"] {
            let value = report["sqlite"][phase][key]
                .as_f64()
                .unwrap_or_else(|| panic!("sqlite.{phase}.{key} missing in {report}"));
            assert!(value > 0.0, "{phase}.{key} = {value}");
        }
    }
    assert_eq!(report["sqlite"]["import"]["added"], 2000);
    assert_eq!(report["sqlite"]["reimport_1pct"]["changed"], 20);
    if std::env::var("URNE_TEST_PG").is_ok_and(|u| !u.is_empty()) {
        assert_eq!(
            report["postgres"]["reimport_1pct"]["changed"], 20,
            "{report}"
        );
    }
}

#[test]
fn bench_letters_json_reports_the_batch() {
    let (code, out, err) = urne(&["bench", "letters", "--letters", "200", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(report["letters"], 200);
    assert_eq!(report["pass"], true);
    assert!(report["bytes"].as_u64().unwrap() > 200 * 1000, "{report}");
}

#[test]
fn receipt_checks_a_saved_receipt_against_the_records_key() {
    use urne_crypto::signing::SigningKey;
    use urne_record::receipt::Receipt;
    let key = SigningKey::from_seed(&[3; 32]);
    let signed = Receipt {
        cast_at: "2027-01-04T09:15Z".to_owned(),
        election: "e-1".to_owned(),
        scrutin: "s-1".to_owned(),
        tracker: "cd".repeat(32),
    }
    .sign(&key, &mut rand::rngs::OsRng);
    let saved = String::from_utf8(signed.to_bytes()).unwrap();
    let dir = std::env::temp_dir().join(format!("urne-cli-receipt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, format!("[{saved}]")).unwrap();
    let edited = dir.join("edited.json");
    std::fs::write(&edited, format!("[{}]", saved.replace("09:15", "09:16"))).unwrap();
    let public = hex::encode(key.verifying_key().0);
    let (code, out, err) = urne(&["receipt", good.to_str().unwrap(), "--key", &public]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok") && out.contains("tracker cdcd"), "{out}");
    let (code, out, _) = urne(&["receipt", edited.to_str().unwrap(), "--key", &public]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("INVALID"), "{out}");
    let other = hex::encode(SigningKey::from_seed(&[4; 32]).verifying_key().0);
    let (code, _, _) = urne(&["receipt", good.to_str().unwrap(), "--key", &other]);
    assert_eq!(code, 1);
    let (code, _, err) = urne(&["receipt", good.to_str().unwrap(), "--key", "zz"]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
