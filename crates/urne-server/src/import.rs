//! What a voter-file import needs from the registry, shared by the web pages and
//! `urne import voters`: the known establishments and colleges, and the eligibility conditions
//! of the scrutin (its first round's first day, Code du travail, art. L2314-18 and L2314-19).

use urne_rules::eligibility::Conditions;
use urne_setup::voter_file::Known;
use urne_store::Registry;

use crate::error::WebError;
use crate::pages::bad;

/// The establishments and colleges a voter file may name, and the conditions of the current
/// first round (the latest round-1 scrutin).
///
/// # Errors
/// [`WebError::BadRequest`] when there is no establishment, college or first-round scrutin yet.
pub async fn import_context(registry: &Registry) -> Result<(Known, Conditions), WebError> {
    let known = Known {
        establishments: registry
            .establishments()
            .await?
            .into_iter()
            .map(|e| (e.code, e.name))
            .collect(),
        colleges: registry
            .colleges()
            .await?
            .into_iter()
            .map(|c| (c.code, c.name))
            .collect(),
    };
    if known.establishments.is_empty() || known.colleges.is_empty() {
        return Err(bad(
            "Créez d'abord les établissements et les collèges.",
            "Create the establishments and colleges first.",
        ));
    }
    let first_round = registry
        .scrutins()
        .await?
        .into_iter()
        .rev()
        .find(|s| s.round == 1)
        .ok_or_else(|| {
            bad(
                "Créez d'abord le scrutin du premier tour : l'électorat s'apprécie à sa date.",
                "Create the first-round scrutin first: electors are assessed on its date.",
            )
        })?;
    Ok((known, Conditions::new(first_round.first_round_day)))
}
