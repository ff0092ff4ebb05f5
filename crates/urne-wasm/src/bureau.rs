//! A bureau member's page: séquence secrète, key ceremony, decryption share.
//!
//! The member draws a séquence with [`generate_sequence`] and writes it down, then builds a
//! [`Trustee`] from it and the ceremony's public parameters, and runs the four steps of
//! `urne-crypto`'s DKG, exchanging the messages as JSON text (encoding in `urne_record::ceremony`):
//!
//! 1. [`Trustee::announce`] → publish the announcement;
//! 2. [`Trustee::deal`] with every announcement → publish the dealing;
//! 3. [`Trustee::check_dealings`] with every dealing → publish the complaints (usually `[]`);
//! 4. [`Trustee::key_share`] with every message → publish the confirmation. The election key is in
//!    [`Trustee::outcome`].
//!
//! At counting time the member types the séquence again, builds a new [`Trustee`], re-derives its
//! key share from the public messages with [`Trustee::key_share`], and computes its share of the
//! tally's decryption with [`Trustee::decrypt_share`].
//!
//! Left out: checking the other members' confirmations and combining decryption shares (the
//! server and the verifier do that, natively).

use rand_core::OsRng;
use urne_crypto::dkg::{
    check_announcements, Announcement, CeremonyOutcome, CeremonyParams, Complaint, Dealing,
    KeyShare, SecretSequence, TrusteeSecret,
};
use urne_crypto::{Ciphertext, ElectionFingerprint};
use wasm_bindgen::prelude::*;

use crate::{error, hex32};
use urne_record::ceremony::{self as wire, WireError};

/// Draws a new séquence secrète, as the member writes it down (`XXXX-XXXX-…`).
#[wasm_bindgen]
pub fn generate_sequence() -> String {
    SecretSequence::generate(&mut OsRng).to_text().to_string()
}

fn wire_error(e: WireError) -> JsError {
    JsError::new(&e.to_string())
}

/// One member of the bureau in one key ceremony. Holds the member's secrets (and, after
/// [`key_share`](Trustee::key_share), its key share) until JavaScript calls `free()`, which
/// zeroizes them.
#[wasm_bindgen]
pub struct Trustee {
    params: CeremonyParams,
    secret: TrusteeSecret,
    share: Option<KeyShare>,
}

#[wasm_bindgen]
impl Trustee {
    /// Member `index` (1-based) of a ceremony among `members` members with threshold
    /// `threshold`, whose context is `context_hex` (64 hex digits, the scrutin's fingerprint),
    /// with its séquence secrète as typed.
    ///
    /// # Errors
    /// A mistyped séquence, a malformed context, parameters outside `2 ≤ t ≤ n ≤ 1000`, or an
    /// index outside `1..=n`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        sequence: &str,
        context_hex: &str,
        members: u32,
        threshold: u32,
        index: u32,
    ) -> Result<Trustee, JsError> {
        let sequence =
            SecretSequence::parse(sequence).map_err(|e| error("séquence secrète refused", e))?;
        let params =
            CeremonyParams::new(hex32("ceremony context", context_hex)?, members, threshold)
                .map_err(|e| error("ceremony parameters refused", e))?;
        if index == 0 || index > members {
            return Err(JsError::new(&format!(
                "member index must be between 1 and {members}"
            )));
        }
        Ok(Trustee {
            secret: sequence.trustee(&params, index),
            params,
            share: None,
        })
    }

    /// The member's index.
    pub fn index(&self) -> u32 {
        self.secret.index()
    }

    /// Step 1: the member's announcement (JSON).
    pub fn announce(&self) -> String {
        wire::announcement_to_json(&self.secret.announce(&self.params, &mut OsRng))
    }

    /// Step 2: checks every member's announcement (a JSON array, members in order) and returns
    /// this member's dealing (JSON).
    ///
    /// # Errors
    /// Undecodable JSON, or an announcement missing or invalid (naming the member).
    pub fn deal(&self, announcements_json: &str) -> Result<String, JsError> {
        let announcements = self.announcements(announcements_json)?;
        let dealing = self
            .secret
            .deal(&self.params, &announcements, &mut OsRng)
            .map_err(|e| error("cannot deal", e))?;
        Ok(wire::dealing_to_json(&dealing))
    }

    /// Step 3: checks the share each dealing (a JSON array) gives this member; returns the
    /// complaints to publish, as a JSON array (`[]` when every share is right).
    ///
    /// # Errors
    /// Undecodable JSON.
    pub fn check_dealings(&self, dealings_json: &str) -> Result<String, JsError> {
        let dealings = wire::dealings_from_json(dealings_json).map_err(wire_error)?;
        let complaints = self
            .secret
            .check_dealings(&self.params, &dealings, &mut OsRng);
        Ok(wire::complaints_to_json(&complaints))
    }

    /// The ceremony's public outcome (JSON: qualified and disqualified members, election key,
    /// verification keys), computed from every published message (JSON arrays).
    ///
    /// # Errors
    /// Undecodable JSON, or the ceremony failing (naming the member at fault).
    pub fn outcome(
        &self,
        announcements_json: &str,
        dealings_json: &str,
        complaints_json: &str,
    ) -> Result<String, JsError> {
        let (_, outcome) = self.compute(announcements_json, dealings_json, complaints_json)?;
        Ok(wire::outcome_to_json(&outcome))
    }

    /// Step 4, and at counting time: computes the outcome from every published message (JSON
    /// arrays), derives this member's key share (kept in this object for
    /// [`decrypt_share`](Trustee::decrypt_share)) and returns the confirmation to publish (JSON).
    ///
    /// # Errors
    /// Undecodable JSON, the ceremony failing, or the share not matching the member's
    /// verification key (a wrong séquence secrète).
    pub fn key_share(
        &mut self,
        announcements_json: &str,
        dealings_json: &str,
        complaints_json: &str,
    ) -> Result<String, JsError> {
        let (dealings, outcome) =
            self.compute(announcements_json, dealings_json, complaints_json)?;
        let (share, confirmation) = self
            .secret
            .key_share(&self.params, &outcome, &dealings, &mut OsRng)
            .map_err(|e| error("key share refused", e))?;
        self.share = Some(share);
        Ok(wire::confirmation_to_json(&confirmation))
    }

    /// This member's decryption share (bytes) of `ciphertexts` (concatenated 64-byte
    /// ciphertexts) for the election with fingerprint `fingerprint_hex`.
    ///
    /// # Errors
    /// No key share yet ([`key_share`](Trustee::key_share) first), a malformed fingerprint, or a
    /// malformed ciphertext (naming it).
    pub fn decrypt_share(
        &self,
        fingerprint_hex: &str,
        ciphertexts: &[u8],
    ) -> Result<Vec<u8>, JsError> {
        let share = self
            .share
            .as_ref()
            .ok_or_else(|| JsError::new("no key share yet: call key_share first"))?;
        let fingerprint = ElectionFingerprint(hex32("election fingerprint", fingerprint_hex)?);
        if ciphertexts.len() % Ciphertext::BYTES != 0 {
            return Err(JsError::new(&format!(
                "ciphertexts must be a multiple of {} bytes, got {}",
                Ciphertext::BYTES,
                ciphertexts.len()
            )));
        }
        let ciphertexts = ciphertexts
            .chunks_exact(Ciphertext::BYTES)
            .enumerate()
            .map(|(i, bytes)| {
                Ciphertext::from_bytes(bytes).map_err(|e| error(&format!("ciphertext {i}"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(share
            .decrypt_share(&fingerprint, &ciphertexts, &mut OsRng)
            .to_bytes())
    }
}

impl Trustee {
    fn announcements(&self, json: &str) -> Result<Vec<Announcement>, JsError> {
        let announcements = wire::announcements_from_json(json).map_err(wire_error)?;
        check_announcements(&self.params, &announcements, &mut OsRng)
            .map_err(|e| error("announcements refused", e))?;
        Ok(announcements)
    }

    fn compute(
        &self,
        announcements_json: &str,
        dealings_json: &str,
        complaints_json: &str,
    ) -> Result<(Vec<Dealing>, CeremonyOutcome), JsError> {
        let announcements =
            wire::announcements_from_json(announcements_json).map_err(wire_error)?;
        let dealings = wire::dealings_from_json(dealings_json).map_err(wire_error)?;
        let complaints: Vec<Complaint> =
            wire::complaints_from_json(complaints_json).map_err(wire_error)?;
        let outcome = CeremonyOutcome::compute(
            &self.params,
            &announcements,
            &dealings,
            &complaints,
            &mut OsRng,
        )
        .map_err(|e| error("key ceremony failed", e))?;
        Ok((dealings, outcome))
    }
}
