//! Retrying a send that failed for a temporary reason, with a doubling delay.
//!
//! Only [`DeliveryError::Unavailable`] is retried: a refused message stays refused, and a
//! misconfigured mailer stays misconfigured, however often one asks.
//!
//! Left out: jitter and retries over minutes or hours. This covers the blips of one connection
//! (a relay restarting, a provider's 503); longer outages are the server's queue's business.

use std::time::Duration;

use crate::DeliveryError;

/// How many times to try, and how long to wait before the first retry (then twice as long
/// before each following one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included; 0 counts as 1.
    pub attempts: u32,
    /// The wait after the first failure; it doubles after each following failure.
    pub first_delay: Duration,
}

impl Default for Retry {
    /// 3 attempts, waiting 500 ms then 1 s.
    fn default() -> Retry {
        Retry {
            attempts: 3,
            first_delay: Duration::from_millis(500),
        }
    }
}

/// Calls `send` until it succeeds, fails for good, or `retry.attempts` are used up, sleeping
/// between attempts. Returns how many attempts it took.
///
/// Blocks the calling thread while it waits: call it where blocking is allowed (the server's
/// `spawn_blocking`).
///
/// # Errors
/// The first [`DeliveryError::Refused`] or [`DeliveryError::Config`], at once; or the last
/// [`DeliveryError::Unavailable`] once every attempt has failed.
pub fn send_with_retry<F: FnMut() -> Result<(), DeliveryError>>(
    retry: &Retry,
    mut send: F,
) -> Result<u32, DeliveryError> {
    let attempts = retry.attempts.max(1);
    let mut delay = retry.first_delay;
    let mut attempt = 1;
    loop {
        match send() {
            Ok(()) => return Ok(attempt),
            Err(error) if !error.is_temporary() || attempt >= attempts => return Err(error),
            Err(_) => {}
        }
        wait(delay);
        delay = delay.saturating_mul(2);
        attempt += 1;
    }
}

#[allow(
    clippy::disallowed_methods,
    reason = "waiting between two attempts is this function's job; it runs on a blocking thread, \
              and tests pass a zero delay, which does not sleep"
)]
fn wait(delay: Duration) {
    if !delay.is_zero() {
        std::thread::sleep(delay);
    }
}

#[cfg(test)]
mod tests {
    use super::{send_with_retry, Retry};
    use crate::DeliveryError;
    use std::time::Duration;

    fn no_wait(attempts: u32) -> Retry {
        Retry {
            attempts,
            first_delay: Duration::ZERO,
        }
    }

    /// Runs `send_with_retry` on a sequence of outcomes; returns its result and the calls made.
    fn check(
        retry: &Retry,
        outcomes: &[Result<(), DeliveryError>],
    ) -> (Result<u32, DeliveryError>, usize) {
        let mut calls = 0;
        let result = send_with_retry(retry, || {
            calls += 1;
            outcomes[calls - 1].clone()
        });
        (result, calls)
    }

    fn unavailable() -> Result<(), DeliveryError> {
        Err(DeliveryError::Unavailable("down".into()))
    }

    #[test]
    fn default_is_three_attempts_from_half_a_second() {
        assert_eq!(Retry::default().attempts, 3);
        assert_eq!(Retry::default().first_delay, Duration::from_millis(500));
    }

    #[test]
    fn succeeds_after_temporary_failures() {
        let (result, calls) = check(&no_wait(3), &[unavailable(), unavailable(), Ok(())]);
        assert_eq!(result, Ok(3));
        assert_eq!(calls, 3);
        assert_eq!(check(&no_wait(3), &[Ok(())]), (Ok(1), 1));
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let (result, calls) = check(&no_wait(2), &[unavailable(), unavailable(), Ok(())]);
        assert_eq!(result, Err(DeliveryError::Unavailable("down".into())));
        assert_eq!(calls, 2);
    }

    #[test]
    fn never_retries_a_refusal_or_a_config_error() {
        let refused = Err(DeliveryError::Refused("no such user".into()));
        let (result, calls) = check(&no_wait(5), &[refused.clone(), Ok(())]);
        assert_eq!(
            (result, calls),
            (Err(DeliveryError::Refused("no such user".into())), 1)
        );

        let config = Err(DeliveryError::Config("bad sender".into()));
        let (result, calls) = check(&no_wait(5), &[unavailable(), config, Ok(())]);
        assert_eq!(
            (result, calls),
            (Err(DeliveryError::Config("bad sender".into())), 2)
        );
    }

    #[test]
    fn zero_attempts_still_tries_once() {
        assert_eq!(check(&no_wait(0), &[unavailable()]).1, 1);
    }
}
