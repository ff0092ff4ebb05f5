//! The memory outbox (order, sequence numbers, times, filters, shared clones, forced failures)
//! and retries driven through it.

use std::cell::Cell;
use std::time::{Duration, SystemTime};

use urne_delivery::{
    send_with_retry, DeliveryError, Email, Mailer, MemoryOutbox, OutboxMessage, Retry, Sms,
    SmsGateway,
};

fn email(to: &str, body: &str) -> Email {
    Email {
        to: to.into(),
        subject: "Vos codes".into(),
        body: body.into(),
    }
}

fn sms(to: &str, text: &str) -> Sms {
    Sms {
        to: to.into(),
        text: text.into(),
    }
}

const NOW: Duration = Duration::from_secs(1_800_000_000);

fn fixed_outbox() -> MemoryOutbox {
    MemoryOutbox::with_clock(|| SystemTime::UNIX_EPOCH + NOW)
}

#[test]
fn keeps_every_message_in_order() {
    let outbox = fixed_outbox();
    assert!(outbox.is_empty());
    // Through the traits, as the server holds them.
    let mailer: &dyn Mailer = &outbox;
    let gateway: &dyn SmsGateway = &outbox;
    mailer.send_email(&email("a@example.org", "1")).unwrap();
    gateway.send_sms(&sms("+33611111111", "2")).unwrap();
    mailer.send_email(&email("b@example.org", "3")).unwrap();
    mailer.send_email(&email("a@example.org", "4")).unwrap();

    assert_eq!(outbox.len(), 4);
    assert!(!outbox.is_empty());
    let messages = outbox.messages();
    let seqs: Vec<u64> = messages.iter().map(|(seq, _, _)| *seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert!(messages
        .iter()
        .all(|(_, at, _)| *at == SystemTime::UNIX_EPOCH + NOW));
    assert_eq!(messages[1].2, OutboxMessage::Sms(sms("+33611111111", "2")));
    assert_eq!(
        outbox.emails_to("a@example.org"),
        [email("a@example.org", "1"), email("a@example.org", "4")]
    );
    assert_eq!(outbox.sms_to("+33611111111"), [sms("+33611111111", "2")]);
    assert!(outbox.emails_to("c@example.org").is_empty());
    assert!(outbox.sms_to("a@example.org").is_empty());
}

#[test]
fn clones_share_one_outbox() {
    let outbox = MemoryOutbox::new();
    let server_side = outbox.clone();
    server_side
        .send_email(&email("a@example.org", "x"))
        .unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(format!("{outbox:?}").contains("len: 1"));
}

#[test]
fn fail_next_fails_then_recovers() {
    let outbox = fixed_outbox();
    outbox.fail_next(2);
    for _ in 0..2 {
        let error = outbox.send_sms(&sms("+33611111111", "x")).unwrap_err();
        assert!(matches!(error, DeliveryError::Unavailable(_)), "{error:?}");
    }
    assert!(outbox.is_empty());
    outbox.send_sms(&sms("+33611111111", "x")).unwrap();
    assert_eq!(outbox.messages()[0].0, 1);
}

fn no_wait(attempts: u32) -> Retry {
    Retry {
        attempts,
        first_delay: Duration::ZERO,
    }
}

#[test]
fn retry_gets_through_temporary_failures() {
    let outbox = fixed_outbox();
    outbox.fail_next(2);
    let attempts = send_with_retry(&no_wait(3), || {
        outbox.send_email(&email("a@example.org", "x"))
    });
    assert_eq!(attempts, Ok(3));
    assert_eq!(outbox.emails_to("a@example.org").len(), 1);
}

#[test]
fn retry_gives_up_after_its_attempts() {
    let outbox = fixed_outbox();
    outbox.fail_next(3);
    let result = send_with_retry(&no_wait(3), || outbox.send_sms(&sms("+33611111111", "x")));
    assert!(
        matches!(result, Err(DeliveryError::Unavailable(_))),
        "{result:?}"
    );
    assert!(outbox.is_empty());
}

#[test]
fn retry_never_repeats_a_refusal() {
    let calls = Cell::new(0);
    let result = send_with_retry(&no_wait(5), || {
        calls.set(calls.get() + 1);
        Err(DeliveryError::Refused(
            "no such mailbox at example.org".into(),
        ))
    });
    assert!(
        matches!(result, Err(DeliveryError::Refused(_))),
        "{result:?}"
    );
    assert_eq!(calls.get(), 1);
}
