//! The scrutin à blanc (Article 9.8 of the agreement): once the key exists and before the seal,
//! the bureau tests the real system — the same booth, encryption, checks, counting, decryption
//! by the members' séquences secrètes, results and PVs — on a test record of its own (the
//! scrutin's uid with [`BLANC`]). Its elections are the scrutin's manifests renamed, so no test
//! ballot can ever be valid in the real vote; its voters are [`TEST_CODES`] test identifiants
//! shown once to the bureau. At the end the test record is erased and a summary appended to the
//! real record: the reset is recorded.

use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use urne_crypto::{CredentialCode, EncryptedBallot};
use urne_record::blanc::BlancSummary;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_store::registry::{Scrutin, ScrutinStatus};
use urne_store::StoreError;
use zeroize::Zeroizing;

use crate::app::Shared;
use crate::counting::{self, Target, BLANC};
use crate::error::WebError;
use crate::voter::ballots::election_ballot_in;

/// Test identifiants drawn for the scrutin à blanc.
pub const TEST_CODES: usize = 4;

/// Where the scrutin à blanc stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not opened (or the scrutin is not keyed yet).
    NotOpened,
    /// Open to test votes.
    Open,
    /// Closed: the bureau decrypts and counts.
    Closed,
    /// Counted: results and PVs can be checked, then the test reset.
    Counted,
    /// Reset: its summary is in the real record.
    Reset(BlancSummary),
}

fn internal(e: impl core::fmt::Display) -> WebError {
    WebError::Internal(e.to_string())
}

/// Where the scrutin à blanc of `scrutin` stands.
///
/// # Errors
/// Store errors; a malformed summary.
pub async fn stage(state: &Shared, scrutin: &Scrutin) -> Result<Stage, WebError> {
    let ballot_box = &state.stores.ballot_box;
    if let Some(summary) = ballot_box
        .event_payloads(&scrutin.record_uid, kind::BLANC)
        .await?
        .first()
    {
        return Ok(Stage::Reset(
            BlancSummary::from_bytes(summary).map_err(internal)?,
        ));
    }
    let events = ballot_box.events(&Target::blanc(scrutin).record()).await?;
    let has = |k: &str| events.iter().any(|e| e.kind == k);
    Ok(if has(kind::RESULT) {
        Stage::Counted
    } else if has(kind::CLOSING) {
        Stage::Closed
    } else if has(kind::MANIFEST) {
        Stage::Open
    } else {
        Stage::NotOpened
    })
}

/// Opens the scrutin à blanc: publishes the test record (the manifests renamed, the bureau's
/// key, the receipt key) and draws [`TEST_CODES`] test identifiants, whose keys form each test
/// election's credential list. Returns the identifiants, to show once.
///
/// # Errors
/// [`WebError::BadRequest`] unless the key exists, the seal is not taken and no test is open.
pub async fn open(state: &Shared, scrutin: &Scrutin) -> Result<Vec<Zeroizing<String>>, WebError> {
    if scrutin.status != ScrutinStatus::Keyed || stage(state, scrutin).await? != Stage::NotOpened {
        return Err(crate::pages::bad(
            "Le scrutin à blanc s'ouvre une fois la clé générée, avant le scellement, et une seule fois.",
            "The test vote opens once the key exists, before the seal, and only once.",
        ));
    }
    let ballot_box = &state.stores.ballot_box;
    let record = &scrutin.record_uid;
    let test = Target::blanc(scrutin).record();
    let mut manifests = Vec::new();
    for bytes in ballot_box.event_payloads(record, kind::MANIFEST).await? {
        let mut manifest = Manifest::from_bytes(&bytes).map_err(internal)?;
        manifest.election.push_str(BLANC);
        manifest.scrutin.uid.push_str(BLANC);
        manifest.scrutin.name.push_str(" — scrutin à blanc");
        manifests.push(manifest);
    }
    let payloads: Vec<Vec<u8>> = manifests.iter().map(Manifest::to_bytes).collect();
    let bureau = ballot_box.event_payloads(record, kind::BUREAU).await?;
    let server_key = ballot_box.event_payloads(record, kind::SERVER_KEY).await?;
    let (Some(bureau), Some(server_key)) = (bureau.first(), server_key.first()) else {
        return Err(internal("the key is not published"));
    };
    let codes: Vec<CredentialCode> = (0..TEST_CODES)
        .map(|_| CredentialCode::generate(&mut OsRng))
        .collect();
    for manifest in &manifests {
        let keys: Vec<[u8; 32]> = codes
            .iter()
            .map(|code| {
                code.seed(&test)
                    .election_keys(&manifest.election)
                    .public_key()
                    .compressed()
                    .to_bytes()
            })
            .collect();
        ballot_box
            .add_credentials(&manifest.election, &keys, "blanc")
            .await?;
    }
    let mut events: Vec<(&str, &[u8])> = payloads
        .iter()
        .map(|p| (kind::MANIFEST, p.as_slice()))
        .collect();
    events.push((kind::BUREAU, bureau));
    events.push((kind::SERVER_KEY, server_key));
    ballot_box.append_events(&test, &events).await?;
    Ok(codes.iter().map(CredentialCode::to_text).collect())
}

/// Casts a test ballot (hex, as the booth posts it) in test election `election`, with every
/// check of a real cast but the émargement (test voters are codes, not people).
///
/// # Errors
/// [`WebError::BadRequest`] naming what is wrong; nothing is stored then.
pub async fn cast(
    state: &Shared,
    scrutin: &Scrutin,
    election: &str,
    ballot_hex: &str,
) -> Result<(), WebError> {
    let refused = |why: &str| {
        crate::pages::bad(
            format!("Bulletin de test refusé : {why}."),
            format!("Test ballot refused: {why}."),
        )
    };
    if stage(state, scrutin).await? != Stage::Open {
        return Err(refused(
            "le scrutin à blanc n'est pas ouvert / the test vote is not open",
        ));
    }
    let test = Target::blanc(scrutin).record();
    let context = election_ballot_in(state, &test, election)
        .await?
        .ok_or(WebError::NotFound)?;
    let bytes = hex::decode(ballot_hex.trim())
        .map_err(|_| refused("pas en hexadécimal / not hexadecimal"))?;
    let ballot = EncryptedBallot::from_bytes(&context.ctx.shape, &bytes)
        .map_err(|e| refused(&e.to_string()))?;
    let credential = ballot.credential().to_bytes();
    if !state
        .stores
        .ballot_box
        .has_credential(election, &credential)
        .await?
    {
        return Err(refused(
            "identifiant de test inconnu / unknown test identifiant",
        ));
    }
    let ctx = context.ctx.clone();
    let checked = ballot.clone();
    let valid =
        tokio::task::spawn_blocking(move || checked.verify_vartime(&ctx, &mut OsRng).is_ok())
            .await
            .unwrap_or(false);
    if !valid {
        return Err(refused("preuves / proofs"));
    }
    state
        .stores
        .ballot_box
        .store_ballot(election, &credential, &bytes, &ballot.tracker())
        .await?;
    Ok(())
}

/// Closes the scrutin à blanc: counting may start.
///
/// # Errors
/// [`WebError::BadRequest`] unless it is open.
pub async fn close(state: &Shared, scrutin: &Scrutin) -> Result<(), WebError> {
    if stage(state, scrutin).await? != Stage::Open {
        return Err(crate::pages::bad(
            "Le scrutin à blanc n'est pas ouvert.",
            "The test vote is not open.",
        ));
    }
    state
        .stores
        .ballot_box
        .append_event(&Target::blanc(scrutin).record(), kind::CLOSING, b"{}")
        .await?;
    Ok(())
}

/// Resets the system to empty after a counted scrutin à blanc: erases the test record, its
/// ballots and credentials, and appends its summary to the real record.
///
/// # Errors
/// [`WebError::BadRequest`] unless it is counted; store errors.
pub async fn reset(state: &Shared, scrutin: &Scrutin) -> Result<BlancSummary, WebError> {
    if stage(state, scrutin).await? != Stage::Counted {
        return Err(crate::pages::bad(
            "Le scrutin à blanc se remet à zéro une fois dépouillé.",
            "The test vote is reset once counted.",
        ));
    }
    let target = Target::blanc(scrutin);
    let counting = counting::load(state, &target).await.map_err(internal)?;
    let mut hasher = Sha256::new();
    for result in &counting.results {
        hasher.update(result.to_bytes());
    }
    let mut members: Vec<u32> = counting.shares.iter().map(|s| s.member).collect();
    members.sort_unstable();
    members.dedup();
    let summary = BlancSummary {
        ballots: counting.tallies.iter().map(|t| t.ballots).sum(),
        elections: counting.manifests.len() as u32,
        members,
        results: hex::encode(hasher.finalize()),
    };
    let elections: Vec<String> = counting
        .manifests
        .iter()
        .map(|m| m.election.clone())
        .collect();
    let ballot_box = &state.stores.ballot_box;
    ballot_box
        .append_event(&scrutin.record_uid, kind::BLANC, &summary.to_bytes())
        .await?;
    ballot_box
        .erase_test_record(&target.record(), &elections)
        .await
        .map_err(|e: StoreError| internal(e))?;
    Ok(summary)
}
