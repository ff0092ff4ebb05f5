//! Sending e-mails through an SMTP relay with lettre: [`SmtpConfig`] → [`SmtpMailer`].
//!
//! Messages are single-part `text/plain; charset=utf-8`; lettre encodes a non-ASCII subject as
//! RFC 2047 encoded words and the body as 7bit or quoted-printable, whichever fits. Each message
//! gets a `Date` and a random `Message-ID` in the sender's domain. TLS is rustls with the *ring*
//! provider, checked against the webpki roots.
//!
//! Left out: connection pooling and keeping a connection open between messages (one connection
//! per message is slower but survives relays that drop idle clients), and client certificates.

use std::fmt;
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::{Error as SmtpError, SmtpTransport};
use lettre::{Message, Transport};
use serde::Deserialize;

use crate::{is_loopback_host, DeliveryError, Email, Mailer};

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Clear text (`none`): for a relay on this machine or a trusted network only. Bodies carry
    /// secret codes, so prefer `starttls` or `tls` for anything else.
    None,
    /// Clear-text connection upgraded with STARTTLS, which the server must offer (`starttls`,
    /// usually port 587).
    StartTls,
    /// TLS from the first byte (`tls`, "implicit TLS", usually port 465).
    Tls,
}

/// The settings of an [`SmtpMailer`], as read from the server's TOML configuration.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The relay's host name (or IP address); with TLS, the name its certificate must hold.
    pub host: String,
    /// The relay's port: typically 587 with `starttls`, 465 with `tls`, 25 with `none`.
    pub port: u16,
    /// How the connection is protected.
    pub security: SmtpSecurity,
    /// The user name to authenticate with, if the relay asks for one (with `password`).
    #[serde(default)]
    pub username: Option<String>,
    /// The password to authenticate with (with `username`). Never shown by `Debug`.
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, with or without a display name: `urne <vote@example.org>`.
    pub from: String,
    /// How long to wait for the connection and for each answer of the server, in seconds
    /// (default 30).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    30
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("from", &self.from)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

/// A [`Mailer`] that hands each e-mail to an SMTP relay, one connection per message.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// A mailer for `config`. Checks the configuration; does not connect.
    ///
    /// # Errors
    /// [`DeliveryError::Config`] when the host is empty, the port or time-out is zero, `from` is
    /// not a mailbox, only one of `username` and `password` is given, or credentials would
    /// travel in clear text (`security = "none"`) to another machine than this one.
    pub fn new(config: &SmtpConfig) -> Result<SmtpMailer, DeliveryError> {
        let config_error = |why: &str| DeliveryError::Config(format!("SMTP: {why}"));
        if config.host.trim().is_empty() {
            return Err(config_error("the host is empty"));
        }
        if config.port == 0 {
            return Err(config_error("the port is 0"));
        }
        if config.timeout_secs == 0 {
            return Err(config_error("timeout_secs is 0"));
        }
        let Ok(from) = config.from.parse::<Mailbox>() else {
            return Err(config_error(
                "`from` is not a mailbox such as `urne <vote@example.org>`",
            ));
        };
        let credentials = match (&config.username, &config.password) {
            (Some(username), Some(password)) => {
                Some(Credentials::new(username.clone(), password.clone()))
            }
            (None, None) => None,
            _ => {
                return Err(config_error(
                    "give both `username` and `password`, or neither",
                ))
            }
        };
        if credentials.is_some()
            && config.security == SmtpSecurity::None
            && !is_loopback_host(&config.host)
        {
            return Err(config_error(
                "credentials would be sent in clear text: use `starttls` or `tls`",
            ));
        }

        let builder = match config.security {
            SmtpSecurity::None => SmtpTransport::builder_dangerous(config.host.clone()),
            SmtpSecurity::StartTls => SmtpTransport::starttls_relay(&config.host)
                .map_err(|e| config_error(&format!("TLS set-up for the host failed: {e}")))?,
            SmtpSecurity::Tls => SmtpTransport::relay(&config.host)
                .map_err(|e| config_error(&format!("TLS set-up for the host failed: {e}")))?,
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(Duration::from_secs(config.timeout_secs)));
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
        })
    }

    /// A fresh `Message-ID`: 128 random bits at the sender's domain. Random rather than derived
    /// from the clock or a counter, so that ids say nothing about when or in which order a
    /// campaign's messages left.
    fn new_message_id(&self) -> String {
        format!(
            "<{:016x}{:016x}@{}>",
            fastrand::u64(..),
            fastrand::u64(..),
            self.from.email.domain()
        )
    }
}

impl Mailer for SmtpMailer {
    fn send_email(&self, email: &Email) -> Result<(), DeliveryError> {
        let Ok(to) = email.to.trim().parse::<Mailbox>() else {
            return Err(DeliveryError::Refused(format!(
                "malformed e-mail address{}",
                at_domain(&email.to)
            )));
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(one_line(&email.subject))
            .message_id(Some(self.new_message_id()))
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| {
                DeliveryError::Refused(format!(
                    "the e-mail{} could not be built: {e}",
                    at_domain(&email.to)
                ))
            })?;
        match self.transport.send(&message) {
            Ok(_) => Ok(()),
            Err(error) => Err(classify(&error, &email.to)),
        }
    }
}

/// The subject on one line: line breaks and other control characters become spaces, so a
/// subject can never start a header of its own.
fn one_line(subject: &str) -> String {
    subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// ` at example.org` for `someone@example.org`, or nothing when `addr` has no domain.
fn at_domain(addr: &str) -> String {
    match addr.trim().rsplit_once('@') {
        Some((_, domain)) if !domain.is_empty() => format!(" at {domain}"),
        _ => String::new(),
    }
}

/// SMTP reply codes that mean the relay rejected our credentials (RFC 4954 §6): a set-up
/// problem, not a property of the message.
const AUTHENTICATION_CODES: [&str; 4] = ["530", "534", "535", "538"];

/// Sorts a lettre error into permanent, temporary or set-up, with a text fit for a journal.
fn classify(error: &SmtpError, recipient: &str) -> DeliveryError {
    let detail = redact(&error.to_string(), recipient);
    let to = at_domain(recipient);
    let code = error.status().map(|code| code.to_string());
    if code
        .as_deref()
        .is_some_and(|code| AUTHENTICATION_CODES.contains(&code))
    {
        DeliveryError::Config(format!("SMTP server rejected the credentials: {detail}"))
    } else if error.is_permanent() {
        DeliveryError::Refused(format!("SMTP server refused the e-mail{to}: {detail}"))
    } else if error.is_transient() {
        DeliveryError::Unavailable(format!("SMTP server deferred the e-mail{to}: {detail}"))
    } else if error.is_client() {
        DeliveryError::Config(format!("SMTP client: {detail}"))
    } else if error.is_tls() {
        DeliveryError::Unavailable(format!("TLS with the SMTP server failed: {detail}"))
    } else {
        DeliveryError::Unavailable(format!("SMTP server unreachable: {detail}"))
    }
}

/// `text` (a server's answer) with the local part of every e-mail address and the recipient's
/// local part wherever it appears replaced by `***`, cut to 300 characters: servers often echo
/// the recipient in their refusals, and errors may name its domain only.
fn redact(text: &str, recipient: &str) -> String {
    let words: Vec<String> = text
        .split(' ')
        .map(|word| {
            if word.contains('@') {
                let bare = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '@'));
                let domain = bare.rsplit_once('@').map_or("", |(_, domain)| domain);
                format!("***@{domain}")
            } else {
                word.to_owned()
            }
        })
        .collect();
    let mut redacted = words.join(" ");
    let local = recipient
        .trim()
        .rsplit_once('@')
        .map_or("", |(local, _)| local);
    if local.len() >= 3 {
        // ASCII lower-casing keeps byte offsets, so positions found in the copy hold in the
        // original.
        let (needle, mut out, mut rest) = (local.to_ascii_lowercase(), String::new(), &*redacted);
        while let Some(at) = rest.to_ascii_lowercase().find(&needle) {
            out.push_str(&rest[..at]);
            out.push_str("***");
            rest = &rest[at + needle.len()..];
        }
        out.push_str(rest);
        redacted = out;
    }
    match redacted.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &redacted[..cut]),
        None => redacted,
    }
}

#[cfg(test)]
mod tests {
    use super::{at_domain, one_line, redact};

    #[test]
    fn refusals_lose_the_recipient() {
        let text =
            "permanent error (550): 5.1.1 <Jean.Dupont@example.org>: user jean.dupont unknown";
        let redacted = redact(text, "jean.dupont@example.org");
        assert_eq!(
            redacted,
            "permanent error (550): 5.1.1 ***@example.org user *** unknown"
        );
    }

    #[test]
    fn long_answers_are_cut() {
        let redacted = redact(&"é".repeat(1000), "a@b.c");
        assert_eq!(redacted.chars().count(), 301);
    }

    #[test]
    fn subjects_stay_on_one_line() {
        assert_eq!(one_line("Vos codes\r\nBcc: x@y.z"), "Vos codes  Bcc: x@y.z");
    }

    #[test]
    fn domains() {
        assert_eq!(at_domain("jean@example.org"), " at example.org");
        assert_eq!(at_domain("jean@"), "");
        assert_eq!(at_domain("jean"), "");
    }
}
