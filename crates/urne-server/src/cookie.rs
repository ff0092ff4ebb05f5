//! Reading a cookie from request headers (RFC 6265 §5.4: `name=value` pairs separated by `; `,
//! possibly over several `Cookie` headers). Names match exactly, so `x_urne_session` is not
//! `urne_session`.

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

/// The value of cookie `name` in `headers`, trimmed.
pub fn get<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("urne_lang=fr; urne_session=abc; x_urne_session=evil"),
        );
        headers.append(COOKIE, HeaderValue::from_static("other=1"));
        assert_eq!(get(&headers, "urne_session"), Some("abc"));
        assert_eq!(get(&headers, "other"), Some("1"));
        assert_eq!(get(&headers, "missing"), None);
    }
}
