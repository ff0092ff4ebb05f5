//! Issuing credentials (DESIGN.md §2, `docs/protocol.md` §7): per voter a fresh code, the
//! verifier of its login token (for the registry) and one public key per election (for the
//! ballot box). Stretching a code costs a PBKDF2 of 20 000 iterations, so voters are spread over
//! every core.
//!
//! The public keys come back per election as sorted sets, not next to their voter, so that what
//! goes to the ballot box cannot be put back in the registry's order.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use urne_crypto::CredentialCode;
use zeroize::Zeroizing;

/// One voter to issue a credential for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// The caller's key for the voter (row id or matricule), returned with the code.
    pub key: String,
    /// The `election_uid`s the voter votes in.
    pub elections: Vec<String>,
}

/// One voter's new code and login verifier. The code is zeroized when dropped.
pub struct IssuedCode {
    /// The caller's key for the voter.
    pub key: String,
    /// The code, as printed ("XXXXXX-XXXXXX-XXXXXX").
    pub code: Zeroizing<String>,
    /// The verifier of the login token, for the registry.
    pub login_verifier: [u8; 32],
}

impl core::fmt::Debug for IssuedCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IssuedCode")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Everything a batch of issuance produced.
#[derive(Debug, Default)]
pub struct Issued {
    /// The codes, one per recipient, in their order.
    pub codes: Vec<IssuedCode>,
    /// Per election, the public keys, sorted.
    pub public_keys: BTreeMap<String, BTreeSet<[u8; 32]>>,
}

/// The material derived from one code.
pub struct Derived {
    /// The verifier of the login token.
    pub login_verifier: [u8; 32],
    /// One public key per election, in the order given.
    pub public_keys: Vec<[u8; 32]>,
}

/// Derives what the registry and the ballot box need from a code (one PBKDF2).
pub fn derive(code: &CredentialCode, scrutin_uid: &str, elections: &[String]) -> Derived {
    let seed = code.seed(scrutin_uid);
    Derived {
        login_verifier: seed.login_token().verifier(),
        public_keys: elections
            .iter()
            .map(|election| seed.election_keys(election).public_key().compressed().0)
            .collect(),
    }
}

/// One voter's result, filled by whichever thread took them.
type Slot = Mutex<Option<(IssuedCode, Vec<[u8; 32]>)>>;

/// Draws a code per recipient and derives its material, on `threads` threads (0: every core).
/// `progress` is called with the number of voters done so far, from any thread.
pub fn issue(
    scrutin_uid: &str,
    recipients: &[Recipient],
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Issued {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    };
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Slot> = recipients.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut rng = rand::rngs::OsRng;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(recipient) = recipients.get(i) else {
                        break;
                    };
                    let code = CredentialCode::generate(&mut rng);
                    let derived = derive(&code, scrutin_uid, &recipient.elections);
                    let issued = IssuedCode {
                        key: recipient.key.clone(),
                        code: code.to_text(),
                        login_verifier: derived.login_verifier,
                    };
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some((issued, derived.public_keys));
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    let mut out = Issued::default();
    // Every slot is filled: a thread that panicked would have made the scope panic.
    for (recipient, slot) in recipients.iter().zip(slots) {
        let Some((issued, keys)) = slot.into_inner().unwrap_or_else(PoisonError::into_inner) else {
            continue;
        };
        for (election, key) in recipient.elections.iter().zip(keys) {
            out.public_keys
                .entry(election.clone())
                .or_default()
                .insert(key);
        }
        out.codes.push(issued);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipients(n: usize) -> Vec<Recipient> {
        (0..n)
            .map(|i| Recipient {
                key: format!("M{i}"),
                elections: if i % 2 == 0 {
                    vec!["tit".to_owned(), "sup".to_owned()]
                } else {
                    vec!["tit".to_owned()]
                },
            })
            .collect()
    }

    #[test]
    fn every_voter_gets_a_distinct_code_and_a_key_per_election() {
        let count = AtomicUsize::new(0);
        let issued = issue("S1", &recipients(7), 3, &|n| {
            count.fetch_max(n, Ordering::Relaxed);
        });
        assert_eq!(count.load(Ordering::Relaxed), 7);
        assert_eq!(issued.codes.len(), 7);
        let keys: Vec<&str> = issued.codes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["M0", "M1", "M2", "M3", "M4", "M5", "M6"]);
        let verifiers: BTreeSet<[u8; 32]> = issued.codes.iter().map(|c| c.login_verifier).collect();
        assert_eq!(verifiers.len(), 7);
        assert_eq!(issued.public_keys["tit"].len(), 7);
        assert_eq!(issued.public_keys["sup"].len(), 4);
    }

    #[test]
    fn the_printed_code_derives_the_stored_verifier_and_keys() {
        let issued = issue("S1", &recipients(2), 1, &|_| {});
        for (code, recipient) in issued.codes.iter().zip(recipients(2)) {
            let parsed = CredentialCode::parse(&code.code).unwrap();
            let derived = derive(&parsed, "S1", &recipient.elections);
            assert_eq!(derived.login_verifier, code.login_verifier);
            for (election, key) in recipient.elections.iter().zip(&derived.public_keys) {
                assert!(issued.public_keys[election].contains(key));
            }
            // Another scrutin's salt gives another verifier.
            assert_ne!(
                derive(&parsed, "S2", &[]).login_verifier,
                code.login_verifier
            );
        }
    }
}
