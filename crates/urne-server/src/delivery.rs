//! Sending to voters from the server: e-mail and SMS through the configured adapters
//! (`urne-delivery`), with retries, off the async runtime. Messages that carry a code are sent
//! at once and never stored; what was sent is journaled with the recipient masked and without
//! the body.

use std::sync::Arc;

use urne_access::messages::{Context, Text};
use urne_delivery::{
    mask_email, mask_phone, send_with_retry, DeliveryError, Email, Mailer, MemoryOutbox, Retry,
    Sms, SmsGateway,
};
use urne_store::registry::Scrutin;

use crate::app::Shared;
use crate::error::WebError;

/// The adapters a server sends through.
#[derive(Clone)]
pub struct Delivery {
    /// E-mail.
    pub mailer: Arc<dyn Mailer>,
    /// SMS.
    pub sms: Arc<dyn SmsGateway>,
    /// Retries of temporary failures.
    pub retry: Retry,
    /// The outbox, when messages are kept instead of sent (demo and tests): its page shows them.
    pub outbox: Option<MemoryOutbox>,
}

impl Delivery {
    /// Everything goes to an in-memory outbox (the demo, the tests, and a server with no
    /// delivery configured).
    pub fn outbox() -> Delivery {
        let outbox = MemoryOutbox::default();
        Delivery {
            mailer: Arc::new(outbox.clone()),
            sms: Arc::new(outbox.clone()),
            retry: Retry {
                attempts: 3,
                first_delay: std::time::Duration::from_millis(10),
            },
            outbox: Some(outbox),
        }
    }

    /// The configured adapters: SMTP and the SMS provider when configured, the outbox for
    /// whichever is not (a warning says so).
    ///
    /// # Errors
    /// [`DeliveryError::Config`] for a configuration the adapters refuse.
    pub fn from_config(config: &crate::config::Config) -> Result<Delivery, DeliveryError> {
        let mut delivery = Delivery::outbox();
        delivery.retry = Retry::default();
        let mut kept = Vec::new();
        match &config.smtp {
            Some(smtp) => {
                delivery.mailer = Arc::new(urne_delivery::SmtpMailer::new(smtp)?);
            }
            None => kept.push("e-mails"),
        }
        match &config.sms {
            Some(sms) => {
                delivery.sms = Arc::new(urne_delivery::HttpSmsGateway::new(sms)?);
            }
            None => kept.push("SMS"),
        }
        if kept.is_empty() {
            delivery.outbox = None;
        } else {
            crate::log::line(&format!(
                "no delivery configured for {}: kept in memory, not sent",
                kept.join(" and ")
            ));
        }
        Ok(delivery)
    }

    /// Sends an e-mail, retrying temporary failures.
    ///
    /// # Errors
    /// The last [`DeliveryError`].
    pub async fn email(&self, to: &str, text: &Text) -> Result<(), DeliveryError> {
        let email = Email {
            to: to.to_owned(),
            subject: text.subject.clone(),
            body: text.body.clone(),
        };
        let mailer = self.mailer.clone();
        let retry = self.retry.clone();
        tokio::task::spawn_blocking(move || {
            send_with_retry(&retry, || mailer.send_email(&email)).map(|_| ())
        })
        .await
        .map_err(|e| DeliveryError::Unavailable(format!("join: {e}")))?
    }

    /// Sends an SMS, retrying temporary failures.
    ///
    /// # Errors
    /// The last [`DeliveryError`].
    pub async fn sms(&self, to: &str, text: &str) -> Result<(), DeliveryError> {
        let sms = Sms {
            to: to.to_owned(),
            text: text.to_owned(),
        };
        let gateway = self.sms.clone();
        let retry = self.retry.clone();
        tokio::task::spawn_blocking(move || {
            send_with_retry(&retry, || gateway.send_sms(&sms)).map(|_| ())
        })
        .await
        .map_err(|e| DeliveryError::Unavailable(format!("join: {e}")))?
    }
}

/// Where a message went, for journals: the channel and the masked recipient.
pub fn masked(channel_email: bool, to: &str) -> String {
    if channel_email {
        format!("e-mail {}", mask_email(to))
    } else {
        format!("SMS {}", mask_phone(to))
    }
}

/// The context of every message about `scrutin`.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn context(state: &Shared, scrutin: &Scrutin) -> Result<Context, WebError> {
    Ok(crate::issuance::message_context(
        &state.stores,
        &state.public_origin,
        state.hotline.clone(),
        scrutin,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn unconfigured_channels_stay_in_the_outbox() {
        let config = Config::default();
        assert!(Delivery::from_config(&config).is_ok_and(|d| d.outbox.is_some()));
        let configured: Config = toml::from_str(
            "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\nfrom = \"urne <vote@example.org>\"\n\
             [sms]\nurl = \"http://127.0.0.1:9/sms\"\n",
        )
        .unwrap_or_default();
        assert!(configured.smtp.is_some() && configured.sms.is_some());
        assert!(Delivery::from_config(&configured).is_ok_and(|d| d.outbox.is_none()));
        let half = Config {
            sms: None,
            ..configured
        };
        assert!(Delivery::from_config(&half).is_ok_and(|d| d.outbox.is_some()));
    }
}
