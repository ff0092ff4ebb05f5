//! A whole key ceremony run by one process that holds every member's séquence secrète: for
//! demonstrations, tests and benchmarks only. In an election each member runs their steps in
//! their own browser, and no process ever holds two séquences.

use rand_core::{CryptoRng, RngCore};

use super::{CeremonyOutcome, CeremonyParams, Dealing, DkgError, KeyShare, SecretSequence};

/// The public result of a simulated ceremony, with what each member wrote down.
pub struct SimulatedCeremony {
    /// The parameters.
    pub params: CeremonyParams,
    /// The outcome: election key and verification keys.
    pub outcome: CeremonyOutcome,
    /// Every member's dealing (public; needed to re-derive key shares).
    pub dealings: Vec<Dealing>,
    /// Member `i`'s séquence secrète at index `i − 1`.
    pub sequences: Vec<SecretSequence>,
}

impl SimulatedCeremony {
    /// Runs the four steps (announce, deal, check, confirm) among `members` honest members.
    ///
    /// # Errors
    /// [`DkgError`] for parameters outside `2 ≤ t ≤ n`, or a failed step.
    pub fn run<R: RngCore + CryptoRng>(
        context: [u8; 32],
        members: u32,
        threshold: u32,
        rng: &mut R,
    ) -> Result<SimulatedCeremony, DkgError> {
        let params = CeremonyParams::new(context, members, threshold)?;
        let sequences: Vec<SecretSequence> = (0..members)
            .map(|_| SecretSequence::generate(rng))
            .collect();
        let trustees: Vec<_> = sequences
            .iter()
            .zip(1..)
            .map(|(s, index)| s.trustee(&params, index))
            .collect();
        let announcements: Vec<_> = trustees.iter().map(|t| t.announce(&params, rng)).collect();
        let dealings = trustees
            .iter()
            .map(|t| t.deal(&params, &announcements, rng))
            .collect::<Result<Vec<_>, _>>()?;
        let complaints: Vec<_> = trustees
            .iter()
            .flat_map(|t| t.check_dealings(&params, &dealings, rng))
            .collect();
        let outcome =
            CeremonyOutcome::compute(&params, &announcements, &dealings, &complaints, rng)?;
        for trustee in &trustees {
            let (_, confirmation) = trustee.key_share(&params, &outcome, &dealings, rng)?;
            outcome.check_confirmation(&params, &confirmation, rng)?;
        }
        Ok(SimulatedCeremony {
            params,
            outcome,
            dealings,
            sequences,
        })
    }

    /// Member `index` (from 1) re-derives their key share from `sequence` (what they typed).
    ///
    /// # Errors
    /// [`DkgError::Member`] for an index outside the bureau; [`DkgError::ShareMismatch`] when
    /// the séquence is not this member's.
    pub fn key_share<R: RngCore + CryptoRng>(
        &self,
        index: u32,
        sequence: &SecretSequence,
        rng: &mut R,
    ) -> Result<KeyShare, DkgError> {
        if index == 0 || index > self.params.members() {
            return Err(DkgError::Member(index));
        }
        let trustee = sequence.trustee(&self.params, index);
        Ok(trustee
            .key_share(&self.params, &self.outcome, &self.dealings, rng)?
            .0)
    }
}
