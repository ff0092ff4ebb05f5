//! The public outcome of a ceremony (`docs/protocol.md` §8.5–§8.6): judging dealings and
//! complaints, the qualified set, the election key and the members' verification keys. Anyone can
//! compute it; the verifier does.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::traits::Identity;
use rand_core::{CryptoRng, RngCore};

use crate::elgamal::ElectionPublicKey;
use crate::encoding::{decompress, scalar_from_bytes};
use crate::proofs::dleq::DleqStatement;

use super::{
    announcement_transcript, complaint_transcript, confirmation_transcript, dealing_transcript,
    decode_points, evaluate_commitments, share_pad, xor, Announcement, CeremonyParams, Complaint,
    Confirmation, Dealing, DkgError,
};

/// Checks that members `1..=n` each announced once with a valid proof.
///
/// # Errors
/// [`DkgError::Member`] or [`DkgError::Announcement`] naming the member.
pub fn check_announcements<R: RngCore + CryptoRng>(
    params: &CeremonyParams,
    announcements: &[Announcement],
    rng: &mut R,
) -> Result<(), DkgError> {
    if announcements.len() != params.members as usize {
        return Err(DkgError::Member(announcements.len() as u32 + 1));
    }
    for (position, announcement) in announcements.iter().enumerate() {
        if announcement.member != position as u32 + 1 {
            return Err(DkgError::Member(announcement.member));
        }
        check_announcement(params, announcement, rng)?;
    }
    Ok(())
}

/// Checks one member's announcement as it arrives: a member of the ceremony, a key that is not
/// the identity, a valid proof of its secret.
///
/// # Errors
/// [`DkgError::Member`] or [`DkgError::Announcement`] naming the member.
pub fn check_announcement<R: RngCore + CryptoRng>(
    params: &CeremonyParams,
    announcement: &Announcement,
    rng: &mut R,
) -> Result<(), DkgError> {
    if announcement.member == 0 || announcement.member > params.members {
        return Err(DkgError::Member(announcement.member));
    }
    if announcement.encryption_key == RistrettoPoint::identity().compress() {
        return Err(DkgError::Announcement(announcement.member));
    }
    announcement
        .proof
        .verify_vartime(
            announcement_transcript(params, announcement.member),
            &announcement.encryption_key,
            rng,
        )
        .map_err(|_| DkgError::Announcement(announcement.member))
}

/// The public result of a ceremony: who qualified, the election key, each member's verification
/// key.
#[derive(Clone, Debug)]
pub struct CeremonyOutcome {
    /// Qualified dealers, ascending.
    pub qualified: Vec<u32>,
    /// Dealers disqualified, with why (`"dealing"` or `"complaint"`).
    pub disqualified: Vec<(u32, &'static str)>,
    /// Complaints `(dealer, complainer)` that were ignored: malformed, with an invalid proof, or
    /// about a share that turned out correct. One member cannot block the ceremony with them.
    pub rejected_complaints: Vec<(u32, u32)>,
    /// `t`: shares needed to decrypt.
    pub threshold: u32,
    /// `P`.
    pub election_key: ElectionPublicKey,
    /// `X₁ … Xₙ`.
    pub verification_keys: Vec<RistrettoPoint>,
}

impl CeremonyOutcome {
    /// `Xⱼ`.
    pub fn verification_key(&self, member: u32) -> Option<RistrettoPoint> {
        self.verification_keys
            .get((member as usize).checked_sub(1)?)
            .copied()
    }

    /// Computes the outcome from the public messages: anyone can, and the verifier does.
    ///
    /// # Errors
    /// A [`DkgError`] naming what is wrong; bad dealings and justified complaints disqualify
    /// their dealer instead of failing.
    pub fn compute<R: RngCore + CryptoRng>(
        params: &CeremonyParams,
        announcements: &[Announcement],
        dealings: &[Dealing],
        complaints: &[Complaint],
        rng: &mut R,
    ) -> Result<Self, DkgError> {
        check_announcements(params, announcements, rng)?;
        let n = params.members as usize;
        let mut disqualified: Vec<(u32, &'static str)> = Vec::new();
        let mut commitments_of: Vec<Option<Vec<RistrettoPoint>>> = vec![None; n];
        let mut dealt = vec![false; n];
        for dealing in dealings {
            let dealer = dealing.dealer;
            if dealer == 0 || dealer as usize > n || dealt[dealer as usize - 1] {
                return Err(DkgError::Member(dealer));
            }
            dealt[dealer as usize - 1] = true;
            let valid = dealing.commitments.len() == params.threshold as usize
                && dealing.shares.len() == n
                && dealing
                    .proof
                    .verify_vartime(
                        dealing_transcript(params, dealer, &dealing.commitments),
                        &dealing.commitments[0],
                        rng,
                    )
                    .is_ok();
            match decode_points(&dealing.commitments) {
                Some(points) if valid => commitments_of[dealer as usize - 1] = Some(points),
                _ => disqualified.push((dealer, "dealing")),
            }
        }
        let mut rejected_complaints = Vec::new();
        for complaint in complaints {
            match justified(
                params,
                announcements,
                dealings,
                &commitments_of,
                complaint,
                rng,
            ) {
                Ok(true) => disqualified.push((complaint.dealer, "complaint")),
                Ok(false) | Err(_) => {
                    rejected_complaints.push((complaint.dealer, complaint.complainer))
                }
            }
        }
        // Stable: a dealer's first reason (its dealing, checked first) is the one kept.
        disqualified.sort_by_key(|d| d.0);
        disqualified.dedup_by_key(|d| d.0);
        let qualified: Vec<u32> = (1..=params.members)
            .filter(|i| {
                commitments_of[*i as usize - 1].is_some() && !disqualified.iter().any(|d| d.0 == *i)
            })
            .collect();
        if qualified.len() < params.threshold as usize {
            return Err(DkgError::TooFewQualified(qualified.len()));
        }
        let mut election_key = RistrettoPoint::identity();
        let mut verification_keys = vec![RistrettoPoint::identity(); n];
        for &dealer in &qualified {
            let Some(commitments) = &commitments_of[dealer as usize - 1] else {
                continue;
            };
            election_key += commitments[0];
            for (j, key) in verification_keys.iter_mut().enumerate() {
                *key += evaluate_commitments(commitments, j as u32 + 1);
            }
        }
        let election_key =
            ElectionPublicKey::from_point(election_key).ok_or(DkgError::DegenerateKey)?;
        Ok(CeremonyOutcome {
            qualified,
            disqualified,
            rejected_complaints,
            threshold: params.threshold,
            election_key,
            verification_keys,
        })
    }

    /// Checks a member's confirmation (step 4).
    ///
    /// # Errors
    /// [`DkgError::ShareMismatch`] if the proof does not verify.
    pub fn check_confirmation<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        confirmation: &Confirmation,
        rng: &mut R,
    ) -> Result<(), DkgError> {
        let member = confirmation.member;
        let key = self
            .verification_key(member)
            .ok_or(DkgError::Member(member))?;
        confirmation
            .proof
            .verify_vartime(
                confirmation_transcript(params, member),
                &key.compress(),
                rng,
            )
            .map_err(|_| DkgError::ShareMismatch(member))
    }
}

/// Whether a complaint shows a bad share. A complaint with an invalid proof is an error (the
/// complainer misbehaved); a valid proof over a share that turns out correct is unjustified. Both
/// are recorded in [`CeremonyOutcome::rejected_complaints`] and otherwise ignored.
fn justified<R: RngCore + CryptoRng>(
    params: &CeremonyParams,
    announcements: &[Announcement],
    dealings: &[Dealing],
    commitments_of: &[Option<Vec<RistrettoPoint>>],
    complaint: &Complaint,
    rng: &mut R,
) -> Result<bool, DkgError> {
    let bad = DkgError::Complaint {
        dealer: complaint.dealer,
        complainer: complaint.complainer,
    };
    let dealing = dealings
        .iter()
        .find(|d| d.dealer == complaint.dealer)
        .ok_or(bad.clone())?;
    let Some(commitments) = commitments_of
        .get((complaint.dealer as usize).wrapping_sub(1))
        .and_then(Option::as_ref)
    else {
        return Ok(true); // already disqualified for its dealing
    };
    let share = dealing
        .shares
        .get((complaint.complainer as usize).wrapping_sub(1))
        .ok_or(bad.clone())?;
    let Some(ephemeral) = decompress(&share.ephemeral) else {
        return Ok(true);
    };
    let announcement = announcements
        .get((complaint.complainer as usize).wrapping_sub(1))
        .ok_or(bad.clone())?;
    let statement = DleqStatement {
        x: decompress(&announcement.encryption_key).ok_or(bad.clone())?,
        h: ephemeral,
        y: decompress(&complaint.shared_secret).ok_or(bad.clone())?,
    };
    complaint
        .proof
        .verify_vartime(
            complaint_transcript(params, complaint.dealer, complaint.complainer),
            &statement,
            rng,
        )
        .map_err(|_| bad)?;
    let pad = share_pad(
        params,
        complaint.dealer,
        complaint.complainer,
        &share.ephemeral,
        &complaint.shared_secret,
    );
    let Some(value) = scalar_from_bytes(xor(&share.masked, &pad)) else {
        return Ok(true);
    };
    Ok(RISTRETTO_BASEPOINT_TABLE * &value
        != evaluate_commitments(commitments, complaint.complainer))
}
