//! The bureau de vote's pages (Articles 9.6 to 9.12 and Annex 2 of the agreement), under
//! `/bureau/{scrutin}`: the overview with the bureau's composition and the programming
//! (here), the key ceremony ([`ceremony`]), supervision ([`supervision`]: participation,
//! émargement, journals), the seal ([`seal`]), counting ([`counting`]) and results and
//! procès-verbaux ([`results`]). Every handler checks its right of Annex 2
//! ([`crate::rights`]) and, for BVE members and délégués, their establishment.

pub mod blanc;
pub mod ceremony;
pub mod counting;
pub mod results;
pub mod round2;
pub mod seal;
pub mod supervision;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_store::registry::{JournalKind, Role, Scrutin, ScrutinStatus};

use super::{bad, render};
use crate::app::Shared;
use crate::auth::{see_other, CsrfForm, Staff};
use crate::calendar;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::rights::Right;
use crate::voter::ballots::{gate_at, Gate};

/// The routes of the bureau's pages.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau", get(index))
        .route("/bureau/{uid}", get(overview))
        .route("/bureau/{uid}/members", post(set_members))
        .route("/bureau/{uid}/programming", post(program))
        .route("/bureau/{uid}/suspension", post(suspend))
        .route("/bureau/{uid}/closing", post(close_now))
        .merge(ceremony::routes())
        .merge(blanc::routes())
        .merge(supervision::routes())
        .merge(seal::routes())
        .merge(counting::routes())
        .merge(results::routes())
        .merge(round2::routes())
}

/// The scrutin whose record uid is `uid`.
///
/// # Errors
/// [`WebError::NotFound`].
pub async fn scrutin(state: &Shared, uid: &str) -> Result<Scrutin, WebError> {
    Ok(state.stores.registry.scrutin_by_uid(uid).await?)
}

/// The preamble of every bureau form: the account holds `right`, the form's CSRF token is this
/// session's, and the scrutin exists; returns it.
///
/// # Errors
/// [`WebError::Forbidden`], [`WebError::Csrf`], [`WebError::NotFound`].
pub async fn posted(
    state: &Shared,
    staff: &Staff,
    right: Right,
    csrf: &str,
    uid: &str,
) -> Result<Scrutin, WebError> {
    staff.require_right(right)?;
    staff.check_csrf(state, csrf)?;
    scrutin(state, uid).await
}

/// The BVC member index of `staff` in `scrutin`, if they are a member.
///
/// # Errors
/// Store errors.
pub async fn member_index(
    state: &Shared,
    scrutin: &Scrutin,
    staff: &Staff,
) -> Result<Option<u32>, WebError> {
    Ok(state
        .stores
        .registry
        .bureau_members(scrutin.id)
        .await?
        .into_iter()
        .find(|(_, id)| *id == staff.account.id)
        .map(|(index, _)| index))
}

/// Journals, in the event journal, what `staff` did in `scrutin`.
///
/// # Errors
/// Store errors.
pub async fn event(
    state: &Shared,
    staff: &Staff,
    scrutin: &Scrutin,
    action: &str,
    detail: &str,
) -> Result<(), WebError> {
    let detail = if detail.is_empty() {
        scrutin.name.clone()
    } else {
        format!("{} — {detail}", scrutin.name)
    };
    super::journal_in(state, JournalKind::Events, staff, action, &detail).await
}

/// The stage of a scrutin as people read it, French and English.
pub fn stage(scrutin: &Scrutin, now: i64) -> (&'static str, &'static str) {
    match (scrutin.status, gate_at(now, scrutin)) {
        (ScrutinStatus::Setup, _) => ("Mise en place", "Set-up"),
        (ScrutinStatus::Ceremony, _) => ("Cérémonie des clés en cours", "Key ceremony under way"),
        (ScrutinStatus::Keyed, _) => (
            "Clé de chiffrement générée : scrutin à blanc, puis scellement",
            "Encryption key generated: test vote, then seal",
        ),
        (_, Gate::NotYetOpen) => ("Scellé, ouverture programmée", "Sealed, opening programmed"),
        (_, Gate::Open) => ("Vote ouvert", "Voting open"),
        (_, Gate::Suspended) => ("Vote suspendu", "Voting suspended"),
        (_, Gate::Closed) => ("Vote clos", "Voting closed"),
    }
}

struct ScrutinLink {
    uid: String,
    name: String,
    stage: (&'static str, &'static str),
}

#[derive(Template)]
#[template(path = "bureau_index.html")]
struct IndexPage {
    ctx: PageCtx,
    scrutins: Vec<ScrutinLink>,
}

async fn index(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let now = state.now();
    let scrutins = state
        .stores
        .registry
        .scrutins()
        .await?
        .into_iter()
        .map(|s| ScrutinLink {
            stage: stage(&s, now),
            uid: s.record_uid,
            name: s.name,
        })
        .collect();
    Ok(render(&IndexPage {
        ctx: staff.ctx("/bureau"),
        scrutins,
    })?
    .into_response())
}

struct MemberRow {
    index: u32,
    name: String,
}

struct Candidate {
    id: i64,
    name: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "bureau.html")]
struct OverviewPage {
    ctx: PageCtx,
    scrutin: Scrutin,
    stage: (&'static str, &'static str),
    opens: String,
    closes: String,
    opens_local: String,
    closes_local: String,
    members: Vec<MemberRow>,
    /// BVC accounts the organisateur may name, while in set-up.
    candidates: Vec<Candidate>,
    can_name: bool,
    can_program: bool,
    can_suspend: bool,
    is_member: bool,
    rights: Vec<Right>,
}

impl OverviewPage {
    fn has(&self, right: &Right) -> bool {
        self.rights.contains(right)
    }
}

async fn overview(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let scrutin = scrutin(&state, &uid).await?;
    let registry = &state.stores.registry;
    let accounts = registry.staff().await?;
    let bureau = registry.bureau_members(scrutin.id).await?;
    let name_of = |id: i64| {
        accounts
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.display_name.clone())
            .unwrap_or_default()
    };
    let members = bureau
        .iter()
        .map(|&(index, id)| MemberRow {
            index,
            name: name_of(id),
        })
        .collect();
    let candidates = accounts
        .iter()
        .filter(|a| a.role == Role::Bvc)
        .map(|a| Candidate {
            id: a.id,
            name: a.display_name.clone(),
            checked: bureau.iter().any(|(_, id)| *id == a.id),
        })
        .collect();
    let now = state.now();
    let gate = gate_at(now, &scrutin);
    let programs = staff.has_right(Right::Programming);
    let page = OverviewPage {
        ctx: staff.ctx(format!("/bureau/{uid}")),
        stage: stage(&scrutin, now),
        opens: calendar::show(scrutin.opens_at, staff.lang),
        closes: calendar::show(scrutin.closes_at, staff.lang),
        opens_local: calendar::to_local(scrutin.opens_at)?,
        closes_local: calendar::to_local(scrutin.closes_at)?,
        members,
        candidates,
        can_name: staff.account.role == Role::Organisateur
            && scrutin.status == ScrutinStatus::Setup,
        can_program: programs && gate == Gate::NotYetOpen,
        can_suspend: programs && matches!(gate, Gate::Open | Gate::Suspended),
        is_member: member_index(&state, &scrutin, &staff).await?.is_some(),
        rights: Right::ALL
            .into_iter()
            .filter(|&r| staff.has_right(r))
            .collect(),
        scrutin,
    };
    Ok(render(&page)?.into_response())
}

/// The members form: `csrf`, `threshold` and one `member` field per staff id checked (a
/// repeated field, hence pairs rather than a struct).
async fn set_members(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let form_csrf = field("csrf").unwrap_or_default();
    let threshold: u32 = field("threshold")
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    let members: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "member")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    staff.require(super::ORGANISER)?;
    staff.check_csrf(&state, form_csrf)?;
    let scrutin = scrutin(&state, &uid).await?;
    if scrutin.status != ScrutinStatus::Setup {
        return Err(bad(
            "Le bureau ne change plus une fois la cérémonie des clés commencée.",
            "The bureau no longer changes once the key ceremony has started.",
        ));
    }
    let accounts = state.stores.registry.staff().await?;
    if members
        .iter()
        .any(|id| !accounts.iter().any(|a| a.id == *id && a.role == Role::Bvc))
    {
        return Err(bad(
            "Seuls des comptes « bureau de vote centralisateur » peuvent être membres.",
            "Only \"central polling board\" accounts can be members.",
        ));
    }
    if threshold < 2 || threshold as usize > members.len() {
        return Err(bad(
            format!(
                "Le seuil doit être entre 2 et le nombre de membres ({}).",
                members.len()
            ),
            format!(
                "The threshold must be between 2 and the number of members ({}).",
                members.len()
            ),
        ));
    }
    state
        .stores
        .registry
        .set_bureau(scrutin.id, &members, threshold)
        .await?;
    let detail = format!("{} membres, seuil {threshold}", members.len());
    event(
        &state,
        &staff,
        &scrutin,
        "bureau nommé / bureau named",
        &detail,
    )
    .await?;
    see_other(&format!("/bureau/{uid}"), None)
}

#[derive(Deserialize)]
struct ProgramForm {
    csrf: String,
    opens_at: String,
    closes_at: String,
}

async fn program(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<ProgramForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Programming, &form.csrf, &uid).await?;
    if gate_at(state.now(), &scrutin) != Gate::NotYetOpen {
        return Err(bad(
            "L'ouverture et la fermeture se programment avant l'ouverture du vote.",
            "Opening and closing are programmed before voting opens.",
        ));
    }
    let opens = calendar::parse_local(&form.opens_at, "ouverture", "opening")?;
    let closes = calendar::parse_local(&form.closes_at, "fermeture", "closing")?;
    if opens >= closes || closes <= state.now() {
        return Err(bad(
            "La fermeture doit suivre l'ouverture, et être à venir.",
            "The closing must come after the opening, and in the future.",
        ));
    }
    state
        .stores
        .registry
        .set_schedule(scrutin.id, opens, closes)
        .await?;
    let detail = format!("{} → {}", form.opens_at, form.closes_at);
    event(
        &state,
        &staff,
        &scrutin,
        "programmation / programming",
        &detail,
    )
    .await?;
    see_other(&format!("/bureau/{uid}"), None)
}

#[derive(Deserialize)]
struct SuspendForm {
    csrf: String,
    /// "suspend" or "resume".
    action: String,
}

async fn suspend(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<SuspendForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Programming, &form.csrf, &uid).await?;
    if !matches!(gate_at(state.now(), &scrutin), Gate::Open | Gate::Suspended) {
        return Err(bad(
            "Seul un vote ouvert peut être suspendu ou repris.",
            "Only open voting can be suspended or resumed.",
        ));
    }
    let suspended = form.action == "suspend";
    state
        .stores
        .registry
        .set_suspended(scrutin.id, suspended)
        .await?;
    let action = if suspended {
        "vote suspendu / voting suspended"
    } else {
        "vote repris / voting resumed"
    };
    event(&state, &staff, &scrutin, action, "").await?;
    see_other(&format!("/bureau/{uid}"), None)
}

async fn close_now(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Programming, &form.csrf, &uid).await?;
    if !matches!(gate_at(state.now(), &scrutin), Gate::Open | Gate::Suspended) {
        return Err(bad(
            "Seul un vote ouvert peut être clos par anticipation.",
            "Only open voting can be closed early.",
        ));
    }
    crate::counting::close(&state, &scrutin)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    event(
        &state,
        &staff,
        &scrutin,
        "clôture anticipée / early closing",
        "",
    )
    .await?;
    see_other(&format!("/bureau/{uid}"), None)
}
