//! Candidate lists, for the organisateur (every list) and the délégués de liste (their union's
//! lists only): candidates in order with their sex, each checked against the electoral list,
//! and the CSV import of lists. The gender-balance check is in [`super::parity`], the files
//! (profession de foi, logo, photos) in [`super::list_files`]. Every change is refused once the
//! organisateur has locked the lists at the end of the recette.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_rules::date::Date;
use urne_rules::parity::Sex;
use urne_setup::candidacy::{check_candidate, CandidateCheck};
use urne_setup::list_file::read_list_file;
use urne_setup::model::Voter;
use urne_store::registry::{Candidate, CandidateList, Election, NewCandidate, Role, Union};

use super::parity::{parity_of, ParityView};
use super::{
    bad, field, journal, list_files, multipart_fields, parity as parity_page, render, required,
};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::error::WebError;
use crate::i18n::PageCtx;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/lists", get(index))
        .route("/lists/election/{id}", get(election_page).post(add_list))
        .route("/lists/election/{id}/import", post(import_lists))
        .route("/lists/{id}", get(list_page))
        .route("/lists/{id}/candidates", post(set_candidates))
        .route("/lists/{id}/parity", post(parity_page::live_parity))
        .route("/lists/{id}/delete", post(delete_list))
        .route("/lists/{id}/files", post(list_files::upload_file))
        .route(
            "/lists/{id}/profession-de-foi",
            get(list_files::profession_de_foi),
        )
        .route("/lists/{id}/logo", get(list_files::logo))
        .route("/candidates/{id}/photo", get(list_files::photo))
}

/// Who may see and edit lists.
pub(super) const LIST_EDITORS: &[Role] = &[Role::Organisateur, Role::Delegue];

/// Whether `staff` may see and change `list`: the organisateur any, a délégué their union's.
fn may_edit(staff: &Staff, list: &CandidateList) -> bool {
    match staff.account.role {
        Role::Organisateur => true,
        Role::Delegue => list.union_id.is_some() && list.union_id == staff.account.union_id,
        _ => false,
    }
}

pub(super) async fn editable_list(
    state: &Shared,
    staff: &Staff,
    id: i64,
) -> Result<CandidateList, WebError> {
    let list = state.stores.registry.list(id).await?;
    if may_edit(staff, &list) {
        Ok(list)
    } else {
        Err(WebError::Forbidden)
    }
}

struct ElectionSummary {
    election: Election,
    label: String,
    lists: Vec<CandidateList>,
}

/// A readable name for an election: "Siège — collège 1 — titulaires (scrutin)".
async fn election_label(state: &Shared, election: &Election) -> Result<String, WebError> {
    let (establishment, college, scrutin) =
        state.stores.registry.election_names(election.id).await?;
    Ok(format!(
        "{establishment} — {college} — {} ({scrutin})",
        election.body.as_str()
    ))
}

fn visible(staff: &Staff, lists: Vec<CandidateList>) -> Vec<CandidateList> {
    lists.into_iter().filter(|l| may_edit(staff, l)).collect()
}

#[derive(Template)]
#[template(path = "lists_index.html")]
struct IndexPage {
    ctx: PageCtx,
    elections: Vec<ElectionSummary>,
    organiser: bool,
}

async fn index(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let registry = &state.stores.registry;
    let mut elections = Vec::new();
    for scrutin in registry.scrutins().await? {
        for election in registry.elections(scrutin.id).await? {
            elections.push(ElectionSummary {
                label: election_label(&state, &election).await?,
                lists: visible(&staff, registry.lists(election.id).await?),
                election,
            });
        }
    }
    let page = IndexPage {
        ctx: staff.ctx("/lists"),
        elections,
        organiser: staff.account.role == Role::Organisateur,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "lists_election.html")]
struct ElectionPage {
    ctx: PageCtx,
    election: Election,
    label: String,
    lists: Vec<CandidateList>,
    unions: Vec<Union>,
    organiser: bool,
    locked: bool,
    second_round: bool,
}

async fn election_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let registry = &state.stores.registry;
    let election = registry.election(id).await?;
    let scrutin = registry.scrutin(election.scrutin_id).await?;
    let unions = registry
        .unions()
        .await?
        .into_iter()
        .filter(|u| {
            staff.account.role == Role::Organisateur || Some(u.id) == staff.account.union_id
        })
        .collect();
    let page = ElectionPage {
        ctx: staff.ctx(format!("/lists/election/{id}")),
        label: election_label(&state, &election).await?,
        lists: visible(&staff, registry.lists(id).await?),
        election,
        unions,
        organiser: staff.account.role == Role::Organisateur,
        locked: scrutin.lists_locked,
        second_round: scrutin.round == 2,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct AddListForm {
    csrf: String,
    name: String,
    #[serde(default)]
    union: String,
}

/// The union a new list is filed under: a délégué's own; for the organisateur the chosen one,
/// or none for a free list, which only a second round admits (L2314-29).
async fn union_for(
    state: &Shared,
    staff: &Staff,
    election: &Election,
    chosen: Option<i64>,
) -> Result<Option<i64>, WebError> {
    match staff.account.role {
        Role::Delegue => Ok(staff.account.union_id),
        _ => {
            let scrutin = state.stores.registry.scrutin(election.scrutin_id).await?;
            if chosen.is_none() && scrutin.round == 1 {
                return Err(bad(
                    "Au premier tour, seules les organisations syndicales présentent des listes (L2314-29).",
                    "In the first round only unions present lists (L2314-29).",
                ));
            }
            Ok(chosen)
        }
    }
}

async fn add_list(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<AddListForm>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let election = registry.election(id).await?;
    let name = required(&form.name, "nom de la liste", "list name")?;
    let union = union_for(&state, &staff, &election, form.union.parse().ok()).await?;
    let list_id = registry.add_list(id, union, &name).await?;
    journal(
        &state,
        &staff,
        "liste ajoutée / list added",
        &format!("{name} (élection {id})"),
    )
    .await?;
    see_other(&format!("/lists/{list_id}"), None)
}

async fn import_lists(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let (fields, file) = multipart_fields(multipart).await?;
    staff.check_csrf(&state, field(&fields, "csrf"))?;
    let (file_name, bytes) = file.ok_or_else(|| bad("Choisissez un fichier.", "Choose a file."))?;
    let registry = &state.stores.registry;
    let election = registry.election(id).await?;
    let drafts = read_list_file(&file_name, &bytes).map_err(|errors| {
        bad(
            format!(
                "Fichier refusé, rien n'a été enregistré :\n{}",
                errors.to_french()
            ),
            format!("File refused, nothing was stored:\n{errors}"),
        )
    })?;
    // Check everything before storing anything.
    let existing: Vec<String> = registry
        .lists(id)
        .await?
        .into_iter()
        .map(|l| l.name)
        .collect();
    let unions = registry.unions().await?;
    let mut planned = Vec::new();
    for draft in &drafts {
        // L2314-29, as on the list page (`set_candidates`).
        if draft.candidates.len() > election.seats as usize {
            let (name, n, seats) = (&draft.name, draft.candidates.len(), election.seats);
            return Err(bad(
                format!("Liste « {name} » : {n} candidats pour {seats} sièges : une liste ne peut pas en compter plus que de sièges (L2314-29)."),
                format!("List \"{name}\": {n} candidates for {seats} seats: a list cannot have more candidates than seats (L2314-29)."),
            ));
        }
        if existing.contains(&draft.name) {
            return Err(bad(
                format!(
                    "La liste « {} » existe déjà dans cette élection.",
                    draft.name
                ),
                format!(
                    "The list \"{}\" already exists in this election.",
                    draft.name
                ),
            ));
        }
        let chosen = if draft.union_name.is_empty() {
            None
        } else {
            let union = unions
                .iter()
                .find(|u| u.name.eq_ignore_ascii_case(&draft.union_name));
            match union {
                Some(union) => Some(union.id),
                None => {
                    return Err(bad(
                        format!(
                            "Organisation syndicale inconnue : « {} ».",
                            draft.union_name
                        ),
                        format!("Unknown union: \"{}\".", draft.union_name),
                    ))
                }
            }
        };
        if staff.account.role == Role::Delegue && chosen != staff.account.union_id {
            return Err(WebError::Forbidden);
        }
        planned.push((union_for(&state, &staff, &election, chosen).await?, draft));
    }
    let lists: Vec<(Option<i64>, String, Vec<NewCandidate>)> = planned
        .into_iter()
        .map(|(union, draft)| {
            let candidates = draft
                .candidates
                .iter()
                .map(|c| NewCandidate {
                    sex: c.sex,
                    last_name: c.last_name.clone(),
                    first_name: c.first_name.clone(),
                    birth_date: c.birth_date,
                })
                .collect();
            (union, draft.name.clone(), candidates)
        })
        .collect();
    registry.add_lists(id, &lists).await?;
    journal(
        &state,
        &staff,
        "listes importées / lists imported",
        &format!("{file_name}: {} (élection {id})", drafts.len()),
    )
    .await?;
    see_other(&format!("/lists/election/{id}"), None)
}

/// A candidate as the list page shows them, with what the electoral list says of them.
struct CandidateRow {
    candidate: Candidate,
    /// French and English text of the check.
    check_fr: String,
    check_en: String,
    ok: bool,
}

fn candidate_row(candidate: Candidate, electoral_list: &[Voter]) -> CandidateRow {
    let check = check_candidate(
        &candidate.last_name,
        &candidate.first_name,
        candidate.birth_date,
        electoral_list,
    );
    let (check_fr, check_en, ok) = match check {
        CandidateCheck::Eligible(matricule) => (
            format!("éligible (matricule {matricule})"),
            format!("eligible (employee no. {matricule})"),
            true,
        ),
        CandidateCheck::NotEligible(reasons) => (
            format!("non éligible : {}", reasons.join(" ; ")),
            format!("not eligible: {}", reasons.join("; ")),
            false,
        ),
        CandidateCheck::NotFound => (
            "absent de la liste électorale de ce collège".to_owned(),
            "not on this college's electoral list".to_owned(),
            false,
        ),
        CandidateCheck::Homonyms(n) => (
            format!("{n} homonymes : indiquez la date de naissance"),
            format!("{n} people of that name: give the birth date"),
            false,
        ),
    };
    CandidateRow {
        candidate,
        check_fr,
        check_en,
        ok,
    }
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage {
    ctx: PageCtx,
    list: CandidateList,
    election: Election,
    label: String,
    candidates: Vec<CandidateRow>,
    blank_rows: Vec<usize>,
    parity: Option<ParityView>,
    locked: bool,
}

async fn list_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let list = editable_list(&state, &staff, id).await?;
    let registry = &state.stores.registry;
    let election = registry.election(list.election_id).await?;
    let scrutin = registry.scrutin(election.scrutin_id).await?;
    let candidates = registry.candidates(id).await?;
    let seats = election.seats as usize;
    let blank_rows = (candidates.len()..seats.max(candidates.len()))
        .map(|i| i + 1)
        .collect();
    let electoral_list: Vec<Voter> = registry
        .voters_in(election.establishment_id, election.college_id)
        .await?
        .into_iter()
        .map(|s| s.voter)
        .collect();
    let parity = parity_of(
        &state,
        &election,
        &candidates.iter().map(|c| c.sex).collect::<Vec<_>>(),
    )
    .await?;
    let page = ListPage {
        ctx: staff.ctx(format!("/lists/{id}")),
        label: election_label(&state, &election).await?,
        parity,
        list,
        election,
        candidates: candidates
            .into_iter()
            .map(|c| candidate_row(c, &electoral_list))
            .collect(),
        blank_rows,
        locked: scrutin.lists_locked,
    };
    Ok(render(&page)?.into_response())
}

/// Reads the candidate rows of the list form: for each row `n`, `position_n`, `sex_n`,
/// `last_name_n`, `first_name_n` and `birth_n`; rows with no name are ignored; rows are sorted
/// by position, so a candidate moves by changing their number.
fn candidate_rows(fields: &[(String, String)]) -> Result<Vec<NewCandidate>, WebError> {
    let rows: std::collections::BTreeSet<&str> = fields
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("last_name_"))
        .collect();
    let mut candidates = Vec::new();
    for row in rows {
        let get = |prefix: &str| field(fields, &format!("{prefix}_{row}")).trim().to_owned();
        let last_name = get("last_name");
        if last_name.is_empty() {
            continue;
        }
        let first_name = get("first_name");
        if first_name.is_empty() {
            return Err(bad(
                format!("Ligne {row} : le prénom manque."),
                format!("Row {row}: the first name is missing."),
            ));
        }
        let sex = Sex::from_letter(&get("sex")).ok_or_else(|| {
            bad(
                format!("Ligne {row} : choisissez F ou H."),
                format!("Row {row}: choose F or H."),
            )
        })?;
        let birth = get("birth");
        let birth_date = if birth.is_empty() {
            None
        } else {
            Some(Date::parse(&birth).ok_or_else(|| {
                bad(
                    format!("Ligne {row} : date de naissance invalide « {birth} »."),
                    format!("Row {row}: invalid birth date \"{birth}\"."),
                )
            })?)
        };
        let position: f64 = get("position")
            .replace(',', ".")
            .parse()
            .unwrap_or(f64::MAX);
        candidates.push((
            position,
            NewCandidate {
                sex,
                last_name,
                first_name,
                birth_date,
            },
        ));
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(candidates.into_iter().map(|(_, c)| c).collect())
}

async fn set_candidates(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    staff.check_csrf(&state, field(&fields, "csrf"))?;
    let list = editable_list(&state, &staff, id).await?;
    let candidates = candidate_rows(&fields)?;
    let election = state.stores.registry.election(list.election_id).await?;
    if candidates.len() > election.seats as usize {
        return Err(bad(
            format!("{} candidats pour {} sièges : une liste ne peut pas en compter plus que de sièges (L2314-29).", candidates.len(), election.seats),
            format!("{} candidates for {} seats: a list cannot have more candidates than seats (L2314-29).", candidates.len(), election.seats),
        ));
    }
    state
        .stores
        .registry
        .set_candidates(id, &candidates)
        .await?;
    journal(
        &state,
        &staff,
        "candidats enregistrés / candidates saved",
        &format!("{} : {}", list.name, candidates.len()),
    )
    .await?;
    see_other(&format!("/lists/{id}#parite"), None)
}

#[derive(Deserialize)]
struct CsrfOnly {
    csrf: String,
}

async fn delete_list(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    staff.check_csrf(&state, &form.csrf)?;
    let list = editable_list(&state, &staff, id).await?;
    state.stores.registry.delete_list(id).await?;
    journal(&state, &staff, "liste supprimée / list deleted", &list.name).await?;
    see_other(&format!("/lists/election/{}", list.election_id), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::pages::form_fields as fields;

    #[test]
    fn rows_are_read_sorted_by_position_and_blank_rows_skipped() {
        let rows = candidate_rows(&fields(&[
            ("last_name_1", "Martin"),
            ("first_name_1", "Alice"),
            ("sex_1", "F"),
            ("position_1", "2"),
            ("last_name_2", "Durand"),
            ("first_name_2", "Bruno"),
            ("sex_2", "H"),
            ("position_2", "1"),
            ("birth_2", "1980-01-31"),
            ("last_name_3", ""),
            ("first_name_3", ""),
            ("sex_3", "F"),
            ("position_3", "3"),
        ]))
        .unwrap();
        let names: Vec<&str> = rows.iter().map(|c| c.last_name.as_str()).collect();
        assert_eq!(names, ["Durand", "Martin"]);
        assert_eq!(rows[0].birth_date.unwrap().to_string(), "1980-01-31");
    }

    #[test]
    fn bad_rows_are_refused() {
        assert!(candidate_rows(&fields(&[
            ("last_name_1", "X"),
            ("first_name_1", "Y"),
            ("sex_1", "Z")
        ]))
        .is_err());
        assert!(candidate_rows(&fields(&[
            ("last_name_1", "X"),
            ("first_name_1", ""),
            ("sex_1", "F")
        ]))
        .is_err());
        assert!(candidate_rows(&fields(&[
            ("last_name_1", "X"),
            ("first_name_1", "Y"),
            ("sex_1", "F"),
            ("birth_1", "31/01/1980")
        ]))
        .is_err());
    }
}
