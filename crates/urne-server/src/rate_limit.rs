//! Failure counting with lockout, against password and code guessing (OWASP Authentication
//! Cheat Sheet, "Protect Against Automated Attacks"; ANSSI's recommendations on multi-factor
//! authentication and passwords, R29: limit the number of attempts).
//!
//! A [`RateLimiter`] counts failures per key (an account name, an IP address, or both joined:
//! the caller decides) within a sliding-from-first-failure window; at `max_failures` the key is
//! locked for `lockout`. Time is a parameter (`now`), so tests are exact and hermetic.
//!
//! Limitations, by design:
//! - Memory only, per process. With several `urne serve` instances behind a load balancer each
//!   counts on its own, so an attacker gets `max_failures` per instance; a restart forgets
//!   everything. The durable account lockout lives in the database (the login handler's job);
//!   this limiter is the cheap first line that needs no write per attempt.
//! - Bounded memory: at most [`MAX_KEYS`] keys. When full, expired entries are dropped first,
//!   then keys that are counting but not locked; if every key is locked, a failure on a new key
//!   is not counted (failing open for that key rather than locking everyone out). Reaching that
//!   takes 100 000 locked keys inside one lockout period, which the database lockout still
//!   stops.
//!
//! Left out: delays that grow with each failure (a fixed lockout is simpler to explain to users
//! and to test) and CAPTCHAs (inaccessible, and unfit for an election).

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
};

use jiff::{SignedDuration, Timestamp};

/// Most keys remembered at once (about 100 bytes each plus the key: ~10–20 MB at worst).
pub const MAX_KEYS: usize = 100_000;

/// How many failures lock a key, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Failures within `window` that lock the key.
    pub max_failures: u32,
    /// How long failures are remembered, counted from the first failure of the series.
    pub window: SignedDuration,
    /// How long a locked key stays locked.
    pub lockout: SignedDuration,
}

impl Policy {
    /// Staff login: 5 failures within 15 minutes lock for 15 minutes.
    pub const LOGIN: Policy = Policy {
        max_failures: 5,
        window: SignedDuration::from_mins(15),
        lockout: SignedDuration::from_mins(15),
    };

    /// Voters' login steps, per address: 30 failures within 15 minutes lock the address for
    /// 15 minutes (a company's voters may share one address behind its proxy).
    pub const VOTER: Policy = Policy {
        max_failures: 30,
        window: SignedDuration::from_mins(15),
        lockout: SignedDuration::from_mins(15),
    };

    /// Recovery and help requests, per address: each request counts; 5 within an hour lock the
    /// address for an hour.
    pub const REQUESTS: Policy = Policy {
        max_failures: 5,
        window: SignedDuration::from_mins(60),
        lockout: SignedDuration::from_mins(60),
    };
}

/// A key is locked until `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locked {
    /// When the key unlocks.
    pub until: Timestamp,
}

impl Locked {
    /// Whole seconds from `now` until the key unlocks, rounded up, at least 1: the value of a
    /// `Retry-After` header.
    pub fn retry_after_secs(&self, now: Timestamp) -> u64 {
        let remaining = self.until.duration_since(now);
        let secs = remaining.as_secs() + i64::from(remaining.subsec_nanos() > 0);
        u64::try_from(secs).unwrap_or(0).max(1)
    }
}

impl std::fmt::Display for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "locked until {}", self.until)
    }
}

impl std::error::Error for Locked {}

#[derive(Clone, Copy, Debug)]
struct Entry {
    failures: u32,
    /// First failure of the current series.
    since: Timestamp,
    locked_until: Option<Timestamp>,
}

impl Entry {
    fn is_locked(&self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// Whether the entry says nothing any more: not locked and its window is over.
    fn is_expired(&self, now: Timestamp, policy: &Policy) -> bool {
        !self.is_locked(now) && now >= add(self.since, policy.window)
    }
}

/// `ts + by`, saturating at the end of time instead of failing.
fn add(ts: Timestamp, by: SignedDuration) -> Timestamp {
    ts.checked_add(by).unwrap_or(Timestamp::MAX)
}

/// In-memory failure counter with lockout; see the module doc for its limits.
#[derive(Debug)]
pub struct RateLimiter {
    policy: Policy,
    entries: Mutex<HashMap<String, Entry>>,
}

impl RateLimiter {
    /// An empty limiter applying `policy`.
    pub fn new(policy: Policy) -> RateLimiter {
        RateLimiter {
            policy,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The policy applied.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave an entry half-written (entries are
        // replaced whole), so a poisoned map is still sound.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `Ok` when `key` may try now, `Err` with the unlock time when it is locked.
    /// Call it before checking the credential, so a locked key learns nothing.
    ///
    /// # Errors
    /// [`Locked`] while the key's lockout runs.
    pub fn check(&self, key: &str, now: Timestamp) -> Result<(), Locked> {
        match self.entries().get(key).and_then(|entry| entry.locked_until) {
            Some(until) if now < until => Err(Locked { until }),
            _ => Ok(()),
        }
    }

    /// Counts a failure of `key` at `now`, locking it at the policy's limit.
    pub fn record_failure(&self, key: &str, now: Timestamp) {
        let policy = self.policy;
        let mut entries = self.entries();
        if !entries.contains_key(key) && entries.len() >= MAX_KEYS {
            make_room(&mut entries, now, &policy);
            if entries.len() >= MAX_KEYS {
                return;
            }
        }
        let fresh = Entry {
            failures: 0,
            since: now,
            locked_until: None,
        };
        let entry = entries.entry(key.to_owned()).or_insert(fresh);
        if entry.is_locked(now) {
            return;
        }
        if entry.is_expired(now, &policy) || entry.locked_until.is_some() {
            // The window has passed, or a lockout has ended: start a new series.
            *entry = fresh;
        }
        entry.failures = entry.failures.saturating_add(1);
        if entry.failures >= policy.max_failures {
            entry.locked_until = Some(add(now, policy.lockout));
        }
    }

    /// Forgets `key`'s failures after a success. It does not lift a running lockout: callers
    /// [`check`](RateLimiter::check) first, so a success cannot happen while locked.
    pub fn record_success(&self, key: &str) {
        self.entries().remove(key);
    }

    /// How many keys are remembered (for tests and monitoring).
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }
}

/// Frees space when the map is full: expired entries first, then unlocked ones.
fn make_room(entries: &mut HashMap<String, Entry>, now: Timestamp, policy: &Policy) {
    entries.retain(|_, entry| !entry.is_expired(now, policy));
    if entries.len() >= MAX_KEYS {
        entries.retain(|_, entry| entry.is_locked(now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> Timestamp {
        "2026-11-24T08:00:00Z".parse().unwrap()
    }

    fn mins(n: i64) -> SignedDuration {
        SignedDuration::from_mins(n)
    }

    fn fail(limiter: &RateLimiter, key: &str, now: Timestamp, times: u32) {
        for _ in 0..times {
            limiter.record_failure(key, now);
        }
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let limiter = RateLimiter::new(Policy::LOGIN);
        fail(&limiter, "alice", t0(), 4);
        assert_eq!(limiter.check("alice", t0()), Ok(()));
        limiter.record_failure("alice", t0() + mins(1));
        let until = t0() + mins(16);
        assert_eq!(
            limiter.check("alice", t0() + mins(1)),
            Err(Locked { until })
        );
        assert_eq!(
            limiter.check("alice", until - SignedDuration::from_secs(1)),
            Err(Locked { until })
        );
        // Failures while locked do not extend the lockout.
        limiter.record_failure("alice", t0() + mins(10));
        assert_eq!(limiter.check("alice", until), Ok(()));
    }

    #[test]
    fn after_lockout_a_new_series_starts() {
        let limiter = RateLimiter::new(Policy::LOGIN);
        fail(&limiter, "alice", t0(), 5);
        let later = t0() + mins(15);
        assert_eq!(limiter.check("alice", later), Ok(()));
        fail(&limiter, "alice", later, 4);
        assert_eq!(limiter.check("alice", later), Ok(()));
        limiter.record_failure("alice", later);
        assert!(limiter.check("alice", later).is_err());
    }

    #[test]
    fn failures_outside_the_window_are_forgotten() {
        let limiter = RateLimiter::new(Policy::LOGIN);
        fail(&limiter, "alice", t0(), 4);
        fail(&limiter, "alice", t0() + mins(15), 4);
        assert_eq!(limiter.check("alice", t0() + mins(15)), Ok(()));
    }

    #[test]
    fn success_resets() {
        let limiter = RateLimiter::new(Policy::LOGIN);
        fail(&limiter, "alice", t0(), 4);
        limiter.record_success("alice");
        assert!(limiter.is_empty());
        fail(&limiter, "alice", t0(), 4);
        assert_eq!(limiter.check("alice", t0()), Ok(()));
    }

    #[test]
    fn keys_are_independent() {
        let limiter = RateLimiter::new(Policy::LOGIN);
        fail(&limiter, "alice", t0(), 5);
        fail(&limiter, "bob", t0(), 4);
        assert!(limiter.check("alice", t0()).is_err());
        assert_eq!(limiter.check("bob", t0()), Ok(()));
        assert_eq!(limiter.check("carol", t0()), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up() {
        let locked = Locked {
            until: t0() + mins(15),
        };
        assert_eq!(locked.retry_after_secs(t0()), 900);
        assert_eq!(
            locked.retry_after_secs(t0() + SignedDuration::from_millis(500)),
            900
        );
        assert_eq!(locked.retry_after_secs(t0() + mins(20)), 1);
    }

    #[test]
    fn memory_is_bounded() {
        let policy = Policy {
            max_failures: 1,
            ..Policy::LOGIN
        };
        let limiter = RateLimiter::new(policy);
        for i in 0..MAX_KEYS {
            limiter.record_failure(&format!("k{i}"), t0());
        }
        assert_eq!(limiter.len(), MAX_KEYS);
        // All locked: a new key is not counted, the others stay locked.
        limiter.record_failure("new", t0());
        assert_eq!(limiter.len(), MAX_KEYS);
        assert_eq!(limiter.check("new", t0()), Ok(()));
        assert!(limiter.check("k0", t0()).is_err());
        // Once the lockouts have passed, expired entries make room.
        let later = t0() + mins(30);
        limiter.record_failure("new", later);
        assert_eq!(limiter.len(), 1);
        assert!(limiter.check("new", later).is_err());
    }
}
