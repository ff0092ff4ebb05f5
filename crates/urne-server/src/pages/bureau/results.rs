//! Results and documents (Articles 9.10 to 9.12, Annex 2): the detailed results of each
//! election (BVC for the company, BVE members, direction, délégués, within their perimeter),
//! the procès-verbaux as PDFs with the fields of Cerfa 15822 and 15823 (BVE members and
//! direction), the PV de carence (Cerfa 15248) for the colleges without candidate, the
//! representativeness statement (L2122-1), and a CSV for entry on the ministry's site.
//! Everything is read from the results published in the record, never recomputed here.

use askama::Template;
use axum::extract::{MatchedPath, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use urne_letters::pv::{self, Employer};
use urne_letters::statements::{self, AudienceDocument, CarenceDocument, UnionAudience};
use urne_record::manifest::{Body, Manifest};
use urne_record::results::{decimal_fr, ElectionResult};
use urne_store::registry::{Election, Scrutin};

use super::counting::{base, is_blanc};
use super::scrutin;
use crate::app::Shared;
use crate::auth::Staff;
use crate::counting;
use crate::counting::{Target, BLANC};
use crate::documents::{self, decimal};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::{attachment, render};
use crate::rights::Right;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau/{uid}/results", get(page))
        .route("/bureau/{uid}/pv/{file}", get(pv_pdf))
        .route("/bureau/{uid}/blanc/results", get(page))
        .route("/bureau/{uid}/blanc/pv/{file}", get(pv_pdf))
        .route("/bureau/{uid}/carence/{file}", get(carence_pdf))
        .route("/bureau/{uid}/representativeness.pdf", get(audience_pdf))
        .route("/bureau/{uid}/results.csv", get(ministry_csv))
}

/// One election's published result with what the pages need around it.
struct Row {
    election: Election,
    manifest: Manifest,
    result: ElectionResult,
}

/// The published results of the elections within `staff`'s perimeter, in record order (of
/// the vote, or of its scrutin à blanc).
async fn rows(
    state: &Shared,
    scrutin: &Scrutin,
    staff: &Staff,
    blanc: bool,
) -> Result<Vec<Row>, WebError> {
    let target = Target { scrutin, blanc };
    let counting = counting::load(state, &target)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let elections = state.stores.registry.elections(scrutin.id).await?;
    let perimeter = staff.perimeter();
    Ok(counting
        .manifests
        .into_iter()
        .filter_map(|manifest| {
            let result = counting
                .results
                .iter()
                .find(|r| r.election == manifest.election)?
                .clone();
            let uid = manifest
                .election
                .strip_suffix(BLANC)
                .unwrap_or(&manifest.election);
            let election = elections.iter().find(|e| e.election_uid == uid)?.clone();
            perimeter.covers(election.establishment_id).then_some(Row {
                election,
                manifest,
                result,
            })
        })
        .collect())
}

fn body_fr(body: Body) -> &'static str {
    match body {
        Body::Titulaires => "titulaires",
        Body::Suppleants => "suppléants",
    }
}

struct ListLine {
    name: String,
    union: String,
    ballots: u64,
    votes: String,
    quotient: u64,
    average: u64,
    elected: Vec<String>,
}

struct ElectionBlock {
    uid: String,
    title: String,
    result: ElectionResult,
    quotient: String,
    lists: Vec<ListLine>,
}

#[derive(Template)]
#[template(path = "bureau_results.html")]
struct ResultsPage {
    ctx: PageCtx,
    uid: String,
    /// The organisateur may create the second round these results require.
    second_round: bool,
    base: String,
    blanc: bool,
    name: String,
    elections: Vec<ElectionBlock>,
    pvs: bool,
    carences: Vec<(i64, String)>,
}

async fn page(
    State(state): State<Shared>,
    staff: Staff,
    matched: MatchedPath,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Results)?;
    let scrutin = scrutin(&state, &uid).await?;
    let blanc = is_blanc(&matched);
    let elections: Vec<ElectionBlock> = rows(&state, &scrutin, &staff, blanc)
        .await?
        .into_iter()
        .map(|row| ElectionBlock {
            uid: row.manifest.election.clone(),
            title: format!(
                "{} — {} — {}",
                row.manifest.establishment.name,
                row.manifest.college.name,
                body_fr(row.manifest.body)
            ),
            quotient: row
                .result
                .quotient
                .as_deref()
                .map(decimal)
                .unwrap_or_default(),
            lists: row
                .result
                .lists
                .iter()
                .map(|l| ListLine {
                    name: l.name.clone(),
                    union: l.union.clone().unwrap_or_default(),
                    ballots: l.ballots,
                    votes: decimal(&l.list_votes),
                    quotient: l.seats_by_quotient,
                    average: l.seats_by_average,
                    elected: l
                        .candidates
                        .iter()
                        .filter(|c| c.elected)
                        .map(|c| format!("{} {} ({})", c.first_name, c.last_name, c.votes))
                        .collect(),
                })
                .collect(),
            result: row.result,
        })
        .collect();
    let carences = if blanc {
        Vec::new()
    } else {
        carences(&state, &scrutin, &staff)
            .await?
            .into_iter()
            .map(|(id, name, places)| (id, format!("{name}: {}", places.join("; "))))
            .collect()
    };
    let second_round = !blanc
        && staff.account.role == urne_store::registry::Role::Organisateur
        && scrutin.round == 1
        && elections
            .iter()
            .any(|e: &ElectionBlock| e.result.second_round_required);
    let page = ResultsPage {
        second_round,
        ctx: staff.ctx(format!("{}/results", base(&uid, blanc))),
        base: base(&uid, blanc),
        blanc,
        pvs: staff.has_right(Right::Pvs),
        name: scrutin.name,
        elections,
        carences,
        uid,
    };
    Ok(render(&page)?.into_response())
}

async fn pv_pdf(
    State(state): State<Shared>,
    staff: Staff,
    matched: MatchedPath,
    Path((uid, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Pvs)?;
    let election = file.strip_suffix(".pdf").ok_or(WebError::NotFound)?;
    let scrutin = scrutin(&state, &uid).await?;
    let rows = rows(&state, &scrutin, &staff, is_blanc(&matched)).await?;
    let row = rows
        .iter()
        .find(|r| r.manifest.election == election)
        .ok_or(WebError::NotFound)?;
    let doc = documents::pv(&state, &scrutin, &row.election, &row.manifest, &row.result).await?;
    let name = format!("pv-{}-{}.pdf", doc.form.cerfa(), election);
    Ok(attachment("application/pdf", &name, pv::render(&doc)))
}

/// The carence elections (no candidate when the ceremony opened) within the perimeter, by
/// establishment: `(establishment id, its name, ["college — body", …])`.
async fn carences(
    state: &Shared,
    scrutin: &Scrutin,
    staff: &Staff,
) -> Result<Vec<(i64, String, Vec<String>)>, WebError> {
    let registry = &state.stores.registry;
    let mut out: Vec<(i64, String, Vec<String>)> = Vec::new();
    for election in registry.elections(scrutin.id).await? {
        if !election.carence || !staff.perimeter().covers(election.establishment_id) {
            continue;
        }
        let (establishment, college, _) = registry.election_names(election.id).await?;
        let place = format!("{college} — {}", body_name(&election));
        match out
            .iter_mut()
            .find(|(id, ..)| *id == election.establishment_id)
        {
            Some((.., places)) => places.push(place),
            None => out.push((election.establishment_id, establishment, vec![place])),
        }
    }
    Ok(out)
}

fn body_name(election: &Election) -> &'static str {
    match election.body {
        urne_store::registry::Body::Titulaires => "titulaires",
        urne_store::registry::Body::Suppleants => "suppléants",
    }
}

async fn carence_pdf(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Pvs)?;
    let establishment_id: i64 = file
        .strip_suffix(".pdf")
        .and_then(|id| id.parse().ok())
        .ok_or(WebError::NotFound)?;
    let scrutin = scrutin(&state, &uid).await?;
    let colleges = carences(&state, &scrutin, &staff)
        .await?
        .into_iter()
        .find(|(id, ..)| *id == establishment_id)
        .map(|(.., places)| places)
        .unwrap_or_default();
    if colleges.is_empty() {
        return Err(WebError::NotFound);
    }
    let doc = CarenceDocument {
        employer: documents::employer(&state, establishment_id).await?,
        colleges,
        round: scrutin.round,
        date: documents::french_date(crate::calendar::paris_date(scrutin.closes_at)?),
    };
    let name = format!("pv-carence-15248-{establishment_id}.pdf");
    Ok(attachment(
        "application/pdf",
        &name,
        statements::carence(&doc),
    ))
}

async fn audience_pdf(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Results)?;
    let scrutin = scrutin(&state, &uid).await?;
    let rows = rows(&state, &scrutin, &staff, false).await?;
    let pairs: Vec<(Body, &ElectionResult)> =
        rows.iter().map(|r| (r.manifest.body, &r.result)).collect();
    let measured = urne_record::audience::audience(&pairs)
        .map_err(|e| WebError::Internal(format!("representativeness: {e:?}")))?;
    let sve = rows
        .iter()
        .filter(|r| r.manifest.body == Body::Titulaires)
        .map(|r| r.result.sve)
        .sum();
    let establishment = match staff.perimeter() {
        crate::rights::Perimeter::Establishment(id) => documents::employer(&state, id).await?,
        _ => {
            let organisation = state
                .stores
                .registry
                .organisation()
                .await?
                .unwrap_or_default();
            Employer {
                organisation: organisation.name,
                siren: organisation.siren,
                establishment: "Ensemble de l'entreprise / whole company".to_owned(),
                ..Employer::default()
            }
        }
    };
    let doc = AudienceDocument {
        employer: establishment,
        scrutin: scrutin.name.clone(),
        sve,
        unions: measured
            .iter()
            .map(|a| UnionAudience {
                union: a.union.clone(),
                votes: decimal_fr(&a.votes),
                share: a
                    .pct
                    .as_ref()
                    .map(|p| format!("{} %", decimal_fr(p)))
                    .unwrap_or_default(),
                representative: a.representative,
            })
            .collect(),
    };
    Ok(attachment(
        "application/pdf",
        "representativite.pdf",
        statements::audience(&doc),
    ))
}

/// One line per list of each election, in the order the ministry's entry form asks for them:
/// establishment (SIRET), college, body, round, date, the totals, then the list's union, votes,
/// seats and elected. UTF-8 with a byte-order mark, `;`-separated, for spreadsheets in French.
async fn ministry_csv(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Pvs)?;
    let scrutin = scrutin(&state, &uid).await?;
    let rows = rows(&state, &scrutin, &staff, false).await?;
    let date = crate::calendar::paris_date(scrutin.closes_at)?.to_string();
    let mut out = String::from(
        "\u{feff}siret;etablissement;college;instance;tour;date;inscrits;votants;blancs;nuls;\
         exprimes;sieges;quotient;liste;syndicat;voix_liste;moyenne_liste;sieges_quotient;\
         sieges_moyenne;elus\r\n",
    );
    for row in &rows {
        let employer = documents::employer(&state, row.election.establishment_id).await?;
        let r = &row.result;
        for list in &r.lists {
            let elected: Vec<String> = r
                .elected()
                .filter(|(l, _)| l.name == list.name)
                .map(|(_, c)| format!("{} {}", c.last_name, c.first_name))
                .collect();
            let fields = [
                employer.siret.clone(),
                employer.establishment.clone(),
                row.manifest.college.name.clone(),
                format!("CSE {}", body_fr(row.manifest.body)),
                r.round.to_string(),
                date.clone(),
                r.inscrits.to_string(),
                r.votants.to_string(),
                r.blancs.to_string(),
                r.nuls.to_string(),
                r.sve.to_string(),
                r.seats.to_string(),
                r.quotient.as_deref().map(decimal).unwrap_or_default(),
                list.name.clone(),
                list.union.clone().unwrap_or_default(),
                list.ballots.to_string(),
                decimal(&list.list_votes),
                list.seats_by_quotient.to_string(),
                list.seats_by_average.to_string(),
                elected.join(", "),
            ];
            let line: Vec<String> = fields.iter().map(|f| crate::pages::csv_field(f)).collect();
            out.push_str(&line.join(";"));
            out.push_str("\r\n");
        }
    }
    Ok(attachment(
        "text/csv; charset=utf-8",
        "resultats-ministere.csv",
        out.into_bytes(),
    ))
}
