//! The SMTP mailer against a fake SMTP server: what arrives (envelope, headers, UTF-8 subject
//! and body), how refusals and failures are sorted, and which configurations are rejected.

use urne_delivery::{DeliveryError, Email, Mailer, SmtpConfig, SmtpMailer, SmtpSecurity};

use crate::common::{closed_port, decode_header, fake_smtp, parse_email};

fn config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "urne <vote@example.org>".into(),
        timeout_secs: 10,
    }
}

fn email() -> Email {
    Email {
        to: "jean.dupont@example.org".into(),
        subject: "Vos codes de vote — Électeur".into(),
        body: "Bonjour Électeur,\nvotre code : SECRET-4242\n\n-- \nurne\n".into(),
    }
}

fn send(config: &SmtpConfig, email: &Email) -> Result<(), DeliveryError> {
    SmtpMailer::new(config).unwrap().send_email(email)
}

#[test]
fn delivers_the_utf8_subject_body_and_recipient() {
    let (port, server) = fake_smtp("250 OK");
    send(&config(port), &email()).unwrap();
    let session = server.join().unwrap();

    assert_eq!(session.recipients, ["<jean.dupont@example.org>"]);
    assert!(
        session
            .commands
            .iter()
            .any(|c| c == "MAIL FROM:<vote@example.org>"
                || c.starts_with("MAIL FROM:<vote@example.org> ")),
        "{:?}",
        session.commands
    );
    let message = parse_email(&session.data);
    assert_eq!(
        decode_header(message.header("subject").unwrap()),
        "Vos codes de vote — Électeur"
    );
    assert_eq!(
        message.body,
        "Bonjour Électeur,\nvotre code : SECRET-4242\n\n-- \nurne\n"
    );
    assert_eq!(
        message.header("content-type").unwrap().to_ascii_lowercase(),
        "text/plain; charset=utf-8"
    );
    assert_eq!(message.header("to").unwrap(), "jean.dupont@example.org");
    assert_eq!(message.header("from").unwrap(), "urne <vote@example.org>");
    assert!(message.header("date").is_some());
    let message_id = message.header("message-id").unwrap();
    assert!(
        message_id.starts_with('<')
            && message_id.ends_with("@example.org>")
            && message_id.len() > 30,
        "{message_id}"
    );
}

#[test]
fn message_ids_differ() {
    let ids: Vec<String> = (0..2)
        .map(|_| {
            let (port, server) = fake_smtp("250 OK");
            send(&config(port), &email()).unwrap();
            let session = server.join().unwrap();
            parse_email(&session.data)
                .header("message-id")
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn a_subject_cannot_add_headers() {
    let (port, server) = fake_smtp("250 OK");
    let email = Email {
        subject: "Vos codes\r\nBcc: spy@example.net".into(),
        ..email()
    };
    send(&config(port), &email).unwrap();
    let session = server.join().unwrap();
    assert_eq!(session.recipients, ["<jean.dupont@example.org>"]);
    let message = parse_email(&session.data);
    assert!(message.header("bcc").is_none(), "{:?}", message.headers);
}

#[test]
fn a_permanent_refusal_is_refused_without_the_address_or_body() {
    let (port, server) =
        fake_smtp("550 5.1.1 <jean.dupont@example.org>: Recipient address rejected: jean.dupont");
    let error = send(&config(port), &email()).unwrap_err();
    server.join().unwrap();
    let DeliveryError::Refused(text) = &error else {
        panic!("expected Refused, got {error:?}");
    };
    assert!(
        text.contains("550") && text.contains("example.org"),
        "{text}"
    );
    let shown = error.to_string();
    assert!(
        !shown.contains("jean.dupont") && !shown.contains("SECRET"),
        "{shown}"
    );
}

#[test]
fn a_temporary_refusal_is_unavailable() {
    let (port, server) = fake_smtp("450 4.2.1 mailbox busy, try later");
    let error = send(&config(port), &email()).unwrap_err();
    server.join().unwrap();
    assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
}

#[test]
fn nothing_listening_is_unavailable() {
    let error = send(&config(closed_port()), &email()).unwrap_err();
    assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
}

#[test]
fn a_malformed_recipient_is_refused_before_connecting() {
    // Nothing listens: a connection attempt would give Unavailable, not Refused.
    let email = Email {
        to: "jean dupont@example.org>".into(),
        ..email()
    };
    let error = send(&config(closed_port()), &email).unwrap_err();
    assert!(matches!(error, DeliveryError::Refused(_)), "{error:?}");
}

#[test]
fn starttls_not_offered_is_not_sent_in_clear() {
    // The fake server does not offer STARTTLS: the mailer must stop before MAIL FROM.
    let (port, server) = fake_smtp("250 OK");
    let config = SmtpConfig {
        security: SmtpSecurity::StartTls,
        ..config(port)
    };
    let error = send(&config, &email()).unwrap_err();
    let session = server.join().unwrap();
    assert!(!matches!(error, DeliveryError::Refused(_)), "{error:?}");
    assert!(
        session.recipients.is_empty() && session.data.is_empty(),
        "{session:?}"
    );
}

#[test]
fn a_failed_tls_handshake_is_unavailable() {
    // Implicit TLS against a server speaking clear text: the handshake fails.
    let (port, server) = fake_smtp("250 OK");
    let config = SmtpConfig {
        security: SmtpSecurity::Tls,
        ..config(port)
    };
    let error = send(&config, &email()).unwrap_err();
    server.join().unwrap();
    assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
}

#[test]
fn bad_configurations_are_refused() {
    let check = |config: SmtpConfig| match SmtpMailer::new(&config) {
        Err(DeliveryError::Config(_)) => {}
        other => panic!("{config:?}: {other:?}"),
    };
    let base = config(2525);
    check(SmtpConfig {
        from: "not a mailbox".into(),
        ..base.clone()
    });
    check(SmtpConfig {
        host: " ".into(),
        ..base.clone()
    });
    check(SmtpConfig {
        port: 0,
        ..base.clone()
    });
    check(SmtpConfig {
        timeout_secs: 0,
        ..base.clone()
    });
    check(SmtpConfig {
        username: Some("u".into()),
        ..base.clone()
    });
    check(SmtpConfig {
        password: Some("p".into()),
        ..base.clone()
    });
    // Credentials in clear text to another machine.
    check(SmtpConfig {
        host: "smtp.example.org".into(),
        username: Some("u".into()),
        password: Some("p".into()),
        ..base.clone()
    });
}

#[test]
fn good_configurations_are_accepted() {
    let base = config(2525);
    let with_credentials = SmtpConfig {
        username: Some("u".into()),
        password: Some("secret-password".into()),
        ..base.clone()
    };
    SmtpMailer::new(&with_credentials).unwrap();
    assert!(!format!("{with_credentials:?}").contains("secret-password"));
    for security in [SmtpSecurity::StartTls, SmtpSecurity::Tls] {
        SmtpMailer::new(&SmtpConfig {
            host: "smtp.example.org".into(),
            security,
            ..with_credentials.clone()
        })
        .unwrap();
    }
}

#[test]
fn configuration_reads_from_the_server_settings() {
    let config: SmtpConfig = serde_json::from_str(
        r#"{"host":"smtp.example.org","port":587,"security":"starttls","username":"u",
            "password":"p","from":"urne <vote@example.org>"}"#,
    )
    .unwrap();
    assert_eq!(config.security, SmtpSecurity::StartTls);
    assert_eq!(config.timeout_secs, 30);
    let unknown = r#"{"host":"h","port":25,"security":"none","from":"a@b.c","tls":true}"#;
    assert!(serde_json::from_str::<SmtpConfig>(unknown).is_err());
    let none = r#"{"host":"h","port":465,"security":"tls","from":"a@b.c","timeout_secs":5}"#;
    let config: SmtpConfig = serde_json::from_str(none).unwrap();
    assert_eq!(
        (config.security, config.username),
        (SmtpSecurity::Tls, None)
    );
}
