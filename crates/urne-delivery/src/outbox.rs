//! An outbox in memory: a [`Mailer`] and an [`SmsGateway`] that send nothing and keep every
//! message, in order, for the demo to show and for tests to read.
//!
//! Left out: any limit on size (a demo or a test sends a few thousand messages at most) and
//! persistence (a restart empties it, as a demo expects).

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use crate::{DeliveryError, Email, Mailer, Sms, SmsGateway};

/// One message kept by a [`MemoryOutbox`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutboxMessage {
    /// An e-mail, as given to [`Mailer::send_email`].
    Email(Email),
    /// An SMS, as given to [`SmsGateway::send_sms`].
    Sms(Sms),
}

/// Where [`MemoryOutbox`] reads the time it stamps messages with.
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A [`Mailer`] and [`SmsGateway`] that keeps messages in memory instead of sending them.
///
/// Clones share one outbox, so the server can hold one clone as its mailer and another as its
/// SMS gateway while the demo reads a third. Each kept message gets a sequence number, starting
/// at 1 and shared by e-mails and SMS, and the time it was sent.
#[derive(Clone)]
pub struct MemoryOutbox {
    state: Arc<Mutex<State>>,
    clock: Clock,
}

#[derive(Default)]
struct State {
    messages: Vec<(u64, SystemTime, OutboxMessage)>,
    last_seq: u64,
    fail_next: usize,
}

impl MemoryOutbox {
    /// An empty outbox that stamps messages with the wall clock.
    pub fn new() -> MemoryOutbox {
        #[allow(
            clippy::disallowed_methods,
            reason = "the outbox's timestamps say when a message was handed over, as a real \
                      mailer's journal would; a demo or test wanting fixed times uses `with_clock`"
        )]
        MemoryOutbox::with_clock(SystemTime::now)
    }

    /// An empty outbox that stamps messages with `clock()`, for demos and tests whose time is a
    /// parameter.
    pub fn with_clock(clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> MemoryOutbox {
        MemoryOutbox {
            state: Arc::new(Mutex::new(State::default())),
            clock: Arc::new(clock),
        }
    }

    /// Makes the next `n` sends (e-mail or SMS) fail with [`DeliveryError::Unavailable`] and
    /// keep nothing, to test retries. Replaces any count still pending.
    pub fn fail_next(&self, n: usize) {
        self.lock().fail_next = n;
    }

    /// Every kept message in the order it was sent: sequence number, time, message.
    pub fn messages(&self) -> Vec<(u64, SystemTime, OutboxMessage)> {
        self.lock().messages.clone()
    }

    /// The e-mails sent to `to`, in order (exact, case-sensitive match on the address).
    pub fn emails_to(&self, to: &str) -> Vec<Email> {
        self.lock()
            .messages
            .iter()
            .filter_map(|(_, _, message)| match message {
                OutboxMessage::Email(email) if email.to == to => Some(email.clone()),
                _ => None,
            })
            .collect()
    }

    /// The SMS sent to `to`, in order (exact match on the E.164 number).
    pub fn sms_to(&self, to: &str) -> Vec<Sms> {
        self.lock()
            .messages
            .iter()
            .filter_map(|(_, _, message)| match message {
                OutboxMessage::Sms(sms) if sms.to == to => Some(sms.clone()),
                _ => None,
            })
            .collect()
    }

    /// How many messages the outbox keeps.
    pub fn len(&self) -> usize {
        self.lock().messages.len()
    }

    /// Whether the outbox keeps no message.
    pub fn is_empty(&self) -> bool {
        self.lock().messages.is_empty()
    }

    /// Keeps `message`, or fails if [`MemoryOutbox::fail_next`] asked for it.
    fn keep(&self, message: OutboxMessage) -> Result<(), DeliveryError> {
        let now = (self.clock)();
        let mut state = self.lock();
        if state.fail_next > 0 {
            state.fail_next -= 1;
            return Err(DeliveryError::Unavailable(
                "memory outbox: failure requested by fail_next".to_owned(),
            ));
        }
        state.last_seq += 1;
        let seq = state.last_seq;
        state.messages.push((seq, now, message));
        Ok(())
    }

    /// The state, even if a thread panicked while holding it: every update above leaves it
    /// consistent, so a poisoned lock holds nothing half-written.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryOutbox {
    fn default() -> MemoryOutbox {
        MemoryOutbox::new()
    }
}

impl fmt::Debug for MemoryOutbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MemoryOutbox")
            .field("len", &state.messages.len())
            .field("fail_next", &state.fail_next)
            .finish_non_exhaustive()
    }
}

impl Mailer for MemoryOutbox {
    fn send_email(&self, email: &Email) -> Result<(), DeliveryError> {
        self.keep(OutboxMessage::Email(email.clone()))
    }
}

impl SmsGateway for MemoryOutbox {
    fn send_sms(&self, sms: &Sms) -> Result<(), DeliveryError> {
        self.keep(OutboxMessage::Sms(sms.clone()))
    }
}
