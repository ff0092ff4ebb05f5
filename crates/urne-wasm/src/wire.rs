//! The JSON encoding of the key ceremony's messages, as the bureau pages exchange them.
//!
//! `urne-crypto` gives its DKG messages public fields but no byte encoding, so this module defines
//! one: one JSON object per message, every point, proof or masked share as lowercase hex of its
//! canonical bytes (points 32 bytes, Schnorr proofs 64 `R ‖ s`, Chaum–Pedersen proofs 96), and a
//! step's messages as a JSON array of objects:
//!
//! ```json
//! {"member": 1, "encryption_key": "<32 B>", "proof": "<64 B>"}                      // announcement
//! {"dealer": 1, "commitments": ["<32 B>", …], "proof": "<64 B>",
//!  "shares": [{"ephemeral": "<32 B>", "masked": "<32 B>"}, …]}                      // dealing
//! {"dealer": 1, "complainer": 2, "shared_secret": "<32 B>", "proof": "<96 B>"}     // complaint
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
//! uses them. Unknown fields are refused. Left out: any versioning or framing (the server's record
//! format wraps these) and any encoding of secrets.

use curve25519_dalek::ristretto::CompressedRistretto;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use urne_crypto::dkg::{
    Announcement, CeremonyOutcome, Complaint, Confirmation, Dealing, EncryptedShare,
};
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

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnouncementJson {
    member: u32,
    encryption_key: String,
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
    dealer: u32,
    commitments: Vec<String>,
    proof: String,
    shares: Vec<ShareJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintJson {
    dealer: u32,
    complainer: u32,
    shared_secret: String,
    proof: String,
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
    qualified: Vec<u32>,
    disqualified: Vec<DisqualifiedJson>,
    election_key: String,
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
    items
        .into_iter()
        .map(|c| {
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
        })
        .collect()
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
