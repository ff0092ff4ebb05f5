//! Which ballots enter the tally (`docs/protocol.md` §6.7): the credential is in the sealed list,
//! at most one ballot per credential, and the ballot verifies. The server applies it at casting,
//! the verifier to the whole record.

use std::collections::{HashMap, HashSet};

use rand_core::{CryptoRng, RngCore};

use crate::ballot::{verify_ballots_vartime, BallotContext, BallotError, EncryptedBallot};
use crate::credential::CredentialPublicKey;

/// Why a ballot is not counted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Its credential is not in the election's sealed credential list.
    UnknownCredential,
    /// An earlier ballot (index given) already used this credential.
    DuplicateCredential {
        /// Index of the first ballot with the credential.
        first: usize,
    },
    /// The ballot does not verify.
    Invalid(BallotError),
}

impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Rejection::UnknownCredential => f.write_str("credential not in the sealed list"),
            Rejection::DuplicateCredential { first } => {
                write!(f, "credential already used by ballot {first}")
            }
            Rejection::Invalid(error) => write!(f, "invalid ballot: {error}"),
        }
    }
}

impl std::error::Error for Rejection {}

/// Checks ballots against the sealed credential list, batch-verifies those with a known
/// credential, and keeps the first *valid* ballot of each credential (an invalid ballot does not
/// use up its credential). One result per ballot, in order.
pub fn check_ballots_vartime<R: RngCore + CryptoRng>(
    ctx: &BallotContext,
    sealed: &HashSet<CredentialPublicKey>,
    ballots: &[EncryptedBallot],
    rng: &mut R,
) -> Vec<Result<(), Rejection>> {
    let identity = CredentialPublicKey::from_bytes([0; 32]);
    let mut results: Vec<Result<(), Rejection>> = vec![Ok(()); ballots.len()];
    let mut known = Vec::with_capacity(ballots.len());
    for (index, ballot) in ballots.iter().enumerate() {
        let credential = CredentialPublicKey::from_bytes(ballot.credential().to_bytes());
        if credential == identity || !sealed.contains(&credential) {
            results[index] = Err(Rejection::UnknownCredential);
        } else {
            known.push(index);
        }
    }
    let candidates: Vec<&EncryptedBallot> = known.iter().map(|&i| &ballots[i]).collect();
    let mut first_use: HashMap<CredentialPublicKey, usize> = HashMap::with_capacity(known.len());
    for (index, result) in known
        .into_iter()
        .zip(verify_ballots_vartime(ctx, &candidates, rng))
    {
        let credential = CredentialPublicKey::from_bytes(ballots[index].credential().to_bytes());
        results[index] = match result {
            Err(error) => Err(Rejection::Invalid(error)),
            Ok(()) => match first_use.get(&credential) {
                Some(&first) => Err(Rejection::DuplicateCredential { first }),
                None => {
                    first_use.insert(credential, index);
                    Ok(())
                }
            },
        };
    }
    results
}
