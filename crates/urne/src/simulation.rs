//! An election run in-process with the real cryptography: the bureau's key ceremony, voters'
//! credentials and ballots, tally and threshold decryption. Shared by `demo` and `bench`; nothing
//! here is canned: every value is computed by `urne-crypto`.

use std::collections::HashSet;

use anyhow::{anyhow, Context, Result};
use rand_core::{CryptoRng, RngCore};
use urne_crypto::ballot::BallotContext;
use urne_crypto::decryption::{combine_vartime, DecryptionShare};
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_crypto::dkg::{CeremonyOutcome, CeremonyParams, Dealing, KeyShare, SecretSequence};
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::Tally;
use urne_crypto::{
    BallotShape, Choice, CredentialCode, CredentialKeys, CredentialPublicKey, ElectionFingerprint,
};

/// The bureau after its ceremony, and what each member wrote down.
pub(crate) struct Bureau {
    pub(crate) params: CeremonyParams,
    pub(crate) outcome: CeremonyOutcome,
    pub(crate) dealings: Vec<Dealing>,
    pub(crate) sequences: Vec<SecretSequence>,
}

impl Bureau {
    /// Runs the four steps of the key ceremony among `members`, threshold `threshold`.
    pub(crate) fn ceremony<R: RngCore + CryptoRng>(
        context: [u8; 32],
        members: u32,
        threshold: u32,
        rng: &mut R,
    ) -> Result<Bureau> {
        let SimulatedCeremony {
            params,
            outcome,
            dealings,
            sequences,
        } = SimulatedCeremony::run(context, members, threshold, rng)?;
        Ok(Bureau {
            params,
            outcome,
            dealings,
            sequences,
        })
    }

    /// Member `index` types their séquence secrète back and re-derives their key share.
    pub(crate) fn key_share<R: RngCore + CryptoRng>(
        &self,
        index: u32,
        rng: &mut R,
    ) -> Result<KeyShare> {
        let sequence = self
            .sequences
            .get(index as usize - 1)
            .ok_or_else(|| anyhow!("no member {index}"))?;
        let typed = SecretSequence::parse(&sequence.to_text())?;
        let trustee = typed.trustee(&self.params, index);
        Ok(trustee
            .key_share(&self.params, &self.outcome, &self.dealings, rng)?
            .0)
    }

    /// The context ballots of an election with `shape` are made and checked in.
    pub(crate) fn context(&self, manifest: &[u8], shape: BallotShape) -> BallotContext {
        BallotContext {
            fingerprint: ElectionFingerprint::of_manifest(manifest),
            key: self.outcome.election_key.clone(),
            shape,
        }
    }

    /// Decrypts `tally` with the shares of `members` and recovers counts up to `max`.
    pub(crate) fn decrypt<R: RngCore + CryptoRng>(
        &self,
        ctx: &BallotContext,
        tally: &[urne_crypto::Ciphertext],
        members: &[u32],
        max: u64,
        rng: &mut R,
    ) -> Result<(Tally, Vec<DecryptionShare>)> {
        let shares = members
            .iter()
            .map(|&m| {
                Ok(self
                    .key_share(m, rng)?
                    .decrypt_share(&ctx.fingerprint, tally, rng))
            })
            .collect::<Result<Vec<_>>>()?;
        let (points, rejected) =
            combine_vartime(&self.outcome, &ctx.fingerprint, tally, &shares, rng)?;
        if !rejected.is_empty() {
            return Err(anyhow!("decryption shares rejected: members {rejected:?}"));
        }
        let table = DlogTable::new(max);
        let counts = Tally::from_points(&ctx.shape, &points, &table)
            .context("a count exceeds the number of ballots")?;
        Ok((counts, shares))
    }
}

/// Voters' credentials for one election: the codes printed on letters and the sealed list.
pub(crate) struct Electorate {
    pub(crate) codes: Vec<CredentialCode>,
    pub(crate) keys: Vec<CredentialKeys>,
    pub(crate) sealed: HashSet<CredentialPublicKey>,
}

impl Electorate {
    /// Draws `voters` codes and derives each voter's key for `election_id`.
    pub(crate) fn new<R: RngCore + CryptoRng>(
        voters: usize,
        scrutin_id: &str,
        election_id: &str,
        rng: &mut R,
    ) -> Self {
        let codes: Vec<CredentialCode> =
            (0..voters).map(|_| CredentialCode::generate(rng)).collect();
        let keys: Vec<CredentialKeys> = codes
            .iter()
            .map(|c| c.seed(scrutin_id).election_keys(election_id))
            .collect();
        let sealed = keys.iter().map(|k| *k.public_key()).collect();
        Electorate {
            codes,
            keys,
            sealed,
        }
    }
}

/// A simulated voter's choice, with the workload of `../shared/bench/belenios/run.sh`: 5 % blank,
/// 3 % nul, and 20 % of list votes strike one candidate (a list of one candidate struck counts as
/// blank, as the booth would say).
pub(crate) fn random_choice<R: RngCore>(shape: &BallotShape, rng: &mut R) -> Choice {
    let roll = rng.next_u32() % 100;
    if roll < 5 {
        return Choice::Blank;
    }
    if roll < 8 {
        return Choice::Nul;
    }
    let list = rng.next_u32() as usize % shape.lists();
    let candidates = shape.candidates()[list] as usize;
    let struck = if rng.next_u32() % 5 == 0 {
        vec![rng.next_u32() as usize % candidates]
    } else {
        vec![]
    };
    Choice::List { list, struck }.normalized(shape)
}
