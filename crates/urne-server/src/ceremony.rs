//! The key ceremony on the server (Article 9.9 of the agreement, `docs/protocol.md` §8 and
//! §13.5): the server is only the bulletin board. It freezes the set-up by publishing the
//! manifests and the ceremony's parameters, then takes each BVC member's message of each step,
//! checks what can be checked, and appends it to the record; when every member has confirmed
//! their share, it publishes the election key. No secret ever reaches it: members compute in
//! their browsers (`urne-wasm`'s `Trustee`).
//!
//! Steps, each open once every member has published the previous one:
//! 1. announcement (checked: the member's own, a valid proof);
//! 2. dealing (checked: the member's own; bad dealings disqualify their dealer at the outcome);
//! 3. complaints, usually none (checked: made by the member);
//! 4. confirmation (checked against the outcome: the member's share matches their key).

use rand::rngs::OsRng;
use urne_crypto::dkg::{check_announcement, CeremonyOutcome, CeremonyParams, DkgError};
use urne_record::bureau::BureauKey;
use urne_record::ceremony::{self, CeremonySetup, Messages, WireError};
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::receipt::ServerKey;
use urne_store::registry::{Scrutin, ScrutinStatus};
use urne_store::StoreError;

use crate::app::AppState;
use crate::opening::{manifests_and_carences, OpeningError};

/// A step of the ceremony.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// 1.
    Announcement,
    /// 2.
    Dealing,
    /// 3.
    Complaints,
    /// 4.
    Confirmation,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 4] = [
        Step::Announcement,
        Step::Dealing,
        Step::Complaints,
        Step::Confirmation,
    ];

    /// The record's event kind.
    pub fn kind(self) -> &'static str {
        match self {
            Step::Announcement => kind::CEREMONY_ANNOUNCEMENT,
            Step::Dealing => kind::CEREMONY_DEALING,
            Step::Complaints => kind::CEREMONY_COMPLAINTS,
            Step::Confirmation => kind::CEREMONY_CONFIRMATION,
        }
    }

    /// The name in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Step::Announcement => "announcement",
            Step::Dealing => "dealing",
            Step::Complaints => "complaints",
            Step::Confirmation => "confirmation",
        }
    }

    /// Parses [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Why a ceremony action was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum CeremonyError {
    /// Publishing the manifests failed (lists not locked, an election without a list, store).
    Opening(OpeningError),
    /// The scrutin is not at the stage this needs; says which stage it is at.
    Stage(ScrutinStatus),
    /// The bureau is not named, or `t` is out of range.
    NoBureau,
    /// The previous step is not complete.
    TooEarly(Step),
    /// This member already published this step.
    AlreadyPublished(Step),
    /// The message does not decode.
    Message(WireError),
    /// The message is signed as member `.0`'s, not the sender's.
    OtherMember(u32),
    /// The message fails its check.
    Refused(DkgError),
}

impl core::fmt::Display for CeremonyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CeremonyError::Opening(e) => write!(f, "{e}"),
            CeremonyError::Stage(status) => {
                write!(f, "the scrutin is at stage {}", status.as_str())
            }
            CeremonyError::NoBureau => write!(f, "the BVC and its threshold are not set"),
            CeremonyError::TooEarly(step) => {
                write!(
                    f,
                    "every member must publish the step before {}",
                    step.name()
                )
            }
            CeremonyError::AlreadyPublished(step) => {
                write!(f, "this member already published their {}", step.name())
            }
            CeremonyError::Message(e) => write!(f, "{e}"),
            CeremonyError::OtherMember(member) => {
                write!(f, "this message is member {member}'s, not yours")
            }
            CeremonyError::Refused(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CeremonyError {}

impl From<StoreError> for CeremonyError {
    fn from(e: StoreError) -> Self {
        CeremonyError::Opening(OpeningError::Store(e))
    }
}

impl From<OpeningError> for CeremonyError {
    fn from(e: OpeningError) -> Self {
        CeremonyError::Opening(e)
    }
}

/// The ceremony as the record holds it: parameters, and each member's message of each step
/// (the first one a member published; the canonical JSON text).
#[derive(Clone, Debug)]
pub struct Board {
    /// Its parameters.
    pub setup: CeremonySetup,
    /// `[step][member − 1]`.
    pub messages: [Vec<Option<String>>; 4],
}

impl Board {
    /// The parameters for `urne-crypto`.
    ///
    /// # Errors
    /// Never for a setup this module wrote.
    pub fn params(&self) -> Result<CeremonyParams, CeremonyError> {
        self.setup
            .params()
            .map_err(|_| CeremonyError::Refused(DkgError::Parameters))
    }

    /// Whether every member published `step`.
    pub fn complete(&self, step: Step) -> bool {
        self.messages[step as usize].iter().all(Option::is_some)
    }

    /// The messages of `step` published so far, by member.
    pub fn published(&self, step: Step) -> impl Iterator<Item = &str> {
        self.messages[step as usize]
            .iter()
            .flatten()
            .map(String::as_str)
    }

    /// The messages of a complete step as the JSON array `urne-wasm`'s `Trustee` reads (the
    /// members' complaints flattened out of their envelopes); `null` before the step is
    /// complete.
    pub fn step_json(&self, step: Step) -> serde_json::Value {
        if !self.complete(step) {
            return serde_json::Value::Null;
        }
        let items: Vec<serde_json::Value> = self
            .published(step)
            .filter_map(|text| serde_json::from_str(text).ok())
            .collect();
        match step {
            Step::Complaints => items
                .iter()
                .flat_map(|envelope| {
                    envelope["complaints"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                })
                .collect(),
            _ => serde_json::Value::Array(items),
        }
    }

    /// The decoded messages of every step.
    ///
    /// # Errors
    /// [`CeremonyError::Message`] (never for messages this module checked).
    pub fn decoded(&self) -> Result<Messages, CeremonyError> {
        let mut messages = Messages::default();
        for step in Step::ALL {
            for text in self.published(step) {
                messages
                    .push(step.kind(), text.as_bytes())
                    .map_err(CeremonyError::Message)?;
            }
        }
        Ok(messages)
    }

    /// The outcome, once steps 1 to 3 are complete.
    ///
    /// # Errors
    /// [`CeremonyError::TooEarly`], or the ceremony failing ([`CeremonyError::Refused`]).
    pub fn outcome(&self) -> Result<CeremonyOutcome, CeremonyError> {
        if !self.complete(Step::Complaints) {
            return Err(CeremonyError::TooEarly(Step::Confirmation));
        }
        self.decoded()?
            .outcome(&self.params()?, &mut OsRng)
            .map_err(CeremonyError::Refused)
    }
}

/// Reads the ceremony from the scrutin's record; `None` before it starts.
///
/// # Errors
/// Store errors; a malformed stored event.
pub async fn board(state: &AppState, scrutin: &Scrutin) -> Result<Option<Board>, CeremonyError> {
    // Only the ceremony's kinds: the members' pages poll this, and the record may already hold
    // large credential lists.
    let ballot_box = &state.stores.ballot_box;
    let record = &scrutin.record_uid;
    let Some(setup) = ballot_box
        .event_payloads(record, kind::CEREMONY)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let setup = CeremonySetup::from_bytes(&setup)
        .map_err(|e| CeremonyError::Message(WireError::from(e.to_string())))?;
    let n = setup.members as usize;
    let mut messages: [Vec<Option<String>>; 4] = std::array::from_fn(|_| vec![None; n]);
    for step in Step::ALL {
        for payload in ballot_box.event_payloads(record, step.kind()).await? {
            let text = String::from_utf8_lossy(&payload).into_owned();
            let member = member_of(step, &text).map_err(CeremonyError::Message)?;
            if let Some(slot) = messages[step as usize].get_mut((member as usize).wrapping_sub(1)) {
                slot.get_or_insert(text);
            }
        }
    }
    Ok(Some(Board { setup, messages }))
}

/// The member a stored message is from.
fn member_of(step: Step, text: &str) -> Result<u32, WireError> {
    Ok(match step {
        Step::Announcement => ceremony::announcement_from_json(text)?.member,
        Step::Dealing => ceremony::dealing_from_json(text)?.dealer,
        Step::Complaints => ceremony::member_complaints_from_json(text)?.0,
        Step::Confirmation => ceremony::confirmation_from_json(text)?.member,
    })
}

/// Freezes the set-up and opens the ceremony: publishes the manifests and the ceremony's
/// parameters (N, t, the context binding them) in one transaction; the scrutin moves to
/// [`ScrutinStatus::Ceremony`]. Elections without any candidate get no manifest: they are
/// marked carence (no vote there, a PV de carence).
///
/// # Errors
/// [`CeremonyError`]: not in set-up, lists not locked, no bureau, no election with a list.
pub async fn start(state: &AppState, scrutin: &Scrutin) -> Result<CeremonySetup, CeremonyError> {
    if scrutin.status != ScrutinStatus::Setup {
        return Err(CeremonyError::Stage(scrutin.status));
    }
    if !scrutin.lists_locked {
        return Err(OpeningError::ListsNotLocked.into());
    }
    let members = state.stores.registry.bureau_members(scrutin.id).await?;
    let n = members.len() as u32;
    if scrutin.threshold < 2 || scrutin.threshold > n {
        return Err(CeremonyError::NoBureau);
    }
    let (manifests, carences) = manifests_and_carences(&state.stores, scrutin).await?;
    if manifests.is_empty() {
        return Err(OpeningError::NoList(scrutin.record_uid.clone()).into());
    }
    let fingerprints: Vec<_> = manifests.iter().map(Manifest::fingerprint).collect();
    let setup = CeremonySetup {
        context: hex::encode(ceremony::context(&scrutin.record_uid, &fingerprints)),
        members: n,
        threshold: scrutin.threshold,
    };
    let bytes: Vec<Vec<u8>> = manifests.iter().map(Manifest::to_bytes).collect();
    let setup_bytes = setup.to_bytes();
    let mut events: Vec<(&str, &[u8])> = bytes
        .iter()
        .map(|m| (kind::MANIFEST, m.as_slice()))
        .collect();
    events.push((kind::CEREMONY, &setup_bytes));
    state
        .stores
        .ballot_box
        .append_events(&scrutin.record_uid, &events)
        .await?;
    let registry = &state.stores.registry;
    registry.set_carence(&carences).await?;
    registry
        .set_scrutin_status(scrutin.id, ScrutinStatus::Ceremony)
        .await?;
    Ok(setup)
}

/// What a published message led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Published {
    /// Stored; the ceremony goes on.
    Stored,
    /// It was the last confirmation: the election key is published.
    Keyed(BureauKey),
}

/// Member `member` publishes their message of `step` (JSON text as `urne-wasm` writes it).
///
/// # Errors
/// [`CeremonyError`] naming what is wrong; nothing is stored then.
pub async fn publish(
    state: &AppState,
    scrutin: &Scrutin,
    member: u32,
    step: Step,
    text: &str,
) -> Result<Published, CeremonyError> {
    if scrutin.status != ScrutinStatus::Ceremony {
        return Err(CeremonyError::Stage(scrutin.status));
    }
    let board = board(state, scrutin)
        .await?
        .ok_or(CeremonyError::NoBureau)?;
    let params = board.params()?;
    if let Some(previous) = Step::ALL.get((step as usize).wrapping_sub(1)) {
        if !board.complete(*previous) {
            return Err(CeremonyError::TooEarly(step));
        }
    }
    let slot = board.messages[step as usize]
        .get((member as usize).wrapping_sub(1))
        .ok_or(CeremonyError::Refused(DkgError::Member(member)))?;
    if slot.is_some() {
        return Err(CeremonyError::AlreadyPublished(step));
    }
    let not_theirs = |other: u32| {
        if other == member {
            Ok(())
        } else {
            Err(CeremonyError::OtherMember(other))
        }
    };
    let canonical = match step {
        Step::Announcement => {
            let a = ceremony::announcement_from_json(text).map_err(CeremonyError::Message)?;
            not_theirs(a.member)?;
            check_announcement(&params, &a, &mut OsRng).map_err(CeremonyError::Refused)?;
            ceremony::announcement_to_json(&a)
        }
        Step::Dealing => {
            let d = ceremony::dealing_from_json(text).map_err(CeremonyError::Message)?;
            not_theirs(d.dealer)?;
            ceremony::dealing_to_json(&d)
        }
        Step::Complaints => {
            let complaints =
                ceremony::complaints_from_json(text).map_err(CeremonyError::Message)?;
            for c in &complaints {
                not_theirs(c.complainer)?;
            }
            ceremony::member_complaints_to_json(member, &complaints)
        }
        Step::Confirmation => {
            let c = ceremony::confirmation_from_json(text).map_err(CeremonyError::Message)?;
            not_theirs(c.member)?;
            board
                .outcome()?
                .check_confirmation(&params, &c, &mut OsRng)
                .map_err(CeremonyError::Refused)?;
            ceremony::confirmation_to_json(&c)
        }
    };
    state
        .stores
        .ballot_box
        .append_event(&scrutin.record_uid, step.kind(), canonical.as_bytes())
        .await?;
    if step != Step::Confirmation {
        return Ok(Published::Stored);
    }
    finish(state, scrutin, &params).await
}

/// Publishes the election key once every member has confirmed. Read again after each
/// confirmation is stored, so that two members confirming at once cannot both miss being the
/// last; of two instances publishing at once, the record's first `bureau` event counts.
async fn finish(
    state: &AppState,
    scrutin: &Scrutin,
    params: &CeremonyParams,
) -> Result<Published, CeremonyError> {
    let board = board(state, scrutin)
        .await?
        .ok_or(CeremonyError::NoBureau)?;
    let ballot_box = &state.stores.ballot_box;
    let published = !ballot_box
        .event_payloads(&scrutin.record_uid, kind::BUREAU)
        .await?
        .is_empty();
    if !board.complete(Step::Confirmation) || published {
        return Ok(Published::Stored);
    }
    let outcome = board.outcome()?;
    let bureau = BureauKey::from_outcome(params.members(), &outcome);
    let bureau_bytes = bureau.to_bytes();
    let server_key = ServerKey::of(&state.receipt_key.verifying_key()).to_bytes();
    let events: [(&str, &[u8]); 2] = [
        (kind::BUREAU, &bureau_bytes),
        (kind::SERVER_KEY, &server_key),
    ];
    ballot_box
        .append_events(&scrutin.record_uid, &events)
        .await?;
    state
        .stores
        .registry
        .set_scrutin_status(scrutin.id, ScrutinStatus::Keyed)
        .await?;
    Ok(Published::Keyed(bureau))
}
