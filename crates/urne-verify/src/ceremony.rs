//! The key ceremony (V4–V10): its parameters and context, then, when the bureau's key is
//! published, every message judged again from the record alone and the outcome recomputed.

use rand_core::OsRng;
use urne_crypto::dkg::{check_announcements, DkgError};
use urne_record::bureau::BureauKey;
use urne_record::ceremony::{context, CeremonySetup};
use urne_record::kind;

use crate::stream::Event;
use crate::verifier::{Phase, Verifier};

/// The step of a ceremony message, from 1.
fn step(kind: &str) -> u8 {
    match kind {
        kind::CEREMONY_ANNOUNCEMENT => 1,
        kind::CEREMONY_DEALING => 2,
        kind::CEREMONY_COMPLAINTS => 3,
        _ => 4,
    }
}

/// The check a step's messages fall under.
fn check_of_step(step: u8) -> u8 {
    match step {
        1 => 5,
        2 => 6,
        3 => 7,
        _ => 10,
    }
}

impl Verifier {
    pub(crate) fn ceremony_setup(&mut self, event: &Event) {
        self.report.ran(4);
        let item = Self::item(event);
        if self.phase != Phase::Manifests || self.elections.is_empty() {
            self.report
                .fail(2, &item, "the ceremony opens once, after the manifests");
        }
        self.phase = self.phase.max(Phase::Ceremony);
        let setup = match CeremonySetup::from_bytes(&event.payload) {
            Ok(setup) => setup,
            Err(e) => return self.report.fail(4, item, e.to_string()),
        };
        let fingerprints: Vec<_> = self.elections.iter().map(|e| e.fingerprint).collect();
        if setup.context != hex::encode(context(&self.record, &fingerprints)) {
            self.report.fail(
                4,
                &item,
                "the context is not the one of the record and its manifests (§13.5)",
            );
        }
        self.ceremony = Some(setup);
    }

    pub(crate) fn ceremony_message(&mut self, event: &Event) {
        let item = Self::item(event);
        let step = step(&event.kind);
        if self.phase != Phase::Ceremony {
            self.report
                .fail(2, &item, "a ceremony message outside the ceremony");
        }
        if step < self.ceremony_step {
            self.report
                .fail(2, &item, "out of order: after a message of a later step");
        }
        self.ceremony_step = self.ceremony_step.max(step);
        self.report.ran(check_of_step(step));
        if let Err(e) = self.messages.push(&event.kind, &event.payload) {
            self.report.fail(check_of_step(step), item, e.to_string());
        }
    }

    pub(crate) fn bureau_key(&mut self, event: &Event) {
        let item = Self::item(event);
        if self.phase != Phase::Ceremony {
            self.report
                .fail(2, &item, "the bureau's key comes once, after the ceremony");
        }
        self.phase = Phase::Keyed;
        let published = match BureauKey::from_bytes(&event.payload) {
            Ok(key) => key,
            Err(e) => return self.report.fail(9, item, e.to_string()),
        };
        self.bureau = Some(published.clone());
        for check in 5..=10 {
            self.report.ran(check);
        }
        let Some(setup) = self.ceremony.clone() else {
            return self
                .report
                .fail(4, item, "no ceremony event before the key");
        };
        let Ok(params) = setup.params() else {
            return; // already reported by V4
        };
        let mut rng = OsRng;
        if let Err(e) = check_announcements(&params, &self.messages.announcements, &mut rng) {
            return self.report.fail(5, item, e.to_string());
        }
        let outcome = match self.messages.outcome(&params, &mut rng) {
            Ok(outcome) => outcome,
            Err(e) => {
                let check = match e {
                    DkgError::Parameters => 4,
                    DkgError::Member(_) => 6,
                    DkgError::Complaint { .. } => 7,
                    DkgError::TooFewQualified(_) => 8,
                    _ => 9,
                };
                return self.report.fail(check, item, e.to_string());
            }
        };
        for (dealer, why) in &outcome.disqualified {
            self.report.notes.push(format!(
                "ceremony: member {dealer} disqualified as a dealer ({why})"
            ));
        }
        let recomputed = BureauKey::from_outcome(setup.members, &outcome);
        if published.members != setup.members || published.threshold != setup.threshold {
            self.report
                .fail(9, &item, "members or threshold differ from the ceremony's");
        }
        if published.election_key != recomputed.election_key {
            self.report.fail(
                9,
                &item,
                format!(
                    "election key {} is not the ceremony's {}",
                    published.election_key, recomputed.election_key
                ),
            );
        }
        for (j, (a, b)) in published
            .verification_keys
            .iter()
            .zip(&recomputed.verification_keys)
            .enumerate()
        {
            if a != b {
                self.report.fail(
                    9,
                    &item,
                    format!("member {}'s verification key is not the ceremony's", j + 1),
                );
            }
        }
        if published.verification_keys.len() != recomputed.verification_keys.len() {
            self.report
                .fail(9, &item, "not one verification key per member");
        }
        let mut confirmed = Vec::new();
        for confirmation in &self.messages.confirmations {
            let member = confirmation.member;
            if confirmed.contains(&member) {
                self.report
                    .fail(10, &item, format!("member {member} confirmed twice"));
            }
            confirmed.push(member);
            if outcome
                .check_confirmation(&params, confirmation, &mut rng)
                .is_err()
            {
                self.report.fail(
                    10,
                    &item,
                    format!("member {member}'s confirmation does not verify"),
                );
            }
        }
        if confirmed.len() < setup.members as usize {
            self.report.notes.push(format!(
                "ceremony: {} of {} members confirmed their share",
                confirmed.len(),
                setup.members
            ));
        }
    }
}
