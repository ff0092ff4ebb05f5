//! The two kinds of message the crate sends: an [`Email`] and an [`Sms`].
//!
//! They are plain data. Their `Debug` is written by hand: it masks the recipient and shows only
//! the length of the body, which carries secret codes.

use std::fmt;

use crate::mask::{mask_email, mask_phone};

/// An e-mail to one recipient, with a plain-text UTF-8 body.
#[derive(Clone, PartialEq, Eq)]
pub struct Email {
    /// The recipient's address, such as `jean.dupont@example.org`.
    pub to: String,
    /// The subject line, any Unicode text (line breaks are turned into spaces when sent).
    pub subject: String,
    /// The plain-text body, any UTF-8 text. May carry secrets: never logged.
    pub body: String,
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Email")
            .field("to", &mask_email(&self.to))
            .field("subject", &self.subject)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// An SMS to one number.
#[derive(Clone, PartialEq, Eq)]
pub struct Sms {
    /// The recipient's number in E.164 form: `+`, the country code, the national number, no
    /// spaces (`+33612345678`).
    pub to: String,
    /// The text of the message. May carry secrets: never logged.
    pub text: String,
}

impl fmt::Debug for Sms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sms")
            .field("to", &mask_phone(&self.to))
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Email, Sms};

    #[test]
    fn debug_hides_bodies_and_recipients() {
        let email = Email {
            to: "jean.dupont@example.org".into(),
            subject: "Vos codes".into(),
            body: "code SECRET-123".into(),
        };
        let text = format!("{email:?}");
        assert!(
            !text.contains("SECRET") && !text.contains("jean.dupont"),
            "{text}"
        );
        assert!(
            text.contains("j***@example.org") && text.contains("Vos codes"),
            "{text}"
        );

        let sms = Sms {
            to: "+33612345678".into(),
            text: "code SECRET-123".into(),
        };
        let text = format!("{sms:?}");
        assert!(
            !text.contains("SECRET") && !text.contains("612345678"),
            "{text}"
        );
    }
}
