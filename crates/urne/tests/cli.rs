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
