//! The one error type of the crate, and the rule it follows: permanent, temporary or set-up.
//!
//! The texts are for operators' journals. They never contain a message body (bodies carry
//! secret codes) and never a full recipient: at most the recipient's e-mail domain.

use std::fmt;

/// Why a message was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryError {
    /// The message can never be delivered as it is: the address or number is malformed, or the
    /// server or provider refused it for good (SMTP 5xx, HTTP 4xx). Do not retry.
    Refused(String),
    /// Delivery may work later: no connection, a time-out, a temporary refusal (SMTP 4xx, HTTP
    /// 5xx). Retry, for instance with [`send_with_retry`](crate::send_with_retry).
    Unavailable(String),
    /// The mailer or gateway is set up wrong (bad sender, bad URL, rejected credentials): no
    /// message will go through until an operator fixes the configuration.
    Config(String),
}

impl DeliveryError {
    /// Whether trying again later may succeed: true for [`DeliveryError::Unavailable`] only.
    pub fn is_temporary(&self) -> bool {
        matches!(self, DeliveryError::Unavailable(_))
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::Refused(why) => write!(f, "message refused: {why}"),
            DeliveryError::Unavailable(why) => write!(f, "delivery unavailable: {why}"),
            DeliveryError::Config(why) => write!(f, "delivery misconfigured: {why}"),
        }
    }
}

impl std::error::Error for DeliveryError {}

#[cfg(test)]
mod tests {
    use super::DeliveryError;

    #[test]
    fn only_unavailable_is_temporary() {
        assert!(DeliveryError::Unavailable("x".into()).is_temporary());
        assert!(!DeliveryError::Refused("x".into()).is_temporary());
        assert!(!DeliveryError::Config("x".into()).is_temporary());
    }

    #[test]
    fn display_says_which_kind() {
        let text = DeliveryError::Refused("bad address at example.org".into()).to_string();
        assert_eq!(text, "message refused: bad address at example.org");
        assert!(DeliveryError::Config("x".into())
            .to_string()
            .contains("misconfigured"));
    }
}
