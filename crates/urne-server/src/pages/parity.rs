//! The gender-balance check of a list (Code du travail, art. L2314-30), shown on the list page
//! after each save and answered live to `static/parity.js` while the form is edited: the
//! college's shares of women and men (from the voter file) applied to the list, the
//! compositions allowed, and what is wrong with the order given.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use urne_rules::parity::{self, Sex};
use urne_store::registry::Election;

use super::lists::{editable_list, LIST_EDITORS};
use super::{field, render};
use crate::app::Shared;
use crate::auth::Staff;
use crate::error::WebError;
use crate::i18n::PageCtx;

/// The gender-balance check of a list, for display.
pub(super) struct ParityView {
    /// Women and men expected, e.g. "2,4 femmes et 3,6 hommes".
    pub(super) expected_fr: String,
    pub(super) expected_en: String,
    /// Allowed compositions, e.g. "2 F + 4 H ou 3 F + 3 H".
    pub(super) allowed: String,
    pub(super) ok: bool,
    pub(super) problems: Vec<(&'static str, &'static str)>,
}

pub(super) async fn parity_of(
    state: &Shared,
    election: &Election,
    sexes: &[Sex],
) -> Result<Option<ParityView>, WebError> {
    if sexes.is_empty() {
        return Ok(None);
    }
    let (women, men) = state
        .stores
        .registry
        .college_headcount(election.establishment_id, election.college_id)
        .await?;
    let Some(composition) = parity::College::from_counts(women, men) else {
        return Ok(None);
    };
    let checked = match parity::check(
        &composition,
        sexes.len() as u64,
        u64::from(election.seats),
        Some(sexes),
    ) {
        Ok(checked) => checked,
        Err(_) => {
            return Ok(Some(ParityView {
                expected_fr: String::new(),
                expected_en: String::new(),
                allowed: String::new(),
                ok: false,
                problems: vec![(
                    "La liste compte plus de candidats que de sièges à pourvoir (L2314-29).",
                    "The list has more candidates than seats to fill (L2314-29).",
                )],
            }))
        }
    };
    let decimal = |q: &urne_rules::number::Q| format!("{:.2}", urne_rules::number::to_f64(q));
    let problems = checked
        .reasons
        .unwrap_or_default()
        .into_iter()
        .map(|reason| match reason {
            parity::Reason::Composition => (
                "Le nombre de femmes et d'hommes ne correspond pas à leur part dans le collège (L2314-30).",
                "The numbers of women and men do not match their shares of the college (L2314-30).",
            ),
            parity::Reason::Alternation => (
                "Les candidats doivent alterner entre femmes et hommes jusqu'à épuisement d'un des sexes (L2314-30).",
                "Candidates must alternate between women and men until one sex runs out (L2314-30).",
            ),
            parity::Reason::FirstPosition => (
                "Le premier candidat ne peut pas être du sexe qui n'a droit à aucune place (L2314-30).",
                "The first candidate cannot be of the sex entitled to no place (L2314-30).",
            ),
        })
        .collect::<Vec<_>>();
    Ok(Some(ParityView {
        expected_fr: format!(
            "{} femmes et {} hommes",
            decimal(&checked.exact.women).replace('.', ","),
            decimal(&checked.exact.men).replace('.', ",")
        ),
        expected_en: format!(
            "{} women and {} men",
            decimal(&checked.exact.women),
            decimal(&checked.exact.men)
        ),
        allowed: checked
            .allowed
            .iter()
            .map(|c| format!("{} F + {} H", c.women, c.men))
            .collect::<Vec<_>>()
            .join(" | "),
        ok: problems.is_empty(),
        problems,
    }))
}

#[derive(Template)]
#[template(path = "parity_fragment.html")]
struct ParityFragment {
    ctx: PageCtx,
    parity: Option<ParityView>,
}

/// The sexes of the rows of an unsaved candidates form that have a name, in position order:
/// what the live check needs, before the rest of each row is complete.
fn draft_sexes(fields: &[(String, String)]) -> Vec<Sex> {
    let mut rows: Vec<(f64, Sex)> = fields
        .iter()
        .filter_map(|(name, value)| {
            let row = name.strip_prefix("last_name_")?;
            if value.trim().is_empty() {
                return None;
            }
            let sex = Sex::from_letter(field(fields, &format!("sex_{row}")))?;
            let position = field(fields, &format!("position_{row}"))
                .replace(',', ".")
                .parse()
                .unwrap_or(f64::MAX);
            Some((position, sex))
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, sex)| sex).collect()
}

/// `POST /lists/{id}/parity`: the check of an unsaved form, for `static/parity.js`.
pub(super) async fn live_parity(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    staff.check_csrf(&state, field(&fields, "csrf"))?;
    let list = editable_list(&state, &staff, id).await?;
    let election = state.stores.registry.election(list.election_id).await?;
    let fragment = ParityFragment {
        ctx: staff.ctx(format!("/lists/{id}")),
        parity: parity_of(&state, &election, &draft_sexes(&fields)).await?,
    };
    Ok(render(&fragment)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::pages::form_fields as fields;

    #[test]
    fn draft_sexes_follow_positions_and_skip_unnamed_rows() {
        let sexes = draft_sexes(&fields(&[
            ("last_name_1", "Martin"),
            ("sex_1", "F"),
            ("position_1", "2"),
            ("last_name_2", "Durand"),
            ("sex_2", "H"),
            ("position_2", "1"),
            ("last_name_3", ""),
            ("sex_3", "F"),
            ("position_3", "3"),
        ]));
        assert_eq!(sexes, [Sex::Man, Sex::Woman]);
    }
}
