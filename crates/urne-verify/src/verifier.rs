//! The verifier's state as it reads the record, event by event: what each kind of event must
//! follow (`docs/protocol.md` §14.4), the manifests (V1), the seal (V3) and the credential
//! lists (V11); the ceremony, the ballots and the count have modules of their own.

use std::collections::{HashMap, HashSet};

use urne_crypto::{BallotShape, Ciphertext, ElectionFingerprint};
use urne_record::bureau::BureauKey;
use urne_record::ceremony::{CeremonySetup, Messages};
use urne_record::credentials::{CredentialList, ORIGINS};
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::receipt::ServerKey;
use urne_record::results::ElectionResult;
use urne_record::seal::{manifests_part, Seal};
use urne_record::tally::{EncryptedTally, PartialDecryption};

use crate::report::{ElectionSummary, Report};
use crate::stream::Event;

/// Whether `payload` is JSON written canonically: parsed and written again (keys sorted by
/// `serde_json`'s map, compact), it gives the same bytes.
fn canonical_json(payload: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(payload)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok())
        .is_some_and(|again| again == payload)
}

/// One election, as far as the record has gone.
pub(crate) struct Election {
    pub manifest: Manifest,
    pub fingerprint: ElectionFingerprint,
    pub shape: Option<BallotShape>,
    /// The sealed credential list so far.
    pub credentials: HashSet<[u8; 32]>,
    /// Credentials of accepted ballots, with where their ballot is (event, position).
    pub used: HashMap<[u8; 32], (u64, u32)>,
    /// The sum of the accepted ballots' ciphertexts.
    pub sums: Vec<Ciphertext>,
    pub tally: Option<EncryptedTally>,
    pub shares: Vec<PartialDecryption>,
    pub result: Option<ElectionResult>,
    pub summary: ElectionSummary,
}

/// Where the record stands, for the order of §14.4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// Manifests (and credentials).
    Manifests,
    /// After `ceremony`: the members' messages.
    Ceremony,
    /// After `bureau`: the seal, the test's summary, ballots, the count.
    Keyed,
}

pub(crate) struct Verifier {
    pub record: String,
    pub report: Report,
    pub phase: Phase,
    pub elections: Vec<Election>,
    pub index: HashMap<String, usize>,
    /// Credential lists of elections with no manifest (carence): keys seen, to find duplicates.
    pub other_credentials: HashMap<String, HashSet<[u8; 32]>>,
    pub ceremony: Option<CeremonySetup>,
    pub ceremony_step: u8,
    pub messages: Messages,
    pub bureau: Option<BureauKey>,
    pub server_key: bool,
    pub ballots_seen: bool,
    /// Event hash up to which ballots are taken as verified (`--since`), and whether it was met.
    pub since: Option<[u8; 32]>,
    pub trusted: bool,
    pub threads: usize,
}

impl Verifier {
    pub(crate) fn new(since: Option<[u8; 32]>, threads: usize) -> Self {
        Verifier {
            record: String::new(),
            report: Report::default(),
            phase: Phase::Manifests,
            elections: Vec::new(),
            index: HashMap::new(),
            other_credentials: HashMap::new(),
            ceremony: None,
            ceremony_step: 0,
            messages: Messages::default(),
            bureau: None,
            server_key: false,
            ballots_seen: false,
            trusted: since.is_some(),
            since,
            threads,
        }
    }

    /// The item name of event `seq`.
    pub(crate) fn item(event: &Event) -> String {
        format!("event {} ({})", event.seq, event.kind)
    }

    /// Fails V2 unless the record is at `phase` or later.
    pub(crate) fn after(&mut self, event: &Event, phase: Phase, what: &str) -> bool {
        if self.phase < phase {
            self.report.fail(
                2,
                Self::item(event),
                format!("out of order: comes before {what}"),
            );
            return false;
        }
        true
    }

    /// The election an event names, or a V2 failure.
    pub(crate) fn election_of(&mut self, event: &Event, uid: &str) -> Option<usize> {
        let found = self.index.get(uid).copied();
        if found.is_none() {
            self.report.fail(
                2,
                Self::item(event),
                format!("election {uid:?} has no manifest"),
            );
        }
        found
    }

    /// Reads one event.
    pub(crate) fn event(&mut self, event: Event) {
        self.report.events += 1;
        if !canonical_json(&event.payload) {
            self.report.fail(
                2,
                Self::item(&event),
                "the payload is not canonical JSON (RFC 8785: keys sorted, no whitespace)",
            );
        }
        match event.kind.as_str() {
            kind::MANIFEST => self.manifest(&event),
            kind::CREDENTIALS => self.credentials(&event),
            kind::CEREMONY => self.ceremony_setup(&event),
            kind::CEREMONY_ANNOUNCEMENT
            | kind::CEREMONY_DEALING
            | kind::CEREMONY_COMPLAINTS
            | kind::CEREMONY_CONFIRMATION => self.ceremony_message(&event),
            kind::BUREAU => self.bureau_key(&event),
            kind::SERVER_KEY => self.server_key(&event),
            kind::SEAL => self.seal(&event),
            kind::BLANC => self.blanc(&event),
            kind::BALLOTS => self.ballots(&event),
            kind::TALLY => self.tally(&event),
            kind::DECRYPTION => self.decryption(&event),
            kind::RESULT => self.result(&event),
            kind::CLOSING => {
                self.after(&event, Phase::Keyed, "the bureau's key");
            }
            other => self
                .report
                .fail(2, Self::item(&event), format!("unknown kind {other:?}")),
        }
        if self.since == Some(event.hash) {
            self.trusted = false;
        }
    }

    fn manifest(&mut self, event: &Event) {
        self.report.ran(1);
        if self.phase != Phase::Manifests {
            self.report
                .fail(2, Self::item(event), "a manifest after the ceremony opened");
        }
        let manifest = match Manifest::from_bytes(&event.payload) {
            Ok(m) => m,
            Err(e) => return self.report.fail(1, Self::item(event), e.to_string()),
        };
        let shape = match manifest.shape() {
            Ok(shape) => Some(shape),
            Err(e) => {
                self.report
                    .fail(1, Self::item(event), format!("shape: {e}"));
                None
            }
        };
        if self.index.contains_key(&manifest.election) {
            return self.report.fail(
                1,
                Self::item(event),
                format!("a second manifest of election {:?}", manifest.election),
            );
        }
        let fingerprint = manifest.fingerprint();
        let credentials = self
            .other_credentials
            .remove(&manifest.election)
            .unwrap_or_default();
        let sums = shape.as_ref().map_or(Vec::new(), |s| {
            vec![Ciphertext::zero(); s.choice_count() + s.strike_count()]
        });
        self.index
            .insert(manifest.election.clone(), self.elections.len());
        self.elections.push(Election {
            summary: ElectionSummary {
                election: manifest.election.clone(),
                fingerprint: hex::encode(fingerprint.0),
                ..ElectionSummary::default()
            },
            manifest,
            fingerprint,
            shape,
            credentials,
            used: HashMap::new(),
            sums,
            tally: None,
            shares: Vec::new(),
            result: None,
        });
    }

    fn credentials(&mut self, event: &Event) {
        self.report.ran(11);
        let item = Self::item(event);
        let list = match CredentialList::from_bytes(&event.payload) {
            Ok(list) => list,
            Err(e) => return self.report.fail(11, item, e.to_string()),
        };
        let keys = list.key_bytes().unwrap_or_default();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            self.report
                .fail(11, &item, "keys are not sorted by their bytes, or repeat");
        }
        let origin = ORIGINS.iter().position(|o| *o == list.origin).unwrap_or(0);
        let set = match self.index.get(&list.election) {
            Some(&e) => {
                let election = &mut self.elections[e];
                if election.tally.is_some() {
                    self.report
                        .fail(2, &item, "credentials after the election's tally");
                }
                election.summary.credentials[origin] += keys.len() as u64;
                &mut election.credentials
            }
            None => self
                .other_credentials
                .entry(list.election.clone())
                .or_default(),
        };
        for key in keys {
            let point = curve25519_dalek::ristretto::CompressedRistretto(key).decompress();
            if key == [0; 32] || point.is_none() {
                self.report.fail(
                    11,
                    &item,
                    format!("key {} is not a valid credential", hex::encode(key)),
                );
            }
            if !set.insert(key) {
                self.report.fail(
                    11,
                    &item,
                    format!("key {} is already in the list", hex::encode(key)),
                );
            }
        }
    }

    fn server_key(&mut self, event: &Event) {
        self.after(event, Phase::Keyed, "the bureau's key");
        if self.server_key {
            self.report
                .fail(2, Self::item(event), "a second server key");
        }
        self.server_key = true;
        if let Err(e) = ServerKey::from_bytes(&event.payload) {
            self.report.fail(2, Self::item(event), e.to_string());
        }
    }

    fn before_ballots(&mut self, event: &Event) {
        self.after(event, Phase::Keyed, "the bureau's key");
        if self.ballots_seen {
            self.report.fail(
                2,
                Self::item(event),
                "out of order: after the first ballots",
            );
        }
    }

    fn seal(&mut self, event: &Event) {
        self.before_ballots(event);
        self.report.ran(3);
        let item = Self::item(event);
        let seal = match Seal::from_bytes(&event.payload) {
            Ok(seal) => seal,
            Err(e) => return self.report.fail(3, item, e.to_string()),
        };
        if !seal.is_consistent() {
            self.report
                .fail(3, &item, "the fingerprint is not its parts' (§13.8)");
        }
        let fingerprints: Vec<ElectionFingerprint> =
            self.elections.iter().map(|e| e.fingerprint).collect();
        if seal.manifests != manifests_part(&fingerprints) {
            self.report.fail(
                3,
                &item,
                "the manifests part is not the manifests' fingerprints",
            );
        }
    }

    fn blanc(&mut self, event: &Event) {
        self.before_ballots(event);
        if let Err(e) = urne_record::blanc::BlancSummary::from_bytes(&event.payload) {
            self.report.fail(2, Self::item(event), e.to_string());
        }
    }

    /// The report, once every event is read.
    pub(crate) fn finish(mut self) -> Report {
        if self.since.is_some() && self.trusted {
            self.report.notes.push(
                "the --since hash is no event of the record: every ballot was taken as verified"
                    .to_owned(),
            );
            self.report
                .fail(2, "--since", "no event of the record has this hash");
        }
        if self.phase < Phase::Keyed {
            self.report
                .notes
                .push("the key ceremony is not finished: no bureau key yet".to_owned());
        }
        for election in &mut self.elections {
            if election.tally.is_none() {
                self.report.notes.push(format!(
                    "election {}: no tally yet (voting not closed): ballots checked, count not",
                    election.manifest.election
                ));
            } else if election.result.is_none() {
                self.report.notes.push(format!(
                    "election {}: tallied, no result yet",
                    election.manifest.election
                ));
            }
            election.summary.counted = election.result.is_some();
            self.report.elections.push(election.summary.clone());
        }
        self.report.record = self.record;
        self.report
    }
}
