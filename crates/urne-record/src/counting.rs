//! Decrypting an election's tally (`docs/protocol.md` §9): the bureau's shares, checked against
//! the verification keys of the `bureau` event, combined when `t` are valid, and the counts
//! recovered. The server runs it at counting time; the verifier runs it again.

use rand_core::{CryptoRng, RngCore};
use urne_crypto::decryption::{combine_vartime, DecryptionError, DecryptionShare};
use urne_crypto::dkg::CeremonyOutcome;
use urne_crypto::dlog::DlogTable;
use urne_crypto::encoding::decompress;
use urne_crypto::tally::Tally;

use crate::bureau::BureauKey;
use crate::canonical::hex32;
use crate::manifest::Manifest;
use crate::tally::{EncryptedTally, PartialDecryption};
use crate::FormatError;

/// The decrypted counts, and the members whose share was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// The counts.
    pub tally: Tally,
    /// Members whose share did not decode, was not theirs, or failed its proofs.
    pub rejected: Vec<u32>,
    /// Members whose shares were combined.
    pub combined: Vec<u32>,
}

/// Why a tally could not be decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CountError {
    /// A published payload is malformed (the manifest, the bureau's key or the tally).
    Format(FormatError),
    /// Fewer than `t` valid shares; names the refused members.
    Decryption(DecryptionError),
    /// A decrypted count is larger than the ballots summed: the shares or the tally are wrong.
    OutOfRange,
}

impl core::fmt::Display for CountError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CountError::Format(e) => write!(f, "{e}"),
            CountError::Decryption(e) => write!(f, "{e}"),
            CountError::OutOfRange => write!(f, "a decrypted count exceeds the ballots summed"),
        }
    }
}

impl std::error::Error for CountError {}

impl From<FormatError> for CountError {
    fn from(e: FormatError) -> Self {
        CountError::Format(e)
    }
}

impl BureauKey {
    /// What decryption needs of the ceremony's outcome: the threshold and the verification keys.
    ///
    /// # Errors
    /// [`FormatError::Field`] for a key that is not a valid point.
    pub fn outcome(&self) -> Result<CeremonyOutcome, FormatError> {
        let verification_keys = self
            .verification_keys
            .iter()
            .map(|k| {
                let bytes = hex32("verification_keys", k)?;
                decompress(&curve25519_dalek::ristretto::CompressedRistretto(bytes))
                    .ok_or(FormatError::Field("verification_keys"))
            })
            .collect::<Result<_, _>>()?;
        Ok(CeremonyOutcome {
            qualified: (1..=self.members).collect(),
            disqualified: Vec::new(),
            rejected_complaints: Vec::new(),
            threshold: self.threshold,
            election_key: self.election_key()?,
            verification_keys,
        })
    }
}

/// Decrypts `tally` of `manifest`'s election with `shares` (any order; other elections' shares
/// are left aside). Each count is at most the ballots summed, which sizes `table`'s search.
///
/// # Errors
/// [`CountError`]; with too few valid shares, the refused members are named.
pub fn decrypt<R: RngCore + CryptoRng>(
    bureau: &BureauKey,
    manifest: &Manifest,
    tally: &EncryptedTally,
    shares: &[PartialDecryption],
    table: &DlogTable,
    rng: &mut R,
) -> Result<Count, CountError> {
    let outcome = bureau.outcome()?;
    let shape = manifest.shape()?;
    let sums = tally.sums()?;
    if tally.election != manifest.election
        || sums.len() != shape.choice_count() + shape.strike_count()
    {
        return Err(FormatError::Field("tally").into());
    }
    let mut decoded: Vec<DecryptionShare> = Vec::new();
    let mut rejected = Vec::new();
    for partial in shares.iter().filter(|p| p.election == manifest.election) {
        match partial.share() {
            Ok(share) => decoded.push(share),
            Err(_) => rejected.push(partial.member),
        }
    }
    let fingerprint = manifest.fingerprint();
    let (points, refused) =
        combine_vartime(&outcome, &fingerprint, &sums, &decoded, rng).map_err(|e| match e {
            DecryptionError::NotEnoughShares {
                valid,
                needed,
                rejected: more,
            } => CountError::Decryption(DecryptionError::NotEnoughShares {
                valid,
                needed,
                rejected: rejected.iter().chain(&more).copied().collect(),
            }),
            other => CountError::Decryption(other),
        })?;
    rejected.extend(refused);
    let combined = decoded
        .iter()
        .map(|s| s.member)
        .filter(|m| !rejected.contains(m))
        .take(outcome.threshold as usize)
        .collect();
    let counts = Tally::from_points(&shape, &points, table).ok_or(CountError::OutOfRange)?;
    if counts
        .lists
        .iter()
        .chain([&counts.blank, &counts.nul])
        .any(|&c| c > tally.ballots)
        || counts.ballots() != tally.ballots
    {
        return Err(CountError::OutOfRange);
    }
    Ok(Count {
        tally: counts,
        rejected,
        combined,
    })
}
