//! A list's files: the profession de foi (PDF), the logo and the candidates' photos, checked by
//! content (`crate::uploads`) before they are stored, and served back to whoever may edit the
//! list (the organisateur, or the délégué of its union).

use axum::extract::{Multipart, Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::lists::{editable_list, LIST_EDITORS};
use super::{bad, field, journal, multipart_fields};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::error::WebError;
use crate::uploads;

/// One upload form for a list's files: field `kind` is `profession_de_foi`, `logo` or
/// `photo` (with `candidate`, the candidate's id).
pub(super) async fn upload_file(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let (fields, file) = multipart_fields(multipart).await?;
    staff.check_csrf(&state, field(&fields, "csrf"))?;
    let list = editable_list(&state, &staff, id).await?;
    let (file_name, bytes) = file.ok_or_else(|| bad("Choisissez un fichier.", "Choose a file."))?;
    let registry = &state.stores.registry;
    let what = match field(&fields, "kind") {
        "profession_de_foi" => {
            uploads::check_pdf(&bytes)?;
            let name: String = file_name
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
                .take(100)
                .collect();
            registry.set_profession_de_foi(id, &name, &bytes).await?;
            "profession de foi"
        }
        "logo" => {
            let mime = uploads::check_logo(&bytes)?;
            registry.set_logo(id, mime, &bytes).await?;
            "logo"
        }
        "photo" => {
            let candidate: i64 = field(&fields, "candidate")
                .parse()
                .map_err(|_| bad("Candidat inconnu.", "Unknown candidate."))?;
            if !registry
                .candidates(id)
                .await?
                .iter()
                .any(|c| c.id == candidate)
            {
                return Err(WebError::Forbidden);
            }
            let mime = uploads::check_photo(&bytes)?;
            registry.set_photo(candidate, mime, &bytes).await?;
            "photo"
        }
        _ => return Err(bad("Type de fichier inconnu.", "Unknown kind of file.")),
    };
    journal(
        &state,
        &staff,
        "fichier déposé / file uploaded",
        &format!("{} : {what} ({} o)", list.name, bytes.len()),
    )
    .await?;
    see_other(&format!("/lists/{id}#fichiers"), None)
}

fn file_response(content: Vec<u8>, mime: &str, download_name: Option<&str>) -> Response {
    let disposition = match download_name {
        Some(name) => format!("attachment; filename=\"{}\"", name.replace('"', "")),
        None => "inline".to_owned(),
    };
    (
        [
            (CONTENT_TYPE, mime.to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        content,
    )
        .into_response()
}

pub(super) async fn profession_de_foi(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    editable_list(&state, &staff, id).await?;
    let file = state.stores.registry.profession_de_foi(id).await?;
    Ok(file_response(
        file.content,
        "application/pdf",
        Some(&file.label),
    ))
}

pub(super) async fn logo(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    editable_list(&state, &staff, id).await?;
    let file = state.stores.registry.logo(id).await?;
    Ok(file_response(file.content, &file.label, None))
}

pub(super) async fn photo(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(LIST_EDITORS)?;
    let list_id = state.stores.registry.candidate_list_id(id).await?;
    editable_list(&state, &staff, list_id).await?;
    let file = state.stores.registry.photo(id).await?;
    Ok(file_response(file.content, &file.label, None))
}
