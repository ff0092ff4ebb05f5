//! Vote receipts (Annex 1 §2.4): the elections, the date and time of each vote, the ballot's
//! tracker, and the server's signature (`urne-record::receipt`), which anyone can check against
//! the key published in the record.
//!
//! The server stores no receipt, and nothing that links a voter to a tracker. A receipt is
//! made when the vote is cast (the server holds the ballot then). Later, after a new login, the
//! voter's browser proves, for each election, that it holds the credential's key
//! (`urne-crypto::credential`, possession proof over this session's challenge); the server then
//! finds the ballot by that key and signs the receipt again. Downloads and e-mails take the
//! signed receipts back from the page and check the signature before rendering them, so they
//! need no storage either.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use urne_access::messages::{receipt_email, ReceiptLine};
use urne_crypto::CredentialPublicKey;
use urne_record::receipt::{Receipt, SignedReceipt};
use urne_store::registry::Scrutin;

use super::booth::{election_title, Voting};
use super::{address_key, check_csrf, check_limit, csrf_of};
use crate::app::Shared;
use crate::auth::ClientAddr;
use crate::calendar;
use crate::error::{Bilingual, WebError};
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::{attachment, render};

/// A signed receipt as the pages show it.
pub(super) struct ReceiptView {
    pub(super) election: String,
    pub(super) cast_at: String,
    /// The tracker in groups of eight hex digits.
    pub(super) tracker: String,
    pub(super) signature: String,
}

impl ReceiptView {
    pub(super) fn new(signed: &SignedReceipt, election: String, lang: Lang) -> ReceiptView {
        ReceiptView {
            election,
            cast_at: cast_at_secs(&signed.receipt.cast_at).map_or_else(
                || signed.receipt.cast_at.clone(),
                |s| calendar::show(s, lang),
            ),
            tracker: grouped(&signed.receipt.tracker),
            signature: signed.signature.clone(),
        }
    }
}

/// `aaaaaaaa bbbbbbbb …`.
fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The receipt's `cast_at` (`YYYY-MM-DDTHH:MMZ`) of Unix seconds.
fn minute_utc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs - secs.rem_euclid(60))
        .map(|t| t.strftime("%Y-%m-%dT%H:%MZ").to_string())
        .unwrap_or_default()
}

fn cast_at_secs(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z')?;
    let civil: jiff::civil::DateTime = text.parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// Signs the receipt of a vote recorded at `at`.
pub(super) fn sign_receipt(
    state: &Shared,
    scrutin: &Scrutin,
    election_uid: &str,
    tracker: &[u8; 32],
    at: i64,
) -> SignedReceipt {
    Receipt {
        cast_at: minute_utc(at),
        election: election_uid.to_owned(),
        scrutin: scrutin.record_uid.clone(),
        tracker: hex::encode(tracker),
    }
    .sign(&state.receipt_key, &mut rand::rngs::OsRng)
}

/// The signed receipts as one JSON array of their canonical forms (the file a voter saves).
pub(super) fn receipts_json(receipts: &[SignedReceipt]) -> String {
    let items: Vec<String> = receipts
        .iter()
        .map(|r| String::from_utf8_lossy(&r.to_bytes()).into_owned())
        .collect();
    format!("[{}]", items.join(","))
}

#[derive(Template)]
#[template(path = "voter_receipt.html")]
struct ReceiptPage {
    ctx: PageCtx,
    uid: String,
    csrf: String,
    /// The voted elections, for the request form.
    voted: Vec<Voted>,
    receipts: Vec<ReceiptView>,
    receipts_json: String,
    /// Elections whose proof did not check out (their receipt is missing).
    missing: usize,
    sent: bool,
}

/// An election where the voter's émargement is.
struct Voted {
    uid: String,
    title: String,
    /// When, in Unix seconds, and for people.
    at: i64,
    shown: String,
}

/// The voter's elections with an émargement.
async fn voted(state: &Shared, voting: &Voting, lang: Lang) -> Result<Vec<Voted>, WebError> {
    let marks = state
        .stores
        .registry
        .emargements_of(voting.voter_id, voting.scrutin.id)
        .await?;
    let mut out = Vec::new();
    for election in &voting.elections {
        if let Some((_, at)) = marks.iter().find(|(id, _)| *id == election.id) {
            out.push(Voted {
                uid: election.election_uid.clone(),
                title: election_title(state, election, Tr(lang)).await?,
                at: *at,
                shown: calendar::show(*at, lang),
            });
        }
    }
    Ok(out)
}

/// `GET /vote/{uid}/receipt`: the voter's votes, and the form through which their browser asks
/// for the signed receipt.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn receipt_page(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
) -> Result<Response, WebError> {
    let uid = voting.scrutin.record_uid.clone();
    let page = ReceiptPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/receipt")),
        csrf: csrf_of(&state, &voting.token),
        voted: voted(&state, &voting, lang).await?,
        receipts: Vec::new(),
        receipts_json: String::new(),
        missing: 0,
        sent: false,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// One election's possession proof, as the browser sends it.
#[derive(Deserialize)]
struct Possession {
    election: String,
    key: String,
    proof: String,
}

/// The receipt request: the CSRF token and the browser's proofs (JSON).
#[derive(Deserialize)]
pub struct ReceiptRequest {
    csrf: String,
    #[serde(default)]
    proofs: String,
}

/// `N` bytes written as `2N` hex digits.
fn fixed<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(hex, &mut out).ok().map(|()| out)
}

fn bad(fr: impl Into<String>, en: impl Into<String>) -> WebError {
    WebError::BadRequest(Bilingual::new(fr, en))
}

/// `POST /vote/{uid}/receipt`: checks each possession proof and signs the receipt of each
/// election where the voter voted and the proven credential's ballot is in the box.
///
/// # Errors
/// [`WebError::Csrf`], [`WebError::BadRequest`] for malformed proofs.
pub async fn receipt(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
    Form(form): Form<ReceiptRequest>,
) -> Result<Response, WebError> {
    let uid = voting.scrutin.record_uid.clone();
    check_csrf(&state, &voting.token, &form.csrf)?;
    let proofs: Vec<Possession> = serde_json::from_str(&form.proofs).map_err(|e| {
        bad(
            format!("Demande d'accusé illisible ({e})."),
            format!("Unreadable receipt request ({e})."),
        )
    })?;
    let challenge = csrf_of(&state, &voting.token);
    let voted = voted(&state, &voting, lang).await?;
    let mut receipts = Vec::new();
    let mut signed = Vec::new();
    for election in &voted {
        let election_uid = &election.uid;
        let Some(possession) = proofs.iter().find(|p| p.election == *election_uid) else {
            continue;
        };
        let (Some(key), Some(proof)) =
            (fixed::<32>(&possession.key), fixed::<64>(&possession.proof))
        else {
            continue;
        };
        let public = CredentialPublicKey::from_bytes(key);
        if public
            .verify_possession_vartime(
                election_uid,
                challenge.as_bytes(),
                &proof,
                &mut rand::rngs::OsRng,
            )
            .is_err()
        {
            continue;
        }
        let Some((_, tracker)) = state.stores.ballot_box.ballot(election_uid, &key).await? else {
            continue;
        };
        let Ok(tracker) = <[u8; 32]>::try_from(tracker) else {
            continue;
        };
        let receipt = sign_receipt(&state, &voting.scrutin, election_uid, &tracker, election.at);
        receipts.push(ReceiptView::new(&receipt, election.title.clone(), lang));
        signed.push(receipt);
    }
    let page = ReceiptPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/receipt")),
        csrf: challenge,
        missing: voted.len() - signed.len(),
        voted,
        receipts,
        receipts_json: receipts_json(&signed),
        sent: false,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// Signed receipts sent back by the page, to download or send.
#[derive(Deserialize)]
pub struct ReceiptsForm {
    csrf: String,
    receipts: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    email: String,
}

/// The receipts of `form`, each checked: canonical, signed by this server, of this scrutin and
/// of one of the voter's elections; with each election's title.
fn checked_receipts(
    state: &Shared,
    voting: &Voting,
    text: &str,
) -> Result<Vec<SignedReceipt>, WebError> {
    let invalid = |fr: String, en: String| {
        bad(
            format!("Accusé de réception invalide : {fr}."),
            format!("Invalid receipt: {en}."),
        )
    };
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        invalid(
            format!("ce n'est pas du JSON ({e})"),
            format!("not JSON ({e})"),
        )
    })?;
    // One receipt per election at most: more is not a receipt of this voter's.
    if values.len() > voting.elections.len() {
        return Err(invalid(
            format!(
                "{} accusés pour {} élections",
                values.len(),
                voting.elections.len()
            ),
            format!(
                "{} receipts for {} elections",
                values.len(),
                voting.elections.len()
            ),
        ));
    }
    let key = state.receipt_key.verifying_key();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let n = index + 1;
            let signed = SignedReceipt::from_bytes(value.to_string().as_bytes())
                .map_err(|e| invalid(format!("n° {n}, {e}"), format!("no. {n}, {e}")))?;
            signed.verify(&key, &mut rand::rngs::OsRng).map_err(|_| {
                invalid(
                    format!("n° {n}, la signature ne correspond pas (accusé modifié ?)"),
                    format!("no. {n}, the signature does not match (receipt edited?)"),
                )
            })?;
            let mine = voting
                .elections
                .iter()
                .any(|e| e.election_uid == signed.receipt.election);
            if signed.receipt.scrutin != voting.scrutin.record_uid || !mine {
                return Err(invalid(
                    format!("n° {n}, il concerne une autre élection que les vôtres"),
                    format!("no. {n}, it is about an election that is not yours"),
                ));
            }
            Ok(signed)
        })
        .collect()
}

/// The election title of a receipt.
async fn title_of(
    state: &Shared,
    voting: &Voting,
    receipt: &SignedReceipt,
    tr: Tr,
) -> Result<String, WebError> {
    match voting
        .elections
        .iter()
        .find(|e| e.election_uid == receipt.receipt.election)
    {
        Some(election) => election_title(state, election, tr).await,
        None => Ok(receipt.receipt.election.clone()),
    }
}

/// `POST /vote/{uid}/receipt/download`: the receipts as a PDF (`format=pdf`) or as the signed
/// file (`format=json`).
///
/// # Errors
/// [`WebError::BadRequest`] for receipts this server did not sign.
pub async fn download(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
    Form(form): Form<ReceiptsForm>,
) -> Result<Response, WebError> {
    let uid = voting.scrutin.record_uid.clone();
    check_csrf(&state, &voting.token, &form.csrf)?;
    let receipts = checked_receipts(&state, &voting, &form.receipts)?;
    if form.format == "json" {
        return Ok(attachment(
            "application/json",
            "accuse-de-reception.json",
            receipts_json(&receipts).into_bytes(),
        ));
    }
    let mut votes = Vec::new();
    for signed in &receipts {
        let view = ReceiptView::new(
            signed,
            title_of(&state, &voting, signed, Tr(lang)).await?,
            lang,
        );
        votes.push(urne_letters::receipt::ReceiptVote {
            election: view.election,
            cast_at: view.cast_at,
            tracker: signed.receipt.tracker.clone(),
            signature: signed.signature.clone(),
        });
    }
    let organisation = state
        .stores
        .registry
        .organisation()
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let doc = urne_letters::receipt::ReceiptDocument {
        organisation,
        scrutin: voting.scrutin.name.clone(),
        votes,
        server_key: hex::encode(state.receipt_key.verifying_key().0),
        record_url: format!("{}/record/{uid}", state.public_origin),
    };
    let pdf = tokio::task::spawn_blocking(move || urne_letters::receipt::render(&doc))
        .await
        .map_err(|e| WebError::Internal(format!("receipt task: {e}")))?;
    Ok(attachment(
        "application/pdf",
        "accuse-de-reception.pdf",
        pdf,
    ))
}

/// `POST /vote/{uid}/receipt/email`: sends the receipts to an address the voter types (rate
/// limited per address).
///
/// # Errors
/// [`WebError::BadRequest`] for an invalid address or receipts; [`WebError::TooManyRequests`].
pub async fn email(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
    address: ClientAddr,
    Form(form): Form<ReceiptsForm>,
) -> Result<Response, WebError> {
    let uid = voting.scrutin.record_uid.clone();
    check_csrf(&state, &voting.token, &form.csrf)?;
    check_limit(&state.request_limiter, &state, &address_key(&address))?;
    let to = form.email.trim();
    if to.len() > 254 || !to.contains('@') || to.contains(char::is_whitespace) {
        return Err(bad("Adresse e-mail invalide.", "Invalid e-mail address."));
    }
    let receipts = checked_receipts(&state, &voting, &form.receipts)?;
    state
        .request_limiter
        .record_failure(&address_key(&address), state.clock.now());
    let mut lines = Vec::new();
    let mut views = Vec::new();
    for signed in &receipts {
        let fr = title_of(&state, &voting, signed, Tr(Lang::Fr)).await?;
        let en = title_of(&state, &voting, signed, Tr(Lang::En)).await?;
        let at = cast_at_secs(&signed.receipt.cast_at).unwrap_or_default();
        lines.push(ReceiptLine {
            election: [fr.clone(), en.clone()],
            cast_at: [calendar::show(at, Lang::Fr), calendar::show(at, Lang::En)],
            tracker: signed.receipt.tracker.clone(),
            signature: signed.signature.clone(),
        });
        views.push(ReceiptView::new(
            signed,
            if lang == Lang::Fr { fr } else { en },
            lang,
        ));
    }
    let ctx = crate::delivery::context(&state, &voting.scrutin).await?;
    let saved = receipts_json(&receipts);
    let text = receipt_email(&ctx, &lines, &saved);
    if let Err(error) = state.delivery.email(to, &text).await {
        crate::log::line(&format!(
            "receipt e-mail to {} failed: {error}",
            crate::delivery::masked(true, to)
        ));
        return Err(bad(
            "L'e-mail n'a pas pu être envoyé ; réessayez plus tard ou téléchargez l'accusé.",
            "The e-mail could not be sent; try again later or download the receipt.",
        ));
    }
    let page = ReceiptPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/receipt")),
        csrf: csrf_of(&state, &voting.token),
        voted: Vec::new(),
        receipts: views,
        receipts_json: saved,
        missing: 0,
        sent: true,
        uid,
    };
    Ok(render(&page)?.into_response())
}
