//! Languages of the web pages: French first, English second (DESIGN.md §7).
//!
//! Templates carry both texts inline, next to each other, so a translation can never go missing
//! or drift from its original: `{{ ctx.tr.t("Connexion", "Log in") }}`. The reader's language is
//! negotiated by the [`Lang`] extractor (query `?lang=`, then the `urne_lang` cookie, then
//! `Accept-Language`, then French) and changed with [`set_lang`], which stores the cookie and
//! sends the reader back where they were. [`PageCtx`] is what every page hands to
//! `templates/base.html`.
//!
//! Left out: other languages (the agreement requires French; English serves international
//! staff), plural rules and message catalogues (two languages inline do not need them), and
//! locale-specific number formatting (counts are shown as plain integers in both languages).

use std::convert::Infallible;

use axum::{
    extract::{FromRequestParts, Path, Query},
    http::{
        header::{ACCEPT_LANGUAGE, LOCATION, SET_COOKIE},
        request::Parts,
        HeaderMap, HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::error::WebError;

/// Name of the cookie that remembers the reader's language.
pub const LANG_COOKIE: &str = "urne_lang";

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// French, the language of the elections and the default.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, for `lang` and `hreflang` attributes: `"fr"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language whose code is exactly `code` (`"fr"` or `"en"`, ASCII case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        if code.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if code.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a request: `?lang=` in the query, else the [`LANG_COOKIE`] cookie, else
    /// the first of French and English in `Accept-Language` by preference, else French.
    /// Unknown values at one step fall through to the next.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
        query
            .and_then(lang_from_query)
            .or_else(|| lang_from_cookie(headers))
            .or_else(|| lang_from_accept_language(headers))
            .unwrap_or(Lang::Fr)
    }
}

fn lang_from_query(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "lang")
        .and_then(|(_, value)| Lang::from_code(value))
}

fn lang_from_cookie(headers: &HeaderMap) -> Option<Lang> {
    crate::cookie::get(headers, LANG_COOKIE).and_then(Lang::from_code)
}

/// RFC 9110 §12.5.4: comma-separated language ranges, each with an optional `;q=` weight
/// (default 1, 0 means "not acceptable"). We take the range with the highest weight whose
/// primary subtag is `fr` or `en`; on equal weights the earlier one wins. `*` is ignored: it
/// says nothing about which of our two languages the reader prefers, so French stays the default.
fn lang_from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    let ranges = headers
        .get_all(ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for range in ranges {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::from_code(primary) else {
            continue;
        };
        let weight = parts
            .find_map(|param| {
                let (name, value) = param.trim().split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| quality(value.trim()))
            })
            .unwrap_or(Some(1000));
        let Some(weight) = weight.filter(|w| *w > 0) else {
            continue;
        };
        if best.is_none_or(|(_, best_weight)| weight > best_weight) {
            best = Some((lang, weight));
        }
    }
    best.map(|(lang, _)| lang)
}

/// A `qvalue` (RFC 9110 §12.4.2: `0`, `1` or up to three decimals) in thousandths.
fn quality(value: &str) -> Option<u16> {
    let (whole, decimals) = value.split_once('.').unwrap_or((value, ""));
    if decimals.len() > 3 || !decimals.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let mut thousandths = whole * 1000;
    for (position, digit) in decimals.bytes().enumerate() {
        let scale = [100, 10, 1][position];
        thousandths += u16::from(digit - b'0') * scale;
    }
    (thousandths <= 1000).then_some(thousandths)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Lang, Infallible> {
        Ok(Lang::negotiate(parts.uri.query(), &parts.headers))
    }
}

/// Picks the text of the reader's language. Templates receive one and write both texts inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr(pub Lang);

impl Tr {
    /// `fr` or `en`, whichever is the reader's language.
    pub fn t(&self, fr: &'static str, en: &'static str) -> &'static str {
        match self.0 {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// Like [`Tr::t`] for texts built at run time (with names, counts, dates).
    pub fn s(&self, fr: String, en: String) -> String {
        match self.0 {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The language code, for `lang` attributes: `"fr"` or `"en"`.
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Whether the reader's language is French (templates cannot name `Lang::Fr` unless the
    /// deriving module imports it; this needs no import).
    pub fn is_fr(&self) -> bool {
        self.0 == Lang::Fr
    }

    /// Whether the reader's language is English.
    pub fn is_en(&self) -> bool {
        self.0 == Lang::En
    }
}

/// What `templates/base.html` needs from every page: a page template has one field
/// `ctx: PageCtx` and extends `base.html`.
#[derive(Clone, Debug)]
pub struct PageCtx {
    /// The reader's language.
    pub tr: Tr,
    /// The current path and query (`/elections/3?tab=lists`, as in the request URI), where the
    /// language switch sends the reader back.
    pub path: String,
    /// The logged-in staff member's display name; `None` on public pages.
    pub user: Option<String>,
    /// The CSRF token of the session (see [`crate::csrf::token`]), for the logout form and any
    /// other form on the page; empty when there is no session.
    pub csrf: String,
}

impl PageCtx {
    /// The context of a page seen without a session.
    pub fn anonymous(lang: Lang, path: impl Into<String>) -> PageCtx {
        PageCtx {
            tr: Tr(lang),
            path: path.into(),
            user: None,
            csrf: String::new(),
        }
    }
}

/// Query of [`set_lang`]: where to go back to.
#[derive(Debug, Deserialize)]
pub struct SetLangQuery {
    /// The local path to go back to; `/` when absent or unsafe.
    pub back: Option<String>,
}

/// How long the language cookie lasts: one year, in seconds.
const LANG_COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// `GET /lang/{code}?back=/path`: remembers the language in the [`LANG_COOKIE`] cookie and
/// redirects (303) to `back` if it is a local path (see [`is_local_path`]), else to `/`.
///
/// The cookie is `SameSite=Lax` (it must survive following a link from an e-mail), `HttpOnly`
/// (no script reads it) and not `Secure`: it holds no secret and must also work on the plain-HTTP
/// `urne demo`. A `GET` that sets a cookie is no CSRF risk here: a forged link can at worst
/// switch the reader's language.
///
/// # Errors
/// [`WebError::NotFound`] for a code other than `fr` or `en`.
pub async fn set_lang(
    Path(code): Path<String>,
    Query(query): Query<SetLangQuery>,
) -> Result<Response, WebError> {
    let lang = Lang::from_code(&code).ok_or(WebError::NotFound)?;
    let back = query
        .back
        .as_deref()
        .filter(|back| is_local_path(back))
        .unwrap_or("/");
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age={LANG_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly",
        lang.code()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(internal)?,
    );
    headers.insert(LOCATION, HeaderValue::from_str(back).map_err(internal)?);
    Ok(response)
}

fn internal(error: axum::http::header::InvalidHeaderValue) -> WebError {
    WebError::Internal(format!("set_lang header: {error}"))
}

/// Whether `target` is safe to redirect to: a path on this site, never another origin.
///
/// OWASP Unvalidated Redirects and Forwards Cheat Sheet: allow-list the shape, not the bad
/// cases. A local path starts with one `/`; `//host` is a scheme-relative URL to another site;
/// browsers read `\` as `/` (so `/\host` is `//host`) and drop tabs and newlines (so `/\t/host`
/// is `//host`), hence only printable ASCII without `\` passes. Non-ASCII paths arrive
/// percent-encoded from our own links, so they still pass.
pub fn is_local_path(target: &str) -> bool {
    target.starts_with('/')
        && !target.starts_with("//")
        && target.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn check_accept(accept_language: &str, expected: Lang) {
        let h = headers(&[("accept-language", accept_language)]);
        assert_eq!(Lang::negotiate(None, &h), expected, "{accept_language}");
    }

    #[test]
    fn accept_language() {
        check_accept("fr-FR,fr;q=0.9,en;q=0.8", Lang::Fr);
        check_accept("en-GB,en;q=0.9,fr;q=0.8", Lang::En);
        check_accept("de-DE,en;q=0.5,fr;q=0.4", Lang::En);
        check_accept("de-DE, fr;q=0.3 , en;q=0.7", Lang::En);
        check_accept("en;q=0,fr;q=0.1", Lang::Fr);
        check_accept("en;q=0.5,fr;q=0.5", Lang::En);
        check_accept("EN-us", Lang::En);
        check_accept("de, *;q=0.5", Lang::Fr);
        check_accept("en;q=2,fr;q=0.1", Lang::Fr);
        check_accept("en;q=0.1234", Lang::Fr);
        check_accept("", Lang::Fr);
    }

    #[test]
    fn query_then_cookie_then_header() {
        let h = headers(&[
            ("cookie", "session=abc; urne_lang=en"),
            ("accept-language", "fr"),
        ]);
        assert_eq!(Lang::negotiate(Some("x=1&lang=fr"), &h), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("lang=xx"), &h), Lang::En);
        assert_eq!(Lang::negotiate(None, &h), Lang::En);
        let h = headers(&[("cookie", "urne_lang=de"), ("accept-language", "en")]);
        assert_eq!(Lang::negotiate(None, &h), Lang::En);
        assert_eq!(Lang::negotiate(None, &HeaderMap::new()), Lang::Fr);
    }

    #[tokio::test]
    async fn extractor_reads_the_request() {
        let (mut parts, ()) = Request::builder()
            .uri("/elections?lang=en")
            .header("accept-language", "fr")
            .body(())
            .unwrap()
            .into_parts();
        let lang = Lang::from_request_parts(&mut parts, &()).await.unwrap();
        assert_eq!(lang, Lang::En);
    }

    #[test]
    fn tr_picks_the_text() {
        assert_eq!(Tr(Lang::Fr).t("Connexion", "Log in"), "Connexion");
        assert_eq!(Tr(Lang::En).t("Connexion", "Log in"), "Log in");
        assert_eq!(
            Tr(Lang::En).s(format!("{} votants", 3), format!("{} voters", 3)),
            "3 voters"
        );
        assert!(Tr(Lang::Fr).is_fr() && Tr(Lang::En).is_en());
    }

    #[test]
    fn local_paths_only() {
        for good in ["/", "/elections/3", "/a?b=c&d=%2F", "/%C3%A9lections"] {
            assert!(is_local_path(good), "{good}");
        }
        for bad in [
            "",
            "elections",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            " /elections",
            "/élections",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }

    /// A page extending `templates/base.html`, as the lead's pages do.
    #[derive(askama::Template)]
    #[template(
        ext = "html",
        source = "{% extends \"base.html\" %}{% block title %}Essai{% endblock %}\
                  {% block content %}<h1>Essai</h1>{% endblock %}"
    )]
    struct Page {
        ctx: PageCtx,
    }

    #[test]
    fn base_layout_with_a_session() {
        use askama::Template;
        let page = Page {
            ctx: PageCtx {
                tr: Tr(Lang::En),
                path: "/elections/3?tab=a&b=<c>".to_owned(),
                user: Some("Zoé <admin>".to_owned()),
                csrf: "0123abcd".to_owned(),
            },
        };
        let html = page.render().unwrap();
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en\">"),
            "{html}"
        );
        assert!(html.contains("<title>Essai — urne</title>"));
        assert!(html.contains(r##"<a class="skip-link" href="#contenu">Skip to content</a>"##));
        assert!(html.contains(r#"<main id="contenu" tabindex="-1""#));
        assert!(html.contains(
            r#"href="/lang/fr?back=%2Felections%2F3%3Ftab%3Da%26b%3D%3Cc%3E" lang="fr" hreflang="fr">"#
        ));
        assert!(html.contains(r#"hreflang="en" aria-current="true">English</a>"#));
        assert!(html.contains("Zoé &#60;admin&#62;") || html.contains("Zoé &lt;admin&gt;"));
        assert!(html.contains(r#"<form method="post" action="/logout""#));
        assert!(html.contains(r#"<input type="hidden" name="csrf" value="0123abcd">"#));
        assert!(!html.contains("<script") && !html.contains("style="));

        let anonymous = Page {
            ctx: PageCtx::anonymous(Lang::Fr, "/"),
        };
        let html = anonymous.render().unwrap();
        assert!(html.contains("Aller au contenu") && !html.contains("/logout"));
    }

    async fn call_set_lang(code: &str, back: Option<&str>) -> Result<Response, WebError> {
        set_lang(
            Path(code.to_owned()),
            Query(SetLangQuery {
                back: back.map(str::to_owned),
            }),
        )
        .await
    }

    #[tokio::test]
    async fn set_lang_sets_cookie_and_redirects_locally() {
        let response = call_set_lang("en", Some("/elections/3?tab=lists"))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[LOCATION], "/elections/3?tab=lists");
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("urne_lang=en;"), "{cookie}");
        assert!(cookie.contains("Path=/") && cookie.contains("SameSite=Lax"));
        assert!(cookie.contains("Max-Age=31536000"));
    }

    #[tokio::test]
    async fn set_lang_refuses_open_redirects() {
        for back in [Some("//evil.example/x"), Some("https://evil.example"), None] {
            let response = call_set_lang("fr", back).await.unwrap();
            assert_eq!(response.headers()[LOCATION], "/", "{back:?}");
        }
    }

    #[tokio::test]
    async fn set_lang_unknown_code_is_not_found() {
        assert!(matches!(
            call_set_lang("de", Some("/")).await,
            Err(WebError::NotFound)
        ));
    }
}
