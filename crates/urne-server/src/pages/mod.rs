//! The pages behind a staff login: set-up ([`setup`]) and its [`corrections`], voters
//! ([`voters`]), candidate lists ([`lists`], [`parity`], [`list_files`]), staff accounts and the
//! journal ([`staff`]).
//!
//! Each handler takes the [`Staff`] extractor (a login is required), checks the role it needs,
//! and, for a POST, the CSRF token of the form; then calls the store, journals the change with
//! the staff member's login, and redirects (POST/redirect/GET) or renders a template.

pub mod access;
pub mod bureau;
pub mod corrections;
pub mod hotline;
pub mod list_files;
pub mod lists;
pub mod mailings;
pub mod outbox;
pub mod parity;
pub mod setup;
pub mod staff;
pub mod voters;

use askama::Template;
use axum::extract::Multipart;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use urne_store::registry::{JournalKind, Role};
use urne_store::{Conflict, StoreError, Taken};

use crate::app::Shared;
use crate::auth::Staff;
use crate::error::{Bilingual, WebError};

/// The routes of every page module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .merge(setup::routes())
        .merge(corrections::routes())
        .merge(voters::routes())
        .merge(lists::routes())
        .merge(staff::routes())
        .merge(hotline::routes())
        .merge(access::routes())
        .merge(mailings::routes())
        .merge(outbox::routes())
        .merge(bureau::routes())
}

/// Renders a template.
///
/// # Errors
/// [`WebError::Internal`] when it fails (a bug).
pub fn render(template: &impl Template) -> Result<Html<String>, WebError> {
    template
        .render()
        .map(Html)
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}

/// A download of `bytes` named `file_name`, never cached (letters and exports hold codes or
/// personal data).
pub fn attachment(content_type: &'static str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// A field of our `;`-separated CSV exports: quoted when it holds the separator, a quote or a
/// line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A JSON answer for our own scripts, never cached.
pub fn json(value: &serde_json::Value) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// Roles that set the election up.
pub const ORGANISER: &[Role] = &[Role::Organisateur];

/// Journals a set-up change made by `staff`.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn journal(
    state: &Shared,
    staff: &Staff,
    action: &str,
    detail: &str,
) -> Result<(), WebError> {
    journal_in(state, JournalKind::Setup, staff, action, detail).await
}

/// Journals, in the journal `kind`, what `staff` did now.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn journal_in(
    state: &Shared,
    kind: JournalKind,
    staff: &Staff,
    action: &str,
    detail: &str,
) -> Result<(), WebError> {
    state
        .stores
        .registry
        .journal(kind, state.now(), &staff.account.login, action, detail)
        .await?;
    Ok(())
}

/// A bad-request error with a French and an English message.
pub fn bad(fr: impl Into<String>, en: impl Into<String>) -> WebError {
    WebError::BadRequest(Bilingual::new(fr, en))
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        match error {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Conflict(conflict) => {
                let (fr, en) = conflict_text(conflict);
                bad(fr, en)
            }
            StoreError::Invalid(what) => bad(
                format!("Valeur refusée : {what}."),
                format!("Value refused: {what}."),
            ),
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// What a refused change means for the person who asked for it, in French and English.
fn conflict_text(conflict: Conflict) -> (String, String) {
    let pair = |fr: &str, en: &str| (fr.to_owned(), en.to_owned());
    match conflict {
        Conflict::Taken(Taken::EstablishmentCode) => pair(
            "Ce code d'établissement est déjà utilisé.",
            "This establishment code is already used.",
        ),
        Conflict::Taken(Taken::CollegeCode) => pair(
            "Ce code de collège est déjà utilisé.",
            "This college code is already used.",
        ),
        Conflict::Taken(Taken::ListName) => pair(
            "Une liste de ce nom existe déjà dans cette élection.",
            "A list of that name already exists in this election.",
        ),
        Conflict::Taken(Taken::Login) => pair(
            "Cet identifiant de compte est déjà pris.",
            "This login is already taken.",
        ),
        Conflict::Taken(Taken::Election) => pair(
            "Ce collège a déjà ses élections dans cet établissement pour ce scrutin.",
            "This college already has its elections in this establishment for this round.",
        ),
        Conflict::NotInSetup(status) => (
            format!("Le scrutin n'est plus en préparation (état : {status}) : rien ne peut plus y changer."),
            format!("The round is no longer being set up (state: {status}): nothing can change in it any more."),
        ),
        Conflict::ListsLocked => pair(
            "Les listes sont verrouillées (fin de la recette) : l'organisateur peut les déverrouiller.",
            "The lists are locked (end of the acceptance test): the organiser can unlock them.",
        ),
        Conflict::VotersFrozen => pair(
            "Les listes électorales sont figées depuis le scellement d'un scrutin.",
            "The electoral lists are frozen since a round was sealed.",
        ),
        Conflict::ListsFiled => pair(
            "Des listes de candidats sont déposées dans ces élections : supprimez-les d'abord.",
            "Candidate lists are filed in these elections: delete them first.",
        ),
        Conflict::LastOrganisateur => pair(
            "Le dernier compte d'organisateur ne peut pas être supprimé.",
            "The last organiser account cannot be removed.",
        ),
        Conflict::AlreadyDecided => pair(
            "Cette demande a déjà été traitée.",
            "This request was already dealt with.",
        ),
        other => (
            format!("Modification refusée ({other:?})."),
            format!("Change refused ({other:?})."),
        ),
    }
}

/// A trimmed, non-empty form field, or a bilingual error naming it.
///
/// # Errors
/// [`WebError::BadRequest`] when the field is empty.
pub fn required(value: &str, fr_name: &str, en_name: &str) -> Result<String, WebError> {
    let value = value.trim();
    if value.is_empty() || value.len() > 500 {
        return Err(bad(
            format!("Le champ « {fr_name} » est obligatoire (500 caractères au plus)."),
            format!("The field \"{en_name}\" is required (at most 500 characters)."),
        ));
    }
    Ok(value.to_owned())
}

/// The seats of a college's election: 1 to 35, the range of R2314-1.
///
/// # Errors
/// [`WebError::BadRequest`] outside it.
pub fn valid_seats(seats: u32) -> Result<u32, WebError> {
    if (1..=35).contains(&seats) {
        Ok(seats)
    } else {
        Err(bad(
            "Entre 1 et 35 sièges (R2314-1).",
            "Between 1 and 35 seats (R2314-1).",
        ))
    }
}

/// A SIRET number without its spaces: empty, or 14 digits.
///
/// # Errors
/// [`WebError::BadRequest`] otherwise.
pub fn valid_siret(text: &str) -> Result<String, WebError> {
    let siret = text.trim().replace(' ', "");
    if siret.is_empty() || (siret.len() == 14 && siret.bytes().all(|b| b.is_ascii_digit())) {
        Ok(siret)
    } else {
        Err(bad(
            "Le SIRET compte 14 chiffres.",
            "A SIRET number has 14 digits.",
        ))
    }
}

/// A scrutin's opening and closing from `datetime-local` fields (Paris time), in order.
///
/// # Errors
/// [`WebError::BadRequest`] for a bad value or a closing not after the opening.
pub fn valid_schedule(opens: &str, closes: &str) -> Result<(i64, i64), WebError> {
    let opens = crate::calendar::parse_local(opens, "ouverture", "opening")?;
    let closes = crate::calendar::parse_local(closes, "clôture", "closing")?;
    if closes <= opens {
        return Err(bad(
            "La clôture doit suivre l'ouverture.",
            "Closing must come after opening.",
        ));
    }
    Ok((opens, closes))
}

/// Form fields for tests.
#[cfg(test)]
pub(crate) fn form_fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// A random public identifier (128 bits, hex), for records and elections.
pub fn random_uid() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Reads a multipart form: its text fields and its one file (name, bytes).
///
/// # Errors
/// [`WebError::BadRequest`] when the upload is cut short.
pub async fn multipart_fields(
    mut multipart: Multipart,
) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), WebError> {
    let incomplete = || bad("Envoi incomplet.", "Incomplete upload.");
    let (mut fields, mut file) = (Vec::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|_| incomplete())? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(file_name) = field.file_name().map(str::to_owned) {
            let bytes = field.bytes().await.map_err(|_| incomplete())?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
        } else {
            fields.push((name, field.text().await.map_err(|_| incomplete())?));
        }
    }
    Ok((fields, file))
}

/// The value of form field `name`, or "".
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        assert_eq!(valid_seats(35).unwrap(), 35);
        assert!(valid_seats(0).is_err() && valid_seats(36).is_err());
        assert_eq!(
            valid_siret(" 778 127 613 00041 ").unwrap(),
            "77812761300041"
        );
        assert_eq!(valid_siret("").unwrap(), "");
        assert!(valid_siret("7781276130004").is_err() && valid_siret("7781276130004X").is_err());
        let (opens, closes) = valid_schedule("2027-11-21T08:00", "2027-11-23T17:00").unwrap();
        assert_eq!(closes - opens, 2 * 86_400 + 9 * 3600);
        assert!(valid_schedule("2027-11-23T17:00", "2027-11-23T17:00").is_err());
    }
}
