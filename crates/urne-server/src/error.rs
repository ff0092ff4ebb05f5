//! The server's one error type, [`WebError`], and the only place that turns an error into a
//! status code and a translated page (STYLE.md §4, after kanidm's `WebError`).
//!
//! `IntoResponse` has no access to the request, so a bare [`WebError`] cannot know the reader's
//! language. We chose to render it **bilingually**, French first and English below (each part
//! marked with its `lang`, WCAG 2.1 SC 3.1.2), which keeps `?` working on any handler and matches
//! the "French first, English second" rule of DESIGN.md §7. A handler that has the [`Lang`] at
//! hand and wants a one-language page returns `error.in_lang(lang)` ([`LocalizedError`]) instead.
//! The rejected alternative, a `WebError { kind, lang }` struct, would force every `?` site to
//! attach a language first.
//!
//! [`WebError::Internal`] carries a description for the operator: it is written to stderr with a
//! random reference that the page shows, and never shown itself. Callers must not put request
//! bodies, passwords or codes in it.
//!
//! Left out: mapping the domain errors of `urne-store` and `urne-setup` (each page's module adds
//! its `From` impls next to the code that needs them), and JSON error bodies (no JSON API yet).

use askama::Template;
use axum::{
    http::{header::RETRY_AFTER, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
};

use crate::i18n::{Lang, PageCtx};

/// A text in both languages, for messages built at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    /// The French text.
    pub fr: String,
    /// The English text.
    pub en: String,
}

impl Bilingual {
    /// A text from its French and English versions.
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The version in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// Everything a handler can fail with, as the reader sees it.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebError {
    /// 404: no such page or object (also used when the reader may not know it exists).
    NotFound,
    /// 403: logged in, but without the right for this page.
    Forbidden,
    /// 400: the request is malformed; the message says what to fix.
    BadRequest(Bilingual),
    /// 401: a session is needed. (Pages usually redirect to the login form instead.)
    Unauthorized,
    /// 429: rate limited; the response carries `Retry-After`.
    TooManyRequests {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// 503: the server is already doing as much of this work as it allows at once (e.g. public
    /// archive downloads); the response carries `Retry-After`.
    Busy {
        /// What the server is already doing as much of as it allows (one sentence).
        what: Bilingual,
        /// Seconds after which to try again.
        retry_after_secs: u64,
    },
    /// 403: the form's CSRF token or origin did not check out (see [`crate::csrf`]).
    Csrf,
    /// 500: a fault on our side. The text is logged for the operator, never shown.
    Internal(String),
}

/// "1 minute", "2 minutes": a `Retry-After` delay rounded up to whole minutes (same spelling in
/// French and English).
fn minutes(retry_after_secs: u64) -> String {
    match retry_after_secs.div_ceil(60).max(1) {
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

impl WebError {
    /// This error rendered in `lang` only.
    pub fn in_lang(self, lang: Lang) -> LocalizedError {
        LocalizedError { error: self, lang }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Title and message in both languages; `reference` is the log reference of an internal error.
    fn texts(&self, reference: &str) -> (Bilingual, Bilingual) {
        match self {
            WebError::NotFound => (
                Bilingual::new("Page introuvable", "Page not found"),
                Bilingual::new(
                    "L'adresse demandée n'existe pas, ou plus.",
                    "The requested address does not exist, or no longer exists.",
                ),
            ),
            WebError::Forbidden => (
                Bilingual::new("Accès refusé", "Access denied"),
                Bilingual::new(
                    "Vous n'avez pas les droits nécessaires pour cette page.",
                    "You do not have the rights needed for this page.",
                ),
            ),
            WebError::BadRequest(message) => (
                Bilingual::new("Requête invalide", "Invalid request"),
                message.clone(),
            ),
            WebError::Unauthorized => (
                Bilingual::new("Connexion requise", "Login required"),
                Bilingual::new(
                    "Connectez-vous pour accéder à cette page.",
                    "Log in to see this page.",
                ),
            ),
            WebError::TooManyRequests { retry_after_secs } => {
                let minutes = minutes(*retry_after_secs);
                (
                    Bilingual::new("Trop de tentatives", "Too many attempts"),
                    Bilingual::new(
                        format!("Par sécurité, réessayez dans {minutes}."),
                        format!("For security, try again in {minutes}."),
                    ),
                )
            }
            WebError::Busy {
                what,
                retry_after_secs,
            } => {
                let minutes = minutes(*retry_after_secs);
                (
                    Bilingual::new("Serveur occupé", "Server busy"),
                    Bilingual::new(
                        format!("{} Réessayez dans {minutes}.", what.fr),
                        format!("{} Try again in {minutes}.", what.en),
                    ),
                )
            }
            WebError::Csrf => (
                Bilingual::new("Formulaire expiré", "Form expired"),
                Bilingual::new(
                    "Le formulaire a expiré ou ne provient pas de ce site. \
                     Rechargez la page et recommencez.",
                    "The form has expired or does not come from this site. \
                     Reload the page and try again.",
                ),
            ),
            WebError::Internal(_) => (
                Bilingual::new("Erreur interne", "Internal error"),
                Bilingual::new(
                    format!(
                        "Une erreur est survenue de notre côté. Si elle persiste, \
                         communiquez la référence {reference} à l'assistance."
                    ),
                    format!(
                        "Something went wrong on our side. If it persists, give the \
                         reference {reference} to the help desk."
                    ),
                ),
            ),
        }
    }

    /// Renders the page in `lang`, or bilingually when `lang` is `None`.
    fn render(self, lang: Option<Lang>) -> Response {
        let status = self.status();
        let reference = match &self {
            WebError::Internal(detail) => {
                let reference = format!("{:08x}", rand::random::<u32>());
                // The one log line of an internal error: the operator finds it by the reference
                // the reader quotes. `detail` must not hold secrets (see the module doc).
                crate::log::line(&format!("internal error, reference {reference}: {detail}"));
                reference
            }
            _ => String::new(),
        };
        let (title, message) = self.texts(&reference);
        let langs: &[Lang] = match lang {
            Some(Lang::Fr) => &[Lang::Fr],
            Some(Lang::En) => &[Lang::En],
            None => &[Lang::Fr, Lang::En],
        };
        let page = ErrorPage {
            ctx: PageCtx::anonymous(lang.unwrap_or(Lang::Fr), "/"),
            status: status.as_u16(),
            title: title.get(langs[0]).to_owned(),
            sections: langs
                .iter()
                .map(|&lang| Section {
                    lang: lang.code(),
                    title: title.get(lang).to_owned(),
                    message: message.get(lang).to_owned(),
                })
                .collect(),
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => {
                crate::log::line(&format!("cannot render the error page: {error}"));
                (status, format!("{} / {}", title.fr, title.en)).into_response()
            }
        };
        if let WebError::TooManyRequests { retry_after_secs }
        | WebError::Busy {
            retry_after_secs, ..
        } = self
        {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebError::Internal(detail) => write!(f, "internal error: {detail}"),
            other => f.write_str(&other.texts("").0.en),
        }
    }
}

impl std::error::Error for WebError {}

impl IntoResponse for WebError {
    /// The bilingual page (see the module doc).
    fn into_response(self) -> Response {
        self.render(None)
    }
}

/// A [`WebError`] to be shown in one language, made by [`WebError::in_lang`].
#[derive(Debug)]
pub struct LocalizedError {
    /// The error.
    pub error: WebError,
    /// The language of the page.
    pub lang: Lang,
}

impl From<WebError> for LocalizedError {
    /// Without a known language the page is French, the default of [`Lang::negotiate`].
    fn from(error: WebError) -> LocalizedError {
        error.in_lang(Lang::Fr)
    }
}

impl IntoResponse for LocalizedError {
    fn into_response(self) -> Response {
        self.error.render(Some(self.lang))
    }
}

/// One language's part of the error page.
struct Section {
    lang: &'static str,
    title: String,
    message: String,
}

/// `templates/error.html`.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    /// The `<title>`, in the page's main language.
    title: String,
    sections: Vec<Section>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn body(response: Response) -> String {
        String::from_utf8(
            to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap()
    }

    #[test]
    fn status_codes() {
        let check = |error: WebError, expected: u16| assert_eq!(error.status().as_u16(), expected);
        check(WebError::NotFound, 404);
        check(WebError::Forbidden, 403);
        check(WebError::BadRequest(Bilingual::new("a", "b")), 400);
        check(WebError::Unauthorized, 401);
        check(
            WebError::TooManyRequests {
                retry_after_secs: 1,
            },
            429,
        );
        check(
            WebError::Busy {
                what: Bilingual::new("a", "b"),
                retry_after_secs: 1,
            },
            503,
        );
        check(WebError::Csrf, 403);
        check(WebError::Internal("x".into()), 500);
    }

    #[tokio::test]
    async fn bilingual_by_default_french_first() {
        let response = WebError::NotFound.into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let html = body(response).await;
        let fr = html.find("Page introuvable").unwrap();
        let en = html.find("Page not found").unwrap();
        assert!(fr < en);
        assert!(html.contains(r#"<html lang="fr">"#));
        assert!(html.contains(r#"lang="en""#));
    }

    #[tokio::test]
    async fn localized_shows_one_language() {
        let response = WebError::Forbidden.in_lang(Lang::En).into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let html = body(response).await;
        assert!(html.contains(r#"<html lang="en">"#));
        assert!(html.contains("Access denied"));
        assert!(!html.contains("Accès refusé"));
    }

    #[tokio::test]
    async fn bad_request_message_is_escaped() {
        let error = WebError::BadRequest(Bilingual::new("<b>x</b> « é »", "<b>y</b>"));
        let html = body(error.into_response()).await;
        assert!(
            html.contains("&#60;b&#62;x") || html.contains("&lt;b&gt;x"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
    }

    #[tokio::test]
    async fn too_many_requests_has_retry_after() {
        let response = WebError::TooManyRequests {
            retry_after_secs: 61,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[RETRY_AFTER], "61");
        let html = body(response).await;
        assert!(html.contains("2 minutes"));
    }

    #[tokio::test]
    async fn busy_has_retry_after() {
        let response = WebError::Busy {
            what: Bilingual::new("Trop d'envois.", "Too many sends."),
            retry_after_secs: 30,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[RETRY_AFTER], "30");
        let html = body(response).await;
        assert!(html.contains("Serveur occupé"), "{html}");
        assert!(html.contains("1 minute."), "{html}");
    }

    #[tokio::test]
    async fn internal_detail_is_never_shown() {
        let response = WebError::Internal("database password=hunter2".into()).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let html = body(response).await;
        assert!(!html.contains("hunter2"));
        assert!(html.contains("référence") && html.contains("reference"));
    }
}
