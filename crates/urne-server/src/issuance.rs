//! Issuing credentials on the server (mode 1 of DESIGN.md §2) and importing an offline
//! authority's (mode 2).
//!
//! Order matters: public keys go to the ballot box and the public record first, then the login
//! verifiers to the registry. A crash in between leaves keys nobody can use (their codes are
//! gone), already counted in the record; never a code that logs in without its key.
//!
//! The codes come back to the caller, who sends or prints them and drops them: nothing here
//! stores or logs one.

use std::collections::{BTreeMap, BTreeSet};

use urne_access::authority::{Export, ExportedVoter, Upload, EXPORT_FORMAT};
use urne_access::factors::channels;
use urne_access::issue::{issue, IssuedCode, Recipient};
use urne_letters::{Batch, Letter};
use urne_record::credentials::CredentialList;
use urne_record::kind;
use urne_setup::model::Voter;
use urne_store::registry::{CodeOrigin, Scrutin, ScrutinElector};
use urne_store::{StoreError, Stores};

use urne_access::messages::Context;

use crate::clock::format_paris;
use crate::i18n::Lang;

/// Adds keys to the elections' lists and records them, one event per election.
async fn publish_keys(
    stores: &Stores,
    scrutin: &Scrutin,
    keys: &BTreeMap<String, BTreeSet<[u8; 32]>>,
    origin: CodeOrigin,
) -> Result<(), StoreError> {
    for (election, keys) in keys {
        let keys: Vec<[u8; 32]> = keys.iter().copied().collect();
        stores
            .ballot_box
            .add_credentials(election, &keys, origin.as_str())
            .await?;
        let payload = CredentialList::new(election, origin.as_str(), &keys).to_bytes();
        stores
            .ballot_box
            .append_event(&scrutin.record_uid, kind::CREDENTIALS, &payload)
            .await?;
    }
    Ok(())
}

/// Draws, publishes and registers a credential for each elector; returns each voter's code,
/// in the order given. Revokes the codes the voters had.
///
/// # Errors
/// [`StoreError`]; on error, keys already published stay (counted, unusable).
pub async fn issue_credentials(
    stores: &Stores,
    scrutin: &Scrutin,
    electors: &[ScrutinElector],
    origin: CodeOrigin,
    now: i64,
    progress: impl Fn(usize) + Send + Sync + 'static,
) -> Result<Vec<(i64, IssuedCode)>, StoreError> {
    let recipients: Vec<Recipient> = electors
        .iter()
        .map(|e| Recipient {
            key: e.voter_id.to_string(),
            elections: e.elections.clone(),
        })
        .collect();
    let uid = scrutin.record_uid.clone();
    let issued = tokio::task::spawn_blocking(move || issue(&uid, &recipients, 0, &progress))
        .await
        .map_err(|e| StoreError::Invalid(format!("issuing stopped: {e}")))?;
    if issued.codes.len() != electors.len() {
        return Err(StoreError::Invalid(format!(
            "{} codes drawn for {} electors",
            issued.codes.len(),
            electors.len()
        )));
    }
    publish_keys(stores, scrutin, &issued.public_keys, origin).await?;
    let codes: Vec<(i64, IssuedCode)> = electors
        .iter()
        .map(|e| e.voter_id)
        .zip(issued.codes)
        .collect();
    let verifiers: Vec<(i64, [u8; 32])> = codes
        .iter()
        .map(|(voter, code)| (*voter, code.login_verifier))
        .collect();
    stores
        .registry
        .issue_access_codes(scrutin.id, &verifiers, origin, now)
        .await?;
    Ok(codes)
}

/// Replaces one voter's credential (recovery, a returned letter): the new code, to be sent.
///
/// # Errors
/// [`StoreError::NotFound`] when the voter is not an elector of the scrutin.
pub async fn replace_credential(
    stores: &Stores,
    scrutin: &Scrutin,
    voter_id: i64,
    now: i64,
) -> Result<IssuedCode, StoreError> {
    let elector = stores
        .registry
        .elector(scrutin.id, voter_id)
        .await?
        .ok_or(StoreError::NotFound("elector"))?;
    let mut codes = issue_credentials(
        stores,
        scrutin,
        &[elector],
        CodeOrigin::Recovery,
        now,
        |_| {},
    )
    .await?;
    codes
        .pop()
        .map(|(_, code)| code)
        .ok_or(StoreError::NotFound("code"))
}

/// Stores a checked upload of an offline credential authority.
///
/// # Errors
/// [`StoreError::NotFound`] for a matricule that is no longer a voter.
pub async fn import_authority(
    stores: &Stores,
    scrutin: &Scrutin,
    upload: &Upload,
    now: i64,
) -> Result<u64, StoreError> {
    let mut verifiers = Vec::with_capacity(upload.verifiers.len());
    for (matricule, verifier) in &upload.verifiers {
        verifiers.push((stores.registry.voter_id(matricule).await?, *verifier));
    }
    let keys: BTreeMap<String, BTreeSet<[u8; 32]>> = upload
        .keys
        .iter()
        .map(|(uid, keys)| (uid.clone(), keys.iter().copied().collect()))
        .collect();
    publish_keys(stores, scrutin, &keys, CodeOrigin::Authority).await?;
    stores
        .registry
        .issue_access_codes(scrutin.id, &verifiers, CodeOrigin::Authority, now)
        .await?;
    Ok(verifiers.len() as u64)
}

/// The context of every message and letter about `scrutin`: the organisation, the voting
/// address under `public_origin`, the dates in Paris time, the hotline.
///
/// # Errors
/// [`StoreError`].
pub async fn message_context(
    stores: &Stores,
    public_origin: &str,
    hotline: Option<String>,
    scrutin: &Scrutin,
) -> Result<Context, StoreError> {
    let organisation = stores
        .registry
        .organisation()
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let when = |at: i64| {
        let ts = jiff::Timestamp::from_second(at).unwrap_or_default();
        [format_paris(ts, Lang::Fr), format_paris(ts, Lang::En)]
    };
    Ok(Context {
        organisation,
        scrutin: scrutin.name.clone(),
        voting_url: format!(
            "{}/vote/{}",
            public_origin.trim_end_matches('/'),
            scrutin.record_uid
        ),
        opens: when(scrutin.opens_at),
        closes: when(scrutin.closes_at),
        hotline,
    })
}

/// What an offline credential authority gets: the scrutin and its electors, with the channel
/// of each identifiant (by post, or by e-mail for voters abroad).
///
/// # Errors
/// [`StoreError`].
pub async fn authority_export(
    stores: &Stores,
    scrutin: &Scrutin,
    ctx: Context,
) -> Result<Export, StoreError> {
    let registry = &stores.registry;
    let mut voters = Vec::new();
    for (elector, stored) in registry.scrutin_elector_voters(scrutin.id).await? {
        let v = stored.voter;
        let by_email =
            channels(&v.address.country, v.professional_email.is_some()).identifiant_by_email;
        let letter = letter(&v, "");
        voters.push(ExportedVoter {
            matricule: v.matricule.clone(),
            name: letter.name,
            address_lines: letter.address_lines,
            postcode: letter.postcode,
            city: letter.city,
            country: letter.country,
            email: v.professional_email.filter(|_| by_email),
            elections: elector.elections,
        });
    }
    Ok(Export {
        format: EXPORT_FORMAT.to_owned(),
        scrutin_uid: scrutin.record_uid.clone(),
        context: ctx,
        voters,
    })
}

/// The batch settings of a scrutin's letters.
pub fn letter_batch(ctx: &Context, qr_code: bool) -> Batch {
    Batch {
        organisation: ctx.organisation.clone(),
        scrutin: ctx.scrutin.clone(),
        voting_url: ctx.voting_url.clone(),
        opens_fr: ctx.opens[0].clone(),
        opens_en: ctx.opens[1].clone(),
        closes_fr: ctx.closes[0].clone(),
        closes_en: ctx.closes[1].clone(),
        hotline: ctx.hotline.clone(),
        qr_code,
    }
}

/// A voter's letter.
pub fn letter(voter: &Voter, code: &str) -> Letter {
    Letter {
        name: format!(
            "{} {} {}",
            voter.civility.as_str(),
            voter.first_name,
            voter.last_name
        ),
        address_lines: voter.address.lines.clone(),
        postcode: voter.address.postcode.clone(),
        city: voter.address.city.clone(),
        country: voter.address.country.clone(),
        code: code.to_owned(),
    }
}
