//! Delivery of e-mails and SMS: how urne sends voters their access codes and notices.
//!
//! This crate is an adapter. It knows SMTP ([`SmtpMailer`]) and an SMS provider's HTTP API
//! ([`HttpSmsGateway`]), and nothing about voters, SQL or web pages: the server composes an
//! [`Email`] or an [`Sms`] and hands it to a [`Mailer`] or an [`SmsGateway`]. [`MemoryOutbox`]
//! implements both traits in memory for the demo and for tests; [`send_with_retry`] retries
//! temporary failures; [`mask_email`] and [`mask_phone`] give the only form of a recipient that
//! may be written to a journal.
//!
//! Everything is blocking: the server calls it from `tokio::task::spawn_blocking`.
//!
//! # Security
//! Bodies carry secret codes. No error text, `Debug` output or journal line produced here
//! contains a body, and none contains a full recipient: errors name at most the recipient's
//! e-mail domain. TLS is rustls with the *ring* provider and the webpki roots (no OpenSSL, no
//! aws-lc).
//!
//! Left out: HTML e-mails and attachments (notices are plain text), connection pooling (a
//! campaign sends one message per connection, which every relay accepts), DKIM (the relay
//! signs), queueing and scheduling (the server owns its queue and decides when to retry).

mod error;
mod mask;
mod message;
mod outbox;
mod retry;
mod sms;
mod smtp;

pub use error::DeliveryError;
pub use mask::{mask_email, mask_phone};
pub use message::{Email, Sms};
pub use outbox::{MemoryOutbox, OutboxMessage};
pub use retry::{send_with_retry, Retry};
pub use sms::{HttpSmsConfig, HttpSmsGateway, DEFAULT_SMS_BODY_TEMPLATE};
pub use smtp::{SmtpConfig, SmtpMailer, SmtpSecurity};

/// Something that sends e-mails: [`SmtpMailer`] in production, [`MemoryOutbox`] in the demo and
/// tests.
pub trait Mailer: Send + Sync {
    /// Sends one e-mail, blocking until the server has accepted or refused it.
    ///
    /// # Errors
    /// [`DeliveryError::Refused`] when the message can never be delivered as it is (bad address,
    /// permanent refusal), [`DeliveryError::Unavailable`] when trying again later may work,
    /// [`DeliveryError::Config`] when the mailer is set up wrong.
    fn send_email(&self, email: &Email) -> Result<(), DeliveryError>;
}

/// Something that sends SMS: [`HttpSmsGateway`] in production, [`MemoryOutbox`] in the demo and
/// tests.
pub trait SmsGateway: Send + Sync {
    /// Sends one SMS, blocking until the provider has accepted or refused it.
    ///
    /// # Errors
    /// As [`Mailer::send_email`]: [`DeliveryError::Refused`] is permanent,
    /// [`DeliveryError::Unavailable`] temporary, [`DeliveryError::Config`] a set-up mistake.
    fn send_sms(&self, sms: &Sms) -> Result<(), DeliveryError>;
}

/// Whether `host` names this machine (`localhost`, `127.x.y.z`, `::1`): the only hosts that may
/// be spoken to in clear text with a credential or a secret.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.org",
            "10.0.0.1",
            "localhost.example.org",
            "",
            "::2",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
