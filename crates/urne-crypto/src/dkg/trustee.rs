//! A bureau member's side of the ceremony (`docs/protocol.md` §8.3–§8.7): announce, deal, check
//! and complain, then sum the shares into a key share and confirm.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::encoding::{decompress, scalar_from_bytes};
use crate::proofs::dleq::DleqStatement;
use crate::proofs::{DleqProof, SchnorrProof};

use super::{
    announcement_transcript, complaint_transcript, confirmation_transcript, dealing_transcript,
    decode_points, evaluate_commitments, outcome::CeremonyOutcome, scalar_label, share_pad, xor,
    Announcement, CeremonyParams, Complaint, Confirmation, Dealing, DkgError, EncryptedShare,
};

/// A member's secret seed for one ceremony, derived from their séquence secrète.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct TrusteeSecret {
    #[zeroize(skip)]
    pub(super) index: u32,
    pub(super) seed: [u8; 64],
}

impl TrusteeSecret {
    /// The member's index.
    pub fn index(&self) -> u32 {
        self.index
    }

    fn encryption_secret(&self) -> Scalar {
        scalar_label(&self.seed, "encryption-key", 0)
    }

    fn coefficient(&self, k: u32) -> Scalar {
        scalar_label(&self.seed, "coefficient", u64::from(k))
    }

    /// `fᵢ(x)` by Horner's rule (constant time: the coefficients are secret, `x` is public).
    fn polynomial_at(&self, params: &CeremonyParams, x: u32) -> Scalar {
        let x = Scalar::from(x);
        let mut value = Scalar::ZERO;
        for k in (0..params.threshold).rev() {
            let mut coefficient = self.coefficient(k);
            value = value * x + coefficient;
            coefficient.zeroize();
        }
        value
    }

    /// Step 1.
    pub fn announce<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        rng: &mut R,
    ) -> Announcement {
        let mut secret = self.encryption_secret();
        let encryption_key = (RISTRETTO_BASEPOINT_TABLE * &secret).compress();
        let proof = SchnorrProof::prove(
            announcement_transcript(params, self.index),
            &secret,
            &encryption_key,
            rng,
        );
        secret.zeroize();
        Announcement {
            member: self.index,
            encryption_key,
            proof,
        }
    }

    /// Step 2, once every announcement is known (and checked with [`check_announcements`]).
    ///
    /// # Errors
    /// [`DkgError::Announcement`] if a recipient's key does not decode.
    pub fn deal<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        announcements: &[Announcement],
        rng: &mut R,
    ) -> Result<Dealing, DkgError> {
        let commitments: Vec<CompressedRistretto> = (0..params.threshold)
            .map(|k| {
                let mut coefficient = self.coefficient(k);
                let commitment = (RISTRETTO_BASEPOINT_TABLE * &coefficient).compress();
                coefficient.zeroize();
                commitment
            })
            .collect();
        let mut constant = self.coefficient(0);
        let proof = SchnorrProof::prove(
            dealing_transcript(params, self.index, &commitments),
            &constant,
            &commitments[0],
            rng,
        );
        constant.zeroize();
        let mut shares = Vec::with_capacity(params.members as usize);
        for announcement in announcements {
            let recipient = announcement.member;
            let key = decompress(&announcement.encryption_key)
                .ok_or(DkgError::Announcement(recipient))?;
            let mut nonce = scalar_label(&self.seed, "share-nonce", u64::from(recipient));
            let ephemeral = (RISTRETTO_BASEPOINT_TABLE * &nonce).compress();
            let shared_secret = (key * nonce).compress();
            nonce.zeroize();
            let pad = share_pad(params, self.index, recipient, &ephemeral, &shared_secret);
            let mut share = self.polynomial_at(params, recipient);
            let masked = xor(share.as_bytes(), &pad);
            share.zeroize();
            shares.push(EncryptedShare { ephemeral, masked });
        }
        Ok(Dealing {
            dealer: self.index,
            commitments,
            proof,
            shares,
        })
    }

    fn open_share(
        &self,
        params: &CeremonyParams,
        dealing: &Dealing,
    ) -> Option<(Scalar, CompressedRistretto, RistrettoPoint)> {
        let share = dealing.shares.get((self.index as usize).checked_sub(1)?)?;
        let ephemeral = decompress(&share.ephemeral)?;
        let mut secret = self.encryption_secret();
        let shared_secret = ephemeral * secret;
        secret.zeroize();
        let compressed = shared_secret.compress();
        let pad = share_pad(
            params,
            dealing.dealer,
            self.index,
            &share.ephemeral,
            &compressed,
        );
        let mut bytes = xor(&share.masked, &pad);
        // A non-canonical share is a bad share: it fails the commitment check as zero would.
        let value = scalar_from_bytes(bytes).unwrap_or(Scalar::ZERO);
        bytes.zeroize();
        Some((value, compressed, ephemeral))
    }

    /// Step 3: checks the share each dealing gives this member; returns a complaint for each bad
    /// one (an empty list when all are good).
    pub fn check_dealings<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        dealings: &[Dealing],
        rng: &mut R,
    ) -> Vec<Complaint> {
        let mut complaints = Vec::new();
        for dealing in dealings {
            if dealing.dealer == self.index {
                continue;
            }
            let good = match (
                self.open_share(params, dealing),
                decode_points(&dealing.commitments),
            ) {
                (Some((mut share, _, _)), Some(commitments))
                    if commitments.len() == params.threshold as usize =>
                {
                    let good = RISTRETTO_BASEPOINT_TABLE * &share
                        == evaluate_commitments(&commitments, self.index);
                    share.zeroize();
                    good
                }
                _ => false,
            };
            if good {
                continue;
            }
            let Some((_, shared_secret, ephemeral)) = self.open_share(params, dealing) else {
                // An undecodable ephemeral key needs no proof: anyone can see it.
                complaints.push(Complaint {
                    dealer: dealing.dealer,
                    complainer: self.index,
                    shared_secret: CompressedRistretto([0; 32]),
                    proof: DleqProof::prove(
                        complaint_transcript(params, dealing.dealer, self.index),
                        &DleqStatement {
                            x: RistrettoPoint::identity(),
                            h: RistrettoPoint::identity(),
                            y: RistrettoPoint::identity(),
                        },
                        &Scalar::ZERO,
                        rng,
                    ),
                });
                continue;
            };
            let mut secret = self.encryption_secret();
            let statement = DleqStatement {
                x: RISTRETTO_BASEPOINT_TABLE * &secret,
                h: ephemeral,
                y: ephemeral * secret,
            };
            let proof = DleqProof::prove(
                complaint_transcript(params, dealing.dealer, self.index),
                &statement,
                &secret,
                rng,
            );
            secret.zeroize();
            complaints.push(Complaint {
                dealer: dealing.dealer,
                complainer: self.index,
                shared_secret,
                proof,
            });
        }
        complaints
    }

    /// Step 4: sums this member's shares from the qualified dealers, checks them against its
    /// verification key, and proves knowledge. Also how a member re-derives its key share at
    /// counting time, from its séquence secrète and the public ceremony record.
    ///
    /// # Errors
    /// [`DkgError::ShareMismatch`] when the sum does not match the verification key.
    pub fn key_share<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        outcome: &CeremonyOutcome,
        dealings: &[Dealing],
        rng: &mut R,
    ) -> Result<(KeyShare, Confirmation), DkgError> {
        let mut secret = Scalar::ZERO;
        for dealing in dealings
            .iter()
            .filter(|d| outcome.qualified.contains(&d.dealer))
        {
            let (mut share, _, _) = self
                .open_share(params, dealing)
                .ok_or(DkgError::ShareMismatch(self.index))?;
            secret += share;
            share.zeroize();
        }
        let expected = outcome
            .verification_key(self.index)
            .ok_or(DkgError::Member(self.index))?;
        if RISTRETTO_BASEPOINT_TABLE * &secret != expected {
            secret.zeroize();
            return Err(DkgError::ShareMismatch(self.index));
        }
        let proof = SchnorrProof::prove(
            confirmation_transcript(params, self.index),
            &secret,
            &expected.compress(),
            rng,
        );
        Ok((
            KeyShare {
                index: self.index,
                secret,
            },
            Confirmation {
                member: self.index,
                proof,
            },
        ))
    }
}

/// A member's share `xⱼ` of the election's secret key.
#[derive(Clone, ZeroizeOnDrop)]
pub struct KeyShare {
    #[zeroize(skip)]
    pub(crate) index: u32,
    pub(crate) secret: Scalar,
}

impl KeyShare {
    /// The member's index.
    pub fn index(&self) -> u32 {
        self.index
    }
}

impl core::fmt::Debug for KeyShare {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyShare")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}
