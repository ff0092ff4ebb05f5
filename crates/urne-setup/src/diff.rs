//! What a new voter file changes in the registry: voters added, removed and changed, matched by
//! matricule.
//!
//! The organisateur sees this before confirming a re-import, so a file that drops half the staff
//! by mistake is caught before it replaces the list. Left out: applying the diff (the store's)
//! and deciding whether a change is still allowed (after the list is frozen, the server's).

use std::collections::BTreeMap;

use crate::model::Voter;

/// The difference between the stored voters and an incoming file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoterDiff {
    /// In the file, not stored; by matricule.
    pub added: Vec<Voter>,
    /// Stored, not in the file; by matricule.
    pub removed: Vec<Voter>,
    /// In both with some field changed: `(old, new, fields)`, fields named as by
    /// [`Voter::changed_fields`]; by matricule.
    pub changed: Vec<(Voter, Voter, Vec<&'static str>)>,
    /// In both, identical.
    pub unchanged: usize,
}

impl VoterDiff {
    /// Whether the file changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares `existing` with `incoming` by matricule. Every list comes out sorted by matricule,
/// whatever the input order. Should a matricule appear twice in one input (the reader refuses
/// that), its last occurrence counts.
pub fn diff_voters(existing: &[Voter], incoming: &[Voter]) -> VoterDiff {
    let old: BTreeMap<&str, &Voter> = existing.iter().map(|v| (v.matricule.as_str(), v)).collect();
    let new: BTreeMap<&str, &Voter> = incoming.iter().map(|v| (v.matricule.as_str(), v)).collect();
    let mut diff = VoterDiff::default();
    for (matricule, old_voter) in &old {
        match new.get(matricule) {
            None => diff.removed.push((*old_voter).clone()),
            Some(new_voter) => {
                let fields = old_voter.changed_fields(new_voter);
                if fields.is_empty() {
                    diff.unchanged += 1;
                } else {
                    diff.changed
                        .push(((*old_voter).clone(), (*new_voter).clone(), fields));
                }
            }
        }
    }
    diff.added = new
        .iter()
        .filter(|(matricule, _)| !old.contains_key(*matricule))
        .map(|(_, voter)| (*voter).clone())
        .collect();
    diff
}
