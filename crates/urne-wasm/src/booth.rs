//! The voter's booth: credential, ballot encryption, tracker.
//!
//! The page logs in with [`VoterCredential::unlock`] (the PBKDF2 stretch runs once, here), sends
//! [`VoterCredential::login_token`], then for each election builds a [`Booth`] from the election's
//! fingerprint, key and lists, shows the review screen with [`Booth::counts_as_blank`], and casts
//! [`Booth::encrypt`]'s bytes. The voter's signing key for the election is derived from the
//! credential inside [`Booth::encrypt`] and never crosses into JavaScript.
//!
//! A choice crosses the boundary as `(list, struck)`: `list` is the 0-based list index, or
//! [`BLANK`] (−1) for a blank vote or [`NUL`] (−2) for a nul vote; `struck` holds the 0-based
//! indices of the candidates struck on that list (empty for blank and nul).
//!
//! Left out: checking ballots (the server and the verifier do, natively), the election manifest
//! (the page receives its fingerprint, key and shape from the server), and the review screen.

use rand_core::OsRng;
use urne_crypto::ballot::{tracker_of, BallotContext};
use urne_crypto::credential::CredentialSeed;
use urne_crypto::{
    BallotShape, Choice, CredentialCode, ElectionFingerprint, ElectionPublicKey, EncryptedBallot,
};
use wasm_bindgen::prelude::*;

use crate::{error, hex32};

/// The `list` value of a blank vote.
pub const BLANK: i32 = -1;
/// The `list` value of a nul vote.
pub const NUL: i32 = -2;

/// A voter's stretched credential for one scrutin. Holds the secret seed until JavaScript calls
/// `free()`, which zeroizes it.
#[wasm_bindgen]
pub struct VoterCredential {
    seed: CredentialSeed,
}

#[wasm_bindgen]
impl VoterCredential {
    /// Parses the code typed from the access letter and stretches it with the scrutin's
    /// identifier. Refuses a mistyped code before any stretching; the stretch itself is slow
    /// (PBKDF2, tens to hundreds of milliseconds): do it once per login.
    ///
    /// # Errors
    /// A mistyped code (wrong character, length or check symbols).
    pub fn unlock(code: &str, scrutin_id: &str) -> Result<VoterCredential, JsError> {
        let code = CredentialCode::parse(code).map_err(|e| error("credential code refused", e))?;
        Ok(VoterCredential {
            seed: code.seed(scrutin_id),
        })
    }

    /// The credential of a seed already stretched by the login page (`static/login.js`, with
    /// WebCrypto), as 128 hex digits: the booth does not stretch the code a second time.
    ///
    /// # Errors
    /// A seed that is not 128 hex digits.
    pub fn from_seed(seed_hex: &str) -> Result<VoterCredential, JsError> {
        let mut seed = zeroize::Zeroizing::new([0u8; 64]);
        hex::decode_to_slice(seed_hex, seed.as_mut_slice())
            .map_err(|_| JsError::new("credential seed refused: expected 128 hex digits"))?;
        Ok(VoterCredential {
            seed: CredentialSeed::from_bytes(*seed),
        })
    }

    /// Proves, for `election_id`, that this browser holds the credential, over the challenge
    /// the server gave this session; returns `{ "election", "key", "proof" }` as JSON, what the
    /// receipt page posts to get the signed receipt back.
    pub fn prove_possession(&self, election_id: &str, challenge: &str) -> String {
        let keys = self.seed.election_keys(election_id);
        let proof = keys.prove_possession(election_id, challenge.as_bytes(), &mut OsRng);
        serde_json::json!({
            "election": election_id,
            "key": hex::encode(keys.public_key().compressed().as_bytes()),
            "proof": hex::encode(proof),
        })
        .to_string()
    }

    /// The login token to send to the server, as 64 hex digits.
    pub fn login_token(&self) -> String {
        hex::encode(self.seed.login_token().0)
    }

    /// The credential's public key for `election_id` (64 hex digits), as listed in that
    /// election's sealed credential list.
    pub fn public_key(&self, election_id: &str) -> String {
        hex::encode(
            self.seed
                .election_keys(election_id)
                .public_key()
                .compressed()
                .as_bytes(),
        )
    }
}

/// Checks a typed credential code without stretching it, for immediate feedback while typing.
///
/// # Errors
/// A mistyped code, with what is wrong.
#[wasm_bindgen]
pub fn check_credential_code(code: &str) -> Result<(), JsError> {
    CredentialCode::parse(code)
        .map(drop)
        .map_err(|e| error("credential code refused", e))
}

/// The login token (64 hex digits) of a credential code, stretching it once. A page that also
/// encrypts keeps a [`VoterCredential`] instead, to stretch only once.
///
/// # Errors
/// A mistyped code.
#[wasm_bindgen]
pub fn credential_login_token(code: &str, scrutin_id: &str) -> Result<String, JsError> {
    Ok(VoterCredential::unlock(code, scrutin_id)?.login_token())
}

/// The tracker (64 hex digits) of an encoded ballot, which the voter can look up in the public
/// record.
#[wasm_bindgen]
pub fn ballot_tracker(ballot: &[u8]) -> String {
    hex::encode(tracker_of(ballot))
}

/// The booth for one election: its fingerprint, key and lists.
#[wasm_bindgen]
pub struct Booth {
    ctx: BallotContext,
}

#[wasm_bindgen]
impl Booth {
    /// A booth for the election with this manifest fingerprint and key (64 hex digits each) and
    /// these numbers of candidates per list, in ballot order.
    ///
    /// # Errors
    /// A malformed fingerprint or key, or an empty shape.
    #[wasm_bindgen(constructor)]
    pub fn new(
        fingerprint_hex: &str,
        election_key_hex: &str,
        candidates_per_list: Vec<u32>,
    ) -> Result<Booth, JsError> {
        let fingerprint = ElectionFingerprint(hex32("election fingerprint", fingerprint_hex)?);
        let key = ElectionPublicKey::from_bytes(&hex32("election key", election_key_hex)?)
            .ok_or_else(|| JsError::new("election key is not a valid public key"))?;
        let shape = BallotShape::new(candidates_per_list)
            .map_err(|e| error("election shape refused", e))?;
        Ok(Booth {
            ctx: BallotContext {
                fingerprint,
                key,
                shape,
            },
        })
    }

    /// Size of a ballot of this election, in bytes.
    pub fn ballot_length(&self) -> usize {
        self.ctx.shape.ballot_bytes()
    }

    /// Whether the choice counts as a blank vote: [`BLANK`] itself, or a list with every
    /// candidate struck (the review screen must say so; [`encrypt`](Booth::encrypt) refuses the
    /// latter, the page encrypts [`BLANK`] instead).
    ///
    /// # Errors
    /// A list or candidate that does not exist, or a candidate struck twice.
    pub fn counts_as_blank(&self, list: i32, struck: Vec<u32>) -> Result<bool, JsError> {
        match choice(list, struck)?.normalized(&self.ctx.shape) {
            Choice::Blank => Ok(true),
            other => {
                other
                    .validate(&self.ctx.shape)
                    .map_err(|e| error("choice refused", e))?;
                Ok(false)
            }
        }
    }

    /// Encrypts the choice, proves it well-formed and signs it with the credential's key for
    /// `election_id`; returns the encoded ballot to cast.
    ///
    /// # Errors
    /// An invalid choice, including a list with every candidate struck (see
    /// [`counts_as_blank`](Booth::counts_as_blank)).
    pub fn encrypt(
        &self,
        credential: &VoterCredential,
        election_id: &str,
        list: i32,
        struck: Vec<u32>,
    ) -> Result<Vec<u8>, JsError> {
        let choice = choice(list, struck)?;
        let keys = credential.seed.election_keys(election_id);
        let ballot = EncryptedBallot::encrypt(&self.ctx, &choice, &keys, &mut OsRng)
            .map_err(|e| error("choice refused", e))?;
        Ok(ballot.to_bytes())
    }
}

/// The `urne-crypto` choice for `(list, struck)` (see the module's documentation).
fn choice(list: i32, struck: Vec<u32>) -> Result<Choice, JsError> {
    let simple = match list {
        BLANK => Choice::Blank,
        NUL => Choice::Nul,
        list => {
            let list = usize::try_from(list)
                .map_err(|_| error("choice refused", format!("no list with index {list}")))?;
            let struck = struck.into_iter().map(|c| c as usize).collect();
            return Ok(Choice::List { list, struck });
        }
    };
    if !struck.is_empty() {
        return Err(JsError::new(
            "choice refused: candidates can be struck only on a list",
        ));
    }
    Ok(simple)
}
