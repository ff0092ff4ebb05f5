//! The bureau's documents filled from the record's published results and the registry: the
//! procès-verbaux of Cerfa 15822 and 15823 and the employer box every form shares. The pages
//! serve them; the benchmark renders them.

use urne_letters::pv::{Employer, PvCandidate, PvDocument, PvForm, PvList};
use urne_record::manifest::{Body, Manifest};
use urne_record::results::{decimal_fr, parse_exact, ElectionResult};
use urne_store::registry::{Election, Role, Scrutin};

use crate::app::AppState;
use crate::error::WebError;

/// An exact rational of the record with two decimals, as forms print it.
pub fn decimal(exact: &str) -> String {
    parse_exact(exact)
        .map(|q| decimal_fr(&q))
        .unwrap_or_default()
}

/// The employer box of the forms, for an establishment.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown establishment; store errors.
pub async fn employer(state: &AppState, establishment_id: i64) -> Result<Employer, WebError> {
    let registry = &state.stores.registry;
    let organisation = registry.organisation().await?.unwrap_or_default();
    let establishment = registry
        .establishments()
        .await?
        .into_iter()
        .find(|e| e.id == establishment_id)
        .ok_or(WebError::NotFound)?;
    let headcount = registry.establishment_headcount(establishment_id).await?;
    Ok(Employer {
        organisation: organisation.name,
        siren: organisation.siren,
        establishment: establishment.name,
        siret: establishment.siret,
        address: establishment.address,
        idcc: organisation.idcc,
        naf: organisation.naf,
        headcount: format!("{headcount} (fichier du personnel / staff file)"),
    })
}

/// A date as forms print it: `15/09/2026`.
pub fn french_date(date: urne_rules::date::Date) -> String {
    let iso = date.to_string();
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso,
    }
}

/// The date of the pre-electoral protocol as the PV prints it, or empty.
async fn registry_protocol_date(state: &AppState) -> Result<String, WebError> {
    let organisation = state
        .stores
        .registry
        .organisation()
        .await?
        .unwrap_or_default();
    Ok(urne_rules::date::Date::parse(&organisation.protocol_date)
        .map(french_date)
        .unwrap_or_default())
}

/// The signatories: the establishment's BVE members.
///
/// # Errors
/// Store errors.
async fn signatories(state: &AppState, establishment_id: i64) -> Result<Vec<String>, WebError> {
    Ok(state
        .stores
        .registry
        .staff()
        .await?
        .into_iter()
        .filter(|a| a.role == Role::Bve && a.establishment_id == Some(establishment_id))
        .map(|a| a.display_name)
        .collect())
}

/// The PV of one election, from its published result.
///
/// # Errors
/// Store errors; a closing date out of range.
pub async fn pv(
    state: &AppState,
    scrutin: &Scrutin,
    election: &Election,
    manifest: &Manifest,
    result: &ElectionResult,
) -> Result<PvDocument, WebError> {
    let r = result;
    Ok(PvDocument {
        form: match manifest.body {
            Body::Titulaires => PvForm::Titulaires,
            Body::Suppleants => PvForm::Suppleants,
        },
        employer: employer(state, election.establishment_id).await?,
        college: manifest.college.name.clone(),
        round: r.round,
        date: french_date(crate::calendar::paris_date(scrutin.closes_at)?),
        protocol_date: registry_protocol_date(state).await?,
        seats: r.seats,
        inscrits: r.inscrits,
        votants: r.votants,
        blancs: r.blancs,
        nuls: r.nuls,
        sve: r.sve,
        quorum_threshold: decimal(&r.quorum_threshold),
        quorum_reached: r.quorum_reached,
        quotient: r.quotient.as_deref().map(decimal).unwrap_or_default(),
        lists: r
            .lists
            .iter()
            .zip(&manifest.lists)
            .map(|(l, m)| PvList {
                name: l.name.clone(),
                union: l.union.clone(),
                ballots: l.ballots,
                list_votes: decimal(&l.list_votes),
                seats_by_quotient: l.seats_by_quotient,
                seats_by_average: l.seats_by_average,
                candidates: l
                    .candidates
                    .iter()
                    .zip(&m.candidates)
                    .map(|(c, mc)| PvCandidate {
                        last_name: c.last_name.clone(),
                        first_name: c.first_name.clone(),
                        sex: mc.sex.clone(),
                        ratures: c.ratures,
                        votes: c.votes,
                        elected: c.elected,
                    })
                    .collect(),
            })
            .collect(),
        unfilled: r.unfilled,
        second_round_required: r.second_round_required,
        bureau: signatories(state, election.establishment_id).await?,
        record_url: format!("{}/record/{}", state.public_origin, scrutin.record_uid),
    })
}
