//! Integration tests of urne-crypto, one binary (STYLE.md §6): ballots and their negative cases,
//! a whole election with the key ceremony and threshold decryption, a property test of the tally,
//! and the known-answer test vectors of `docs/protocol.md` §11.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

mod ballot;
mod election;
mod vectors;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use urne_crypto::dkg::{
    Announcement, CeremonyOutcome, CeremonyParams, Complaint, Dealing, KeyShare, SecretSequence,
    TrusteeSecret,
};
use urne_crypto::{BallotShape, CredentialCode, CredentialKeys, ElectionFingerprint};

pub(crate) fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// Steps 1 and 2 of a key ceremony, all members honest: séquences, secrets, announcements,
/// dealings.
pub(crate) struct Dealt {
    pub(crate) sequences: Vec<SecretSequence>,
    pub(crate) trustees: Vec<TrusteeSecret>,
    pub(crate) announcements: Vec<Announcement>,
    pub(crate) dealings: Vec<Dealing>,
}

pub(crate) fn deal(params: &CeremonyParams, rng: &mut ChaCha20Rng) -> Dealt {
    let sequences: Vec<SecretSequence> = (0..params.members())
        .map(|_| SecretSequence::generate(rng))
        .collect();
    let trustees: Vec<TrusteeSecret> = sequences
        .iter()
        .zip(1..)
        .map(|(s, i)| s.trustee(params, i))
        .collect();
    let announcements: Vec<Announcement> =
        trustees.iter().map(|t| t.announce(params, rng)).collect();
    let dealings = trustees
        .iter()
        .map(|t| t.deal(params, &announcements, rng).unwrap())
        .collect();
    Dealt {
        sequences,
        trustees,
        announcements,
        dealings,
    }
}

/// A ceremony where dealer 2 sends member 3 a share with one flipped bit, and the complaints the
/// members publish after checking their shares.
pub(crate) fn cheating_dealer(
    params: &CeremonyParams,
    rng: &mut ChaCha20Rng,
) -> (Dealt, Vec<Complaint>) {
    let mut dealt = deal(params, rng);
    dealt.dealings[1].shares[2].masked[0] ^= 1;
    let complaints = dealt
        .trustees
        .iter()
        .flat_map(|t| t.check_dealings(params, &dealt.dealings, rng))
        .collect();
    (dealt, complaints)
}

/// A bureau after its key ceremony.
pub(crate) struct Bureau {
    pub(crate) params: CeremonyParams,
    pub(crate) outcome: CeremonyOutcome,
    pub(crate) dealings: Vec<Dealing>,
    pub(crate) sequences: Vec<SecretSequence>,
}

impl Bureau {
    /// Runs the four DKG steps among `n` members, threshold `t`, all honest.
    pub(crate) fn ceremony(n: u32, t: u32, rng: &mut ChaCha20Rng) -> Bureau {
        let params = CeremonyParams::new([7; 32], n, t).unwrap();
        let Dealt {
            sequences,
            trustees,
            announcements,
            dealings,
        } = deal(&params, rng);
        for trustee in &trustees {
            assert!(trustee.check_dealings(&params, &dealings, rng).is_empty());
        }
        let outcome =
            CeremonyOutcome::compute(&params, &announcements, &dealings, &[], rng).unwrap();
        for trustee in &trustees {
            let (_, confirmation) = trustee
                .key_share(&params, &outcome, &dealings, rng)
                .unwrap();
            outcome
                .check_confirmation(&params, &confirmation, rng)
                .unwrap();
        }
        Bureau {
            params,
            outcome,
            dealings,
            sequences,
        }
    }

    /// Member `index`'s key share, re-derived from their séquence secrète as at counting time.
    pub(crate) fn key_share(&self, index: u32, rng: &mut ChaCha20Rng) -> KeyShare {
        let text = self.sequences[index as usize - 1].to_text();
        let trustee = SecretSequence::parse(&text)
            .unwrap()
            .trustee(&self.params, index);
        trustee
            .key_share(&self.params, &self.outcome, &self.dealings, rng)
            .unwrap()
            .0
    }

    pub(crate) fn context(&self, shape: BallotShape) -> urne_crypto::ballot::BallotContext {
        urne_crypto::ballot::BallotContext {
            fingerprint: ElectionFingerprint::of_manifest(b"test election"),
            key: self.outcome.election_key.clone(),
            shape,
        }
    }
}

pub(crate) fn credential(rng: &mut ChaCha20Rng) -> CredentialKeys {
    CredentialCode::generate(rng)
        .seed("scrutin")
        .election_keys("election")
}
