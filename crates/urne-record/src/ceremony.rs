//! The key ceremony's messages (`docs/protocol.md` §13.5), as the bureau pages exchange them and
//! the record keeps them.
//!
//! `urne-crypto` gives its DKG messages public fields but no byte encoding, so this module defines
//! one: one canonical JSON object per message (keys sorted), every point, proof or masked share as lowercase hex of its
//! canonical bytes (points 32 bytes, Schnorr proofs 64 `R ‖ s`, Chaum–Pedersen proofs 96), and a
//! step's messages as a JSON array of objects:
//!
//! ```json
//! {"encryption_key": "<32 B>", "member": 1, "proof": "<64 B>"}                      // announcement
//! {"commitments": ["<32 B>", …], "dealer": 1, "proof": "<64 B>",
//!  "shares": [{"ephemeral": "<32 B>", "masked": "<32 B>"}, …]}                      // dealing
//! {"complainer": 2, "dealer": 1, "proof": "<96 B>", "shared_secret": "<32 B>"}     // complaint
//! {"member": 1, "proof": "<64 B>"}                                                 // confirmation
//! ```
//!
//! and the ceremony's outcome, which is only ever computed, never read back:
//!
//! ```json
//! {"qualified": [1, 2, 3], "disqualified": [{"member": 4, "reason": "complaint"}],
//!  "election_key": "<32 B>", "verification_keys": ["<32 B>", …]}
//! ```
//!
//! Decoding checks lengths and scalar canonicity only; points are checked where `urne-crypto`
//! uses them. Unknown fields are refused. In the record, each member's message of each step is one
//! event ([`crate::kind::CEREMONY_ANNOUNCEMENT`] …), its payload one object (a member's complaints:
//! `{"complaints": [...], "member": 2}`, [`member_complaints_to_json`]); [`Messages`] gathers them
//! back. Nothing secret is ever encoded here.

use curve25519_dalek::ristretto::CompressedRistretto;
use rand_core::{CryptoRng, RngCore};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use urne_crypto::dkg::{
    Announcement, CeremonyOutcome, CeremonyParams, Complaint, Confirmation, Dealing, DkgError,
    EncryptedShare,
};
use urne_crypto::{ElectionFingerprint, Transcript};

use crate::{kind, FormatError};
use urne_crypto::encoding::Reader;
use urne_crypto::proofs::{DleqProof, SchnorrProof};
use urne_crypto::DecodeError;

/// Why a message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError(String);

impl core::fmt::Display for WireError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

impl From<String> for WireError {
    fn from(message: String) -> Self {
        WireError(message)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnouncementJson {
    encryption_key: String,
    member: u32,
    proof: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareJson {
    ephemeral: String,
    masked: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DealingJson {
    commitments: Vec<String>,
    dealer: u32,
    proof: String,
    shares: Vec<ShareJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintJson {
    complainer: u32,
    dealer: u32,
    proof: String,
    shared_secret: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmationJson {
    member: u32,
    proof: String,
}

#[derive(Serialize)]
struct DisqualifiedJson {
    member: u32,
    reason: &'static str,
}

#[derive(Serialize)]
struct OutcomeJson {
    disqualified: Vec<DisqualifiedJson>,
    election_key: String,
    qualified: Vec<u32>,
    verification_keys: Vec<String>,
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing these structs (strings, integers, vectors) cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, WireError> {
    serde_json::from_str(text).map_err(|e| WireError(format!("{what}: invalid JSON: {e}")))
}

fn point_hex(point: &CompressedRistretto) -> String {
    hex::encode(point.as_bytes())
}

fn bytes32(what: &str, text: &str) -> Result<[u8; 32], WireError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out)
        .map_err(|e| WireError(format!("{what}: expected 64 hexadecimal digits: {e}")))?;
    Ok(out)
}

fn point(what: &str, text: &str) -> Result<CompressedRistretto, WireError> {
    bytes32(what, text).map(CompressedRistretto)
}

/// Decodes hex `text` with `read`, requiring every byte to be read.
fn read_hex<T>(
    what: &str,
    text: &str,
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, WireError> {
    let bytes = hex::decode(text).map_err(|e| WireError(format!("{what}: invalid hex: {e}")))?;
    let mut reader = Reader::new(&bytes);
    let value = read(&mut reader).map_err(|e| WireError(format!("{what}: {e}")))?;
    reader
        .finish()
        .map_err(|e| WireError(format!("{what}: {e}")))?;
    Ok(value)
}

fn schnorr_hex(proof: &SchnorrProof) -> String {
    hex::encode(proof.to_bytes())
}

fn schnorr(what: &str, text: &str) -> Result<SchnorrProof, WireError> {
    read_hex(what, text, SchnorrProof::read)
}

fn dleq_hex(proof: &DleqProof) -> String {
    let mut out = Vec::with_capacity(DleqProof::BYTES);
    proof.write(&mut out);
    hex::encode(out)
}

fn dleq(what: &str, text: &str) -> Result<DleqProof, WireError> {
    read_hex(what, text, DleqProof::read)
}

/// An announcement as JSON.
pub fn announcement_to_json(announcement: &Announcement) -> String {
    to_json(&AnnouncementJson {
        member: announcement.member,
        encryption_key: point_hex(&announcement.encryption_key),
        proof: schnorr_hex(&announcement.proof),
    })
}

/// A dealing as JSON.
pub fn dealing_to_json(dealing: &Dealing) -> String {
    to_json(&DealingJson {
        dealer: dealing.dealer,
        commitments: dealing.commitments.iter().map(point_hex).collect(),
        proof: schnorr_hex(&dealing.proof),
        shares: dealing
            .shares
            .iter()
            .map(|s| ShareJson {
                ephemeral: point_hex(&s.ephemeral),
                masked: hex::encode(s.masked),
            })
            .collect(),
    })
}

fn complaint_json(complaint: &Complaint) -> ComplaintJson {
    ComplaintJson {
        dealer: complaint.dealer,
        complainer: complaint.complainer,
        shared_secret: point_hex(&complaint.shared_secret),
        proof: dleq_hex(&complaint.proof),
    }
}

/// A list of complaints as a JSON array.
pub fn complaints_to_json(complaints: &[Complaint]) -> String {
    to_json(&complaints.iter().map(complaint_json).collect::<Vec<_>>())
}

/// A confirmation as JSON.
pub fn confirmation_to_json(confirmation: &Confirmation) -> String {
    to_json(&ConfirmationJson {
        member: confirmation.member,
        proof: schnorr_hex(&confirmation.proof),
    })
}

/// A ceremony's outcome as JSON.
pub fn outcome_to_json(outcome: &CeremonyOutcome) -> String {
    to_json(&OutcomeJson {
        qualified: outcome.qualified.clone(),
        disqualified: outcome
            .disqualified
            .iter()
            .map(|&(member, reason)| DisqualifiedJson { member, reason })
            .collect(),
        election_key: point_hex(outcome.election_key.compressed()),
        verification_keys: outcome
            .verification_keys
            .iter()
            .map(|k| point_hex(&k.compress()))
            .collect(),
    })
}

/// Decodes a JSON array of announcements.
///
/// # Errors
/// Invalid JSON, an unknown field, or a malformed point or proof, named.
pub fn announcements_from_json(text: &str) -> Result<Vec<Announcement>, WireError> {
    let items: Vec<AnnouncementJson> = from_json("announcements", text)?;
    items
        .into_iter()
        .map(|a| {
            let what = format!("announcement of member {}", a.member);
            Ok(Announcement {
                member: a.member,
                encryption_key: point(&what, &a.encryption_key)?,
                proof: schnorr(&what, &a.proof)?,
            })
        })
        .collect()
}

/// Decodes a JSON array of dealings.
///
/// # Errors
/// Invalid JSON, an unknown field, or a malformed point, proof or share, named.
pub fn dealings_from_json(text: &str) -> Result<Vec<Dealing>, WireError> {
    let items: Vec<DealingJson> = from_json("dealings", text)?;
    items
        .into_iter()
        .map(|d| {
            let what = format!("dealing of member {}", d.dealer);
            let commitments = d
                .commitments
                .iter()
                .map(|c| point(&what, c))
                .collect::<Result<_, _>>()?;
            let shares = d
                .shares
                .iter()
                .map(|s| {
                    Ok(EncryptedShare {
                        ephemeral: point(&what, &s.ephemeral)?,
                        masked: bytes32(&what, &s.masked)?,
                    })
                })
                .collect::<Result<_, WireError>>()?;
            Ok(Dealing {
                dealer: d.dealer,
                commitments,
                proof: schnorr(&what, &d.proof)?,
                shares,
            })
        })
        .collect()
}

/// Decodes a JSON array of complaints.
///
/// # Errors
/// Invalid JSON, an unknown field, or a malformed point or proof, named.
pub fn complaints_from_json(text: &str) -> Result<Vec<Complaint>, WireError> {
    let items: Vec<ComplaintJson> = from_json("complaints", text)?;
    items.into_iter().map(complaint_from).collect()
}

fn complaint_from(c: ComplaintJson) -> Result<Complaint, WireError> {
    let what = format!(
        "complaint of member {} against member {}",
        c.complainer, c.dealer
    );
    Ok(Complaint {
        dealer: c.dealer,
        complainer: c.complainer,
        shared_secret: point(&what, &c.shared_secret)?,
        proof: dleq(&what, &c.proof)?,
    })
}

/// Decodes a JSON array of confirmations.
///
/// # Errors
/// Invalid JSON, an unknown field, or a malformed proof, named.
pub fn confirmations_from_json(text: &str) -> Result<Vec<Confirmation>, WireError> {
    let items: Vec<ConfirmationJson> = from_json("confirmations", text)?;
    items
        .into_iter()
        .map(|c| {
            let what = format!("confirmation of member {}", c.member);
            Ok(Confirmation {
                member: c.member,
                proof: schnorr(&what, &c.proof)?,
            })
        })
        .collect()
}

fn single<T>(items: Vec<T>, what: &str) -> Result<T, WireError> {
    let count = items.len();
    let mut items = items.into_iter();
    match (items.next(), items.next()) {
        (Some(item), None) => Ok(item),
        _ => Err(WireError(format!(
            "{what}: expected one object, found {count}"
        ))),
    }
}

/// Decodes one announcement (one JSON object).
///
/// # Errors
/// As [`announcements_from_json`].
pub fn announcement_from_json(text: &str) -> Result<Announcement, WireError> {
    single(
        announcements_from_json(&format!("[{text}]"))?,
        "announcement",
    )
}

/// Decodes one dealing (one JSON object).
///
/// # Errors
/// As [`dealings_from_json`].
pub fn dealing_from_json(text: &str) -> Result<Dealing, WireError> {
    single(dealings_from_json(&format!("[{text}]"))?, "dealing")
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberComplaintsJson {
    complaints: Vec<ComplaintJson>,
    member: u32,
}

/// A member's complaints as the record keeps them (one event per member, even with none):
/// `{"complaints": [...], "member": 2}`.
pub fn member_complaints_to_json(member: u32, complaints: &[Complaint]) -> String {
    to_json(&MemberComplaintsJson {
        complaints: complaints.iter().map(complaint_json).collect(),
        member,
    })
}

/// Decodes [`member_complaints_to_json`]: the member and their complaints, each made by them.
///
/// # Errors
/// As [`complaints_from_json`], and a complaint made by another member.
pub fn member_complaints_from_json(text: &str) -> Result<(u32, Vec<Complaint>), WireError> {
    let item: MemberComplaintsJson = from_json("complaints", text)?;
    let member = item.member;
    let complaints = item
        .complaints
        .into_iter()
        .map(complaint_from)
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(c) = complaints.iter().find(|c| c.complainer != member) {
        return Err(WireError(format!(
            "complaints of member {member}: one is made by member {}",
            c.complainer
        )));
    }
    Ok((member, complaints))
}

/// Decodes one confirmation (one JSON object).
///
/// # Errors
/// As [`confirmations_from_json`].
pub fn confirmation_from_json(text: &str) -> Result<Confirmation, WireError> {
    single(
        confirmations_from_json(&format!("[{text}]"))?,
        "confirmation",
    )
}

/// The ceremony's context (`docs/protocol.md` §13.5): it binds every message and key share to
/// this scrutin and to its elections' manifests, in ballot order.
pub fn context(scrutin_uid: &str, manifests: &[ElectionFingerprint]) -> [u8; 32] {
    let mut transcript = Transcript::new("ceremony-context");
    transcript.append_bytes("scrutin", scrutin_uid.as_bytes());
    transcript.append_u64("elections", manifests.len() as u64);
    for fingerprint in manifests {
        transcript.append_fingerprint(fingerprint);
    }
    transcript.finish_32("context")
}

/// The `ceremony` event's payload: the ceremony's public parameters. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonySetup {
    /// The context ([`context`]), 64 hex digits.
    pub context: String,
    /// `N`.
    pub members: u32,
    /// `t`.
    pub threshold: u32,
}

impl CeremonySetup {
    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        crate::canonical::to_bytes(self)
    }

    /// Reads and checks a published payload.
    ///
    /// # Errors
    /// [`FormatError`] naming the field.
    pub fn from_bytes(bytes: &[u8]) -> Result<CeremonySetup, FormatError> {
        let setup: CeremonySetup = crate::canonical::from_bytes(bytes)?;
        setup.params()?;
        Ok(setup)
    }

    /// The parameters for `urne-crypto`.
    ///
    /// # Errors
    /// [`FormatError::Field`] for a malformed context or `t`, `N` outside `2 ≤ t ≤ N ≤ 1000`.
    pub fn params(&self) -> Result<CeremonyParams, FormatError> {
        let context = crate::canonical::hex32("context", &self.context)?;
        CeremonyParams::new(context, self.members, self.threshold)
            .map_err(|_| FormatError::Field("threshold"))
    }
}

/// Every published message of a ceremony, gathered from the record's events.
#[derive(Clone, Debug, Default)]
pub struct Messages {
    /// Step 1, one per member.
    pub announcements: Vec<Announcement>,
    /// Step 2, one per member.
    pub dealings: Vec<Dealing>,
    /// Step 3, every member's complaints.
    pub complaints: Vec<Complaint>,
    /// Step 4, one per member.
    pub confirmations: Vec<Confirmation>,
}

impl Messages {
    /// Adds the payload of one event of kind `kind`; other kinds are ignored.
    ///
    /// # Errors
    /// [`WireError`] for a payload that does not decode.
    pub fn push(&mut self, kind: &str, payload: &[u8]) -> Result<(), WireError> {
        let text =
            core::str::from_utf8(payload).map_err(|_| WireError(format!("{kind}: not UTF-8")))?;
        match kind {
            kind::CEREMONY_ANNOUNCEMENT => self.announcements.push(announcement_from_json(text)?),
            kind::CEREMONY_DEALING => self.dealings.push(dealing_from_json(text)?),
            kind::CEREMONY_COMPLAINTS => {
                self.complaints.extend(member_complaints_from_json(text)?.1)
            }
            kind::CEREMONY_CONFIRMATION => self.confirmations.push(confirmation_from_json(text)?),
            _ => {}
        }
        Ok(())
    }

    /// The outcome of steps 1–3: qualified members, election key, verification keys.
    ///
    /// # Errors
    /// [`DkgError`] naming the member at fault, or too few qualified members.
    pub fn outcome<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        rng: &mut R,
    ) -> Result<CeremonyOutcome, DkgError> {
        CeremonyOutcome::compute(
            params,
            &self.announcements,
            &self.dealings,
            &self.complaints,
            rng,
        )
    }
}
