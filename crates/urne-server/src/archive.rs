//! What a scrutin's sealed archive holds (Article 10 of the agreement, Code du travail
//! R2314-17): everything kept until the end of the contestation period, as files — the public
//! record (every event, every ballot, the credential lists; and the public record's archive, for
//! `urne verify`), the émargement lists (CSV and PDF),
//! the procès-verbaux, the journals with their hash chains, and the seal. `urne archive` writes
//! them into one file with their SHA-256 sums; the count can be re-run from the record alone.
//!
//! And what the destruction at the end of the period removes: the scrutin's personal data in
//! the registry (émargement, access-code verifiers, voter sessions). The public record names no
//! one and stays.

use serde_json::json;
use urne_letters::statements::{self, EmargementDocument, EmargementLine};
use urne_record::kind;
use urne_store::registry::{JournalKind, Scrutin};

use crate::app::AppState;
use crate::counting::{self, Target};
use crate::documents;
use crate::error::WebError;
use crate::pages::bureau::supervision::chain;

/// One file of the archive: its path inside it and its bytes.
pub type File = (String, Vec<u8>);

fn internal(e: impl core::fmt::Display) -> WebError {
    WebError::Internal(e.to_string())
}

/// The payload as the archive writes it: the JSON text itself, or hex when it is not UTF-8.
fn payload_text(payload: &[u8]) -> serde_json::Value {
    match std::str::from_utf8(payload) {
        Ok(text) => json!({ "json": text }),
        Err(_) => json!({ "hex": hex::encode(payload) }),
    }
}

/// Every file of `scrutin`'s archive.
///
/// # Errors
/// Store errors; a malformed stored payload.
pub async fn files(state: &AppState, scrutin: &Scrutin) -> Result<Vec<File>, WebError> {
    let ballot_box = &state.stores.ballot_box;
    let registry = &state.stores.registry;
    let record = &scrutin.record_uid;
    let mut out: Vec<File> = Vec::new();
    let mut events = String::new();
    for e in ballot_box.events(record).await? {
        let line = json!({
            "seq": e.seq,
            "kind": e.kind,
            "payload": payload_text(&e.payload),
            "prev_hash": hex::encode(e.prev_hash),
            "hash": hex::encode(e.hash),
        });
        events.push_str(&line.to_string());
        events.push('\n');
    }
    out.push(("record/events.jsonl".to_owned(), events.into_bytes()));
    // The public record as anyone downloads it, for `urne verify`.
    let plan = crate::record_archive::plan(state, record, None).await?;
    let tar = crate::record_archive::to_vec(state, &plan)
        .await
        .map_err(internal)?;
    out.push((format!("record/{record}.tar"), tar));
    let counting = counting::load(state, &Target::vote(scrutin))
        .await
        .map_err(internal)?;
    let elections = registry.elections(scrutin.id).await?;
    for manifest in &counting.manifests {
        let uid = &manifest.election;
        let mut lines = String::new();
        let mut after: Option<Vec<u8>> = None;
        loop {
            let page = ballot_box.ballot_page(uid, after.as_deref(), 2_000).await?;
            let Some((last, _)) = page.last() else { break };
            after = Some(last.clone());
            for (_, ballot) in &page {
                lines.push_str(&hex::encode(ballot));
                lines.push('\n');
            }
        }
        out.push((format!("record/ballots/{uid}.txt"), lines.into_bytes()));
        let keys: String = ballot_box
            .credentials(uid)
            .await?
            .iter()
            .map(|k| format!("{}\n", hex::encode(k)))
            .collect();
        out.push((format!("record/credentials/{uid}.txt"), keys.into_bytes()));
        let Some(election) = elections.iter().find(|e| &e.election_uid == uid) else {
            continue;
        };
        let rows = registry.emargement_list(election.id).await?;
        let mut csv = String::from("\u{feff}matricule;nom;prenom;a_vote_le\r\n");
        let mut lines = Vec::new();
        for r in rows {
            let at = r
                .voted_at
                .map(|t| crate::calendar::show(t, crate::i18n::Lang::Fr));
            csv.push_str(&format!(
                "{};{};{};{}\r\n",
                r.matricule,
                r.last_name,
                r.first_name,
                at.as_deref().unwrap_or("")
            ));
            lines.push(EmargementLine {
                last_name: r.last_name,
                first_name: r.first_name,
                voted_at: at,
            });
        }
        out.push((format!("emargement/{uid}.csv"), csv.into_bytes()));
        let title = format!(
            "{} — {} — {:?}",
            manifest.establishment.name, manifest.college.name, manifest.body
        );
        let doc = EmargementDocument {
            employer: documents::employer(state, election.establishment_id).await?,
            election: title,
            lines,
        };
        out.push((
            format!("emargement/{uid}.pdf"),
            statements::emargement(&doc),
        ));
        if let Some(result) = counting.results.iter().find(|r| &r.election == uid) {
            let pv = documents::pv(state, scrutin, election, manifest, result).await?;
            out.push((format!("pv/{uid}.pdf"), urne_letters::pv::render(&pv)));
        }
    }
    for (name, kind) in [
        ("events", JournalKind::Events),
        ("hotline", JournalKind::Hotline),
        ("pnd", JournalKind::Pnd),
    ] {
        let entries = registry.journal_all(kind).await?;
        let mut csv = String::from("id;at;actor;action;detail;hash\n");
        for (e, hash) in entries.iter().zip(chain(&entries)) {
            let clean = |t: &str| t.replace([';', '\n', '\r'], " ");
            csv.push_str(&format!(
                "{};{};{};{};{};{}\n",
                e.id,
                e.at,
                clean(&e.actor),
                clean(&e.action),
                clean(&e.detail),
                hex::encode(hash)
            ));
        }
        out.push((format!("journals/{name}.csv"), csv.into_bytes()));
    }
    if let Some(seal) = ballot_box.event_payloads(record, kind::SEAL).await?.first() {
        out.push(("seal.json".to_owned(), seal.clone()));
    }
    Ok(out)
}

/// What [`destroy`] removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destroyed {
    /// Émargement rows.
    pub emargements: u64,
    /// Access-code verifiers.
    pub access_codes: u64,
    /// Voter sessions.
    pub sessions: u64,
}

/// Removes `scrutin`'s personal data from the registry once the contestation period is over
/// (`now` at least `period_secs` after the closing), and journals it.
///
/// # Errors
/// [`WebError::BadRequest`] before the end of the period; store errors.
pub async fn destroy(
    state: &AppState,
    scrutin: &Scrutin,
    now: i64,
    period_secs: i64,
    actor: &str,
) -> Result<Destroyed, WebError> {
    if now < scrutin.closes_at + period_secs {
        return Err(crate::pages::bad(
            "Le délai de contestation n'est pas écoulé : les données sont conservées.",
            "The contestation period is not over: the data is kept.",
        ));
    }
    let (emargements, access_codes, sessions) = state
        .stores
        .registry
        .destroy_personal_data(scrutin.id)
        .await?;
    let detail = format!(
        "{} — {emargements} émargements, {access_codes} codes d'accès, {sessions} sessions",
        scrutin.name
    );
    state
        .stores
        .registry
        .journal(
            JournalKind::Events,
            now,
            actor,
            "données personnelles détruites / personal data destroyed",
            &detail,
        )
        .await?;
    Ok(Destroyed {
        emargements,
        access_codes,
        sessions,
    })
}
