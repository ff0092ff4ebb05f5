//! The `urne` binary as a user runs it: `demo` goes through a whole election and its decrypted
//! result matches the simulated voters' choices; `bench --json` reports every figure the issue
//! asks for (values are measured, so only their presence and sanity are checked, never speed).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

use std::process::Command;

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
    let (code, out, err) = urne(&["demo", "--voters", "7", "--seed", "42"]);
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
    let (_, again, _) = urne(&["demo", "--voters", "7", "--seed", "42"]);
    assert_eq!(out, again);
}

#[test]
fn bad_usage_exits_2_and_failure_exits_1() {
    let (code, _, err) = urne(&["demo", "--voters", "many"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = urne(&["demo", "--voters", "0"]);
    assert_eq!(code, 1);
    assert!(err.contains("--voters must be at least 1"), "{err}");
    let (code, _, err) = urne(&["demo", "--members", "3", "--threshold", "1"]);
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
