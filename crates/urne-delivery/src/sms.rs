//! Sending SMS through a provider's HTTP API with ureq: [`HttpSmsConfig`] → [`HttpSmsGateway`].
//!
//! One `POST` of a JSON body per SMS. Providers' APIs differ in their field names, so the body is
//! a template in the configuration, such as [`DEFAULT_SMS_BODY_TEMPLATE`], where `{to}` and
//! `{text}` stand inside JSON strings. They are replaced in a single pass by JSON-escaped values:
//! a text holding quotes, backslashes, control characters or the placeholders themselves can
//! neither break the JSON nor inject fields. TLS is rustls with the *ring* provider (ureq's
//! `tls` feature), checked against the webpki roots.
//!
//! Left out: providers whose API is not JSON (form-encoded, SOAP), delivery receipts (the
//! provider's callback), message splitting and character sets (the provider's business), and
//! redirects (not followed: the configuration names the final URL, and the `Authorization`
//! header goes nowhere else).

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::{is_loopback_host, DeliveryError, Sms, SmsGateway};

/// The body template used when the configuration gives none: `{"to":"{to}","text":"{text}"}`.
pub const DEFAULT_SMS_BODY_TEMPLATE: &str = r#"{"to":"{to}","text":"{text}"}"#;

/// The settings of an [`HttpSmsGateway`], as read from the server's TOML configuration.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSmsConfig {
    /// The provider's endpoint, `https://…` (plain `http://` only to this machine).
    pub url: String,
    /// The value of the `Authorization` header (`Bearer …`, `Basic …`), if the provider wants
    /// one. Never shown by `Debug` nor in errors.
    #[serde(default)]
    pub authorization: Option<String>,
    /// The JSON body, with `{to}` and `{text}` inside JSON strings (default
    /// [`DEFAULT_SMS_BODY_TEMPLATE`]).
    #[serde(default = "default_body_template")]
    pub body_template: String,
    /// How long to wait for the connection and for each read and write, in seconds (default 30).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_body_template() -> String {
    DEFAULT_SMS_BODY_TEMPLATE.to_owned()
}

fn default_timeout_secs() -> u64 {
    30
}

impl fmt::Debug for HttpSmsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSmsConfig")
            .field("url", &without_query(&self.url))
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<hidden>"),
            )
            .field("body_template", &self.body_template)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

/// The URL without its query string, which may hold an API key.
fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// An [`SmsGateway`] that posts each SMS to a provider's HTTP API.
#[derive(Clone)]
pub struct HttpSmsGateway {
    agent: ureq::Agent,
    url: String,
    authorization: Option<String>,
    body_template: String,
}

impl fmt::Debug for HttpSmsGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSmsGateway")
            .field("url", &without_query(&self.url))
            .finish_non_exhaustive()
    }
}

impl HttpSmsGateway {
    /// A gateway for `config`. Checks the configuration; does not connect.
    ///
    /// # Errors
    /// [`DeliveryError::Config`] when the URL is neither `https://` nor `http://` to this
    /// machine, the `Authorization` value holds control characters, the time-out is zero, or the
    /// template is not JSON with both `{to}` and `{text}` inside strings.
    pub fn new(config: &HttpSmsConfig) -> Result<HttpSmsGateway, DeliveryError> {
        let config_error = |why: &str| DeliveryError::Config(format!("SMS: {why}"));
        let url = config.url.trim();
        if let Some(rest) = url.strip_prefix("http://") {
            if !is_loopback_host(host_of(rest)) {
                return Err(config_error(
                    "plain http:// is allowed to this machine only: use https://",
                ));
            }
        } else if !url.starts_with("https://") {
            return Err(config_error("the URL must start with https://"));
        }
        if config
            .authorization
            .as_deref()
            .is_some_and(|value| value.chars().any(char::is_control))
        {
            return Err(config_error(
                "the authorization value holds control characters",
            ));
        }
        if config.timeout_secs == 0 {
            return Err(config_error("timeout_secs is 0"));
        }
        check_template(&config.body_template).map_err(config_error)?;

        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(config.timeout_secs))
            .redirects(0)
            .user_agent(concat!("urne-delivery/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(HttpSmsGateway {
            agent,
            url: url.to_owned(),
            authorization: config.authorization.clone(),
            body_template: config.body_template.clone(),
        })
    }
}

impl SmsGateway for HttpSmsGateway {
    fn send_sms(&self, sms: &Sms) -> Result<(), DeliveryError> {
        if !is_e164(&sms.to) {
            return Err(DeliveryError::Refused(
                "malformed phone number: expected E.164, such as +33612345678".to_owned(),
            ));
        }
        let body = render(&self.body_template, &sms.to, &sms.text);
        let mut request = self
            .agent
            .post(&self.url)
            .set("Content-Type", "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.set("Authorization", authorization);
        }
        // Texts name the status or the kind of failure only: a provider's answer may echo the
        // number and the text, and the transport error's own Display shows the URL.
        match request.send_string(&body) {
            Ok(response) if (200..300).contains(&response.status()) => Ok(()),
            Ok(response) => Err(DeliveryError::Config(format!(
                "SMS provider answered HTTP {}; redirects are not followed, configure the final URL",
                response.status()
            ))),
            Err(ureq::Error::Status(status, _)) => Err(classify_status(status)),
            Err(ureq::Error::Transport(transport)) => Err(classify_transport(&transport)),
        }
    }
}

/// Sorts a provider's non-2xx status: 4xx refuses the message, except rejected credentials
/// (401, 403), which are a set-up problem, and "too many requests" or "time-out" (408, 429),
/// which pass; 5xx (and anything else) is temporary.
fn classify_status(status: u16) -> DeliveryError {
    match status {
        401 | 403 => DeliveryError::Config(format!(
            "SMS provider rejected the credentials (HTTP {status})"
        )),
        408 | 429 => {
            DeliveryError::Unavailable(format!("SMS provider asks to wait (HTTP {status})"))
        }
        400..=499 => {
            DeliveryError::Refused(format!("SMS provider refused the message (HTTP {status})"))
        }
        _ => DeliveryError::Unavailable(format!("SMS provider failed (HTTP {status})")),
    }
}

fn classify_transport(transport: &ureq::Transport) -> DeliveryError {
    let mut detail = transport.kind().to_string();
    if let Some(message) = transport.message() {
        detail = format!("{detail}: {message}");
    }
    if let Some(source) = std::error::Error::source(transport) {
        detail = format!("{detail}: {source}");
    }
    match transport.kind() {
        ureq::ErrorKind::InvalidUrl
        | ureq::ErrorKind::UnknownScheme
        | ureq::ErrorKind::InvalidProxyUrl => {
            DeliveryError::Config(format!("SMS provider URL: {detail}"))
        }
        _ => DeliveryError::Unavailable(format!("SMS provider unreachable: {detail}")),
    }
}

/// The host of a URL given without its scheme: `127.0.0.1:8080/sms` → `127.0.0.1`,
/// `[::1]:80/` → `::1`.
fn host_of(rest: &str) -> &str {
    // A backslash ends the authority too: URL parsers treat it as `/` in http(s) URLs.
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or(rest);
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    match authority.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(authority, |(host, _)| host),
        None => authority.split(':').next().unwrap_or(authority),
    }
}

/// Whether `number` is `+` then 6 to 15 digits, the first not 0 (ITU-T E.164).
fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|digits| {
        (6..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// Checks that `template` names both placeholders and stays JSON whatever they are replaced by.
///
/// Rendering with values that start with an escaped quote proves the placeholders sit inside
/// JSON strings: outside one, a backslash is never valid JSON.
fn check_template(template: &str) -> Result<(), &'static str> {
    if !template.contains("{to}") || !template.contains("{text}") {
        return Err("body_template must contain both {to} and {text}");
    }
    let sample = render(template, "\"+33600000000", "\"{to}\\\n\u{1}");
    match serde_json::from_str::<serde_json::Value>(&sample) {
        Ok(_) => Ok(()),
        Err(_) => Err("body_template must be JSON with {to} and {text} inside strings"),
    }
}

/// `template` with `{to}` and `{text}` replaced by the JSON-escaped `to` and `text`, in one
/// pass: what the values hold is never read as a placeholder.
fn render(template: &str, to: &str, text: &str) -> String {
    let mut out = String::with_capacity(template.len() + to.len() + text.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(after) = tail.strip_prefix("{to}") {
            push_json_escaped(&mut out, to);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{text}") {
            push_json_escaped(&mut out, text);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Appends `value` escaped for the inside of a JSON string (RFC 8259 §7).
fn push_json_escaped(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            // Other controls must be escaped; U+2028 and U+2029 need not be, but break some
            // JavaScript-based parsers.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check_template, host_of, is_e164, render, DEFAULT_SMS_BODY_TEMPLATE};

    #[test]
    fn values_are_escaped_and_never_reread() {
        let body = render(
            DEFAULT_SMS_BODY_TEMPLATE,
            "+33612345678",
            "a \"b\" \\ {to} {text}\n\u{1}",
        );
        assert_eq!(
            body,
            r#"{"to":"+33612345678","text":"a \"b\" \\ {to} {text}\n\u0001"}"#
        );
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["text"], "a \"b\" \\ {to} {text}\n\u{1}");
    }

    #[test]
    fn other_braces_are_kept() {
        let template = r#"{"msg":{"dest":["{to}"],"body":"{text} {x}"},"n":{}}"#;
        assert_eq!(
            render(template, "+33612345678", "hi"),
            r#"{"msg":{"dest":["+33612345678"],"body":"hi {x}"},"n":{}}"#
        );
        assert_eq!(check_template(template), Ok(()));
    }

    #[test]
    fn templates_must_keep_placeholders_inside_strings() {
        assert_eq!(check_template(DEFAULT_SMS_BODY_TEMPLATE), Ok(()));
        assert!(check_template(r#"{"to":{to},"text":"{text}"}"#).is_err());
        assert!(check_template(r#"{"to":"{to}"}"#).is_err());
        assert!(check_template(r#"{"to":"{to}","text":"{text}""#).is_err());
        assert!(check_template("to={to}&text={text}").is_err());
    }

    #[test]
    fn e164_numbers() {
        assert!(is_e164("+33612345678"));
        assert!(is_e164("+262692123456"));
        for bad in [
            "0612345678",
            "+33 612345678",
            "+0612345678",
            "+12345",
            "+1234567890123456",
            "",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("127.0.0.1:8080/sms"), "127.0.0.1");
        assert_eq!(host_of("localhost/sms?k=v"), "localhost");
        assert_eq!(host_of("[::1]:80/"), "::1");
        assert_eq!(host_of("user:pw@127.0.0.1/"), "127.0.0.1");
        assert_eq!(host_of("example.org"), "example.org");
        assert_eq!(host_of("evil.example\\@127.0.0.1/"), "evil.example");
    }
}
