//! The HTTP SMS gateway against a fake provider: the JSON body and headers that arrive, how
//! statuses and failures are sorted, and which configurations are rejected.

use urne_delivery::{DeliveryError, HttpSmsConfig, HttpSmsGateway, Sms, SmsGateway};

use crate::common::{closed_port, fake_http};

fn config(url: &str) -> HttpSmsConfig {
    HttpSmsConfig {
        url: url.into(),
        authorization: Some("Bearer t0ken".into()),
        body_template: urne_delivery::DEFAULT_SMS_BODY_TEMPLATE.into(),
        timeout_secs: 10,
    }
}

/// A text that tries to break out of its JSON string and to be read as a placeholder.
const TRICKY_TEXT: &str = "Votre code : \"A\\B\" }, \"to\": \"+1\n{to} {text}\tÉlecteur\u{1}";

fn sms() -> Sms {
    Sms {
        to: "+33612345678".into(),
        text: TRICKY_TEXT.into(),
    }
}

fn send(config: &HttpSmsConfig) -> Result<(), DeliveryError> {
    HttpSmsGateway::new(config).unwrap().send_sms(&sms())
}

#[test]
fn posts_the_exact_number_and_text_as_json() {
    let (url, server) = fake_http("200 OK");
    send(&config(&url)).unwrap();
    let request = server.join().unwrap();

    assert_eq!(request.request_line, "POST /sms HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), Some("Bearer t0ken"));
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    let fields = body.as_object().unwrap();
    assert_eq!(fields.len(), 2, "{body}");
    assert_eq!(fields["to"], "+33612345678");
    assert_eq!(fields["text"], TRICKY_TEXT);
}

#[test]
fn follows_the_providers_template() {
    let (url, server) = fake_http("202 Accepted");
    let config = HttpSmsConfig {
        authorization: None,
        body_template:
            r#"{"messages":[{"destinations":[{"to":"{to}"}],"text":"{text}","from":"urne"}]}"#
                .into(),
        ..config(&url)
    };
    send(&config).unwrap();
    let request = server.join().unwrap();
    assert_eq!(request.header("authorization"), None);
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    let message = &body["messages"][0];
    assert_eq!(message["destinations"][0]["to"], "+33612345678");
    assert_eq!(message["text"], TRICKY_TEXT);
    assert_eq!(message["from"], "urne");
}

/// Sends once to a fake provider answering `status`.
fn error_for(status: &'static str) -> DeliveryError {
    let (url, server) = fake_http(status);
    let error = send(&config(&url)).unwrap_err();
    server.join().unwrap();
    let shown = error.to_string();
    assert!(
        !shown.contains("612345678") && !shown.contains("Votre code") && !shown.contains("t0ken"),
        "{shown}"
    );
    error
}

#[test]
fn a_client_error_is_refused() {
    let error = error_for("400 Bad Request");
    assert!(matches!(error, DeliveryError::Refused(_)), "{error:?}");
    assert!(error.to_string().contains("400"), "{error}");
    assert!(matches!(
        error_for("422 Unprocessable Entity"),
        DeliveryError::Refused(_)
    ));
}

#[test]
fn a_server_error_is_unavailable() {
    let error = error_for("503 Service Unavailable");
    assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
    assert!(matches!(
        error_for("500 Internal Server Error"),
        DeliveryError::Unavailable(_)
    ));
}

#[test]
fn rate_limits_pass_and_rejected_credentials_are_configuration() {
    assert!(matches!(
        error_for("429 Too Many Requests"),
        DeliveryError::Unavailable(_)
    ));
    assert!(matches!(
        error_for("401 Unauthorized"),
        DeliveryError::Config(_)
    ));
}

#[test]
fn redirects_are_not_followed() {
    let error = error_for("302 Found");
    assert!(matches!(error, DeliveryError::Config(_)), "{error:?}");
}

#[test]
fn nothing_listening_is_unavailable() {
    let url = format!("http://127.0.0.1:{}/sms", closed_port());
    let error = send(&config(&url)).unwrap_err();
    assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
    assert!(!error.to_string().contains("t0ken"), "{error}");
}

#[test]
fn a_malformed_number_is_refused_before_connecting() {
    // Nothing listens: a request would give Unavailable, not Refused.
    let url = format!("http://127.0.0.1:{}/sms", closed_port());
    let gateway = HttpSmsGateway::new(&config(&url)).unwrap();
    for to in ["0612345678", "+33 6 12 34 56 78", "", "+33612345678\"", "+"] {
        let sms = Sms {
            to: to.into(),
            text: "x".into(),
        };
        let error = gateway.send_sms(&sms).unwrap_err();
        assert!(
            matches!(error, DeliveryError::Refused(_)),
            "{to}: {error:?}"
        );
    }
}

#[test]
fn bad_configurations_are_refused() {
    let check = |config: HttpSmsConfig| match HttpSmsGateway::new(&config) {
        Err(DeliveryError::Config(_)) => {}
        other => panic!("{config:?}: {other:?}"),
    };
    let base = config("https://sms.example.net/v1/send");
    check(HttpSmsConfig {
        url: "http://sms.example.net/send".into(),
        ..base.clone()
    });
    check(HttpSmsConfig {
        url: "http://sms.example.net\\@127.0.0.1/".into(),
        ..base.clone()
    });
    check(HttpSmsConfig {
        url: "ftp://sms.example.net/".into(),
        ..base.clone()
    });
    check(HttpSmsConfig {
        url: "sms.example.net".into(),
        ..base.clone()
    });
    check(HttpSmsConfig {
        authorization: Some("Bearer x\r\nX-Evil: 1".into()),
        ..base.clone()
    });
    check(HttpSmsConfig {
        timeout_secs: 0,
        ..base.clone()
    });
    for template in [
        r#"{"to":{to},"text":"{text}"}"#,
        r#"{"to":"{to}"}"#,
        r#"{"to":"{to}","text":"{text}""#,
        "to={to}&text={text}",
    ] {
        check(HttpSmsConfig {
            body_template: template.into(),
            ..base.clone()
        });
    }
}

#[test]
fn good_configurations_are_accepted() {
    let https = config("https://sms.example.net/v1/send?key=API-KEY");
    HttpSmsGateway::new(&https).unwrap();
    let shown = format!("{https:?}");
    assert!(
        !shown.contains("t0ken") && !shown.contains("API-KEY"),
        "{shown}"
    );
    HttpSmsGateway::new(&config("http://localhost:8080/sms")).unwrap();
    HttpSmsGateway::new(&config("http://[::1]:8080/sms")).unwrap();
}

#[test]
fn configuration_reads_from_the_server_settings() {
    let config: HttpSmsConfig =
        serde_json::from_str(r#"{"url":"https://sms.example.net/send"}"#).unwrap();
    assert_eq!(config.body_template, r#"{"to":"{to}","text":"{text}"}"#);
    assert_eq!((config.authorization, config.timeout_secs), (None, 30));
    let unknown = r#"{"url":"https://sms.example.net/send","token":"x"}"#;
    assert!(serde_json::from_str::<HttpSmsConfig>(unknown).is_err());
}
