//! What a verification found: each check of `docs/protocol.md` §10 passed, failed (with every
//! item at fault) or not reached, and a summary of the record. Written as text for people and
//! as JSON for programs.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{json, Value};

/// A numbered check of `docs/protocol.md` §10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Check(pub u8);

/// Each check's number and what it checks, in a few words.
const TITLES: [&str; 24] = [
    "manifests: canonical, fingerprints, shapes",
    "record: archive, order and hash chain",
    "seal",
    "ceremony parameters and context",
    "announcements",
    "dealings",
    "complaints",
    "qualified members",
    "election key and verification keys",
    "confirmations",
    "credential lists",
    "ballots decode",
    "ballot proofs and signatures",
    "credential membership",
    "one ballot per credential",
    "trackers and batches",
    "encrypted tallies",
    "decryption shares",
    "enough shares",
    "combination",
    "counts in range",
    "counts consistent",
    "published counts",
    "results recomputed",
];

impl Check {
    /// Every check, in order.
    pub fn all() -> impl Iterator<Item = Check> {
        (1..=TITLES.len() as u8).map(Check)
    }

    /// What the check covers.
    pub fn title(self) -> &'static str {
        TITLES
            .get(usize::from(self.0).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    }
}

impl core::fmt::Display for Check {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "V{}", self.0)
    }
}

/// One failure: the check, the item at fault, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The check that failed.
    pub check: Check,
    /// The item: an event, a member, a ballot (batch, position, tracker), a proof.
    pub item: String,
    /// What is wrong.
    pub message: String,
}

/// A check's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Made, nothing wrong.
    Passed,
    /// Made, something wrong.
    Failed,
    /// Not made: the record does not reach it yet (voting still open, count not published).
    NotRun,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::NotRun => "not-run",
        }
    }
}

/// One election's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElectionSummary {
    /// The election's uid.
    pub election: String,
    /// Its fingerprint, hex.
    pub fingerprint: String,
    /// Keys in its credential list, by origin: server, authority, recovery.
    pub credentials: [u64; 3],
    /// Ballots in the record.
    pub ballots: u64,
    /// Ballots accepted.
    pub accepted: u64,
    /// Ballots taken as verified because they come before `--since`.
    pub trusted: u64,
    /// Whether its result was published and checked.
    pub counted: bool,
}

/// What a verification found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The record's identifier.
    pub record: String,
    /// Events read.
    pub events: u64,
    /// The last event's hash, hex.
    pub head: String,
    /// Per election.
    pub elections: Vec<ElectionSummary>,
    /// Every failure.
    pub findings: Vec<Finding>,
    /// Checks made.
    pub run: BTreeSet<Check>,
    /// What the reader should know that is not a failure (what could not be checked, and why).
    pub notes: Vec<String>,
}

impl Report {
    /// Records a failure of `check`.
    pub fn fail(&mut self, check: u8, item: impl Into<String>, message: impl Into<String>) {
        self.run.insert(Check(check));
        self.findings.push(Finding {
            check: Check(check),
            item: item.into(),
            message: message.into(),
        });
    }

    /// Records that `check` was made.
    pub fn ran(&mut self, check: u8) {
        self.run.insert(Check(check));
    }

    /// Whether every check made passed.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }

    /// The checks that failed.
    pub fn failed(&self) -> BTreeSet<Check> {
        self.findings.iter().map(|f| f.check).collect()
    }

    /// A check's outcome.
    pub fn status(&self, check: Check) -> Status {
        if self.findings.iter().any(|f| f.check == check) {
            Status::Failed
        } else if self.run.contains(&check) {
            Status::Passed
        } else {
            Status::NotRun
        }
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        let checks: Vec<Value> = Check::all()
            .map(|c| {
                let failures: Vec<Value> = self
                    .findings
                    .iter()
                    .filter(|f| f.check == c)
                    .map(|f| json!({"item": f.item, "message": f.message}))
                    .collect();
                json!({
                    "check": c.to_string(),
                    "title": c.title(),
                    "status": self.status(c).as_str(),
                    "failures": failures,
                })
            })
            .collect();
        let elections: Vec<Value> = self
            .elections
            .iter()
            .map(|e| {
                json!({
                    "election": e.election,
                    "fingerprint": e.fingerprint,
                    "credentials": {
                        "server": e.credentials[0],
                        "authority": e.credentials[1],
                        "recovery": e.credentials[2],
                    },
                    "ballots": e.ballots,
                    "accepted": e.accepted,
                    "trusted": e.trusted,
                    "counted": e.counted,
                })
            })
            .collect();
        json!({
            "record": self.record,
            "events": self.events,
            "head": self.head,
            "ok": self.ok(),
            "elections": elections,
            "checks": checks,
            "notes": self.notes,
        })
    }

    /// The report as text, for people.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "record {}: {} events, head {}",
            self.record, self.events, self.head
        );
        for e in &self.elections {
            let [server, authority, recovery] = e.credentials;
            let _ = writeln!(
                out,
                "  election {}: {} ballots, {} accepted{}; credentials {} server, {} authority, {} recovery; {}",
                e.election,
                e.ballots,
                e.accepted,
                if e.trusted > 0 {
                    format!(" ({} before --since, proofs not re-checked)", e.trusted)
                } else {
                    String::new()
                },
                server,
                authority,
                recovery,
                if e.counted { "result checked" } else { "no result yet" },
            );
        }
        for c in Check::all() {
            let status = self.status(c);
            let _ = writeln!(
                out,
                "{:>4}  {:<8} {}",
                c.to_string(),
                status.as_str(),
                c.title()
            );
            for f in self.findings.iter().filter(|f| f.check == c) {
                let _ = writeln!(out, "        {}: {}", f.item, f.message);
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        let _ = writeln!(
            out,
            "{}",
            if self.ok() {
                "RESULT: every check made passed".to_owned()
            } else {
                format!(
                    "RESULT: {} failure(s) in {}",
                    self.findings.len(),
                    self.failed()
                        .iter()
                        .map(Check::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        out
    }
}
