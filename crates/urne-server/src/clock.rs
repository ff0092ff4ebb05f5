//! Where the server gets `now`, and how it shows a time to people.
//!
//! Time is a parameter (DESIGN.md §7, STYLE.md §5): opening, closing, sealing and rate limits take
//! a `now` that handlers read from a [`Clock`]. [`SystemClock`] is the only place in the crate
//! that reads the wall clock; tests use [`FixedClock`] and move it by hand. Times are stored and
//! compared as UTC [`jiff::Timestamp`]s and shown in Europe/Paris ([`paris`], [`format_paris`]).
//!
//! Left out: time zones other than Europe/Paris (every French professional election is held in
//! Paris time, including overseas establishments' polls, which the agreement fixes in Paris time),
//! and clock synchronisation (the host's NTP is trusted).

use std::sync::{LazyLock, Mutex, PoisonError};

use jiff::{tz::TimeZone, SignedDuration, Timestamp, Zoned};

use crate::i18n::Lang;

/// A source of the current instant.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The host's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(
        clippy::disallowed_methods,
        reason = "SystemClock is the one sanctioned reader of the wall clock; everything else takes `now`"
    )]
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that only moves when told to: for tests and for `urne demo` scenarios.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<Timestamp>,
}

impl FixedClock {
    /// A clock stopped at `now`.
    pub fn new(now: Timestamp) -> FixedClock {
        FixedClock {
            now: Mutex::new(now),
        }
    }

    /// Moves the clock to `now` (backwards too).
    pub fn set(&self, now: Timestamp) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the clock by `by` (negative moves it back). Saturates at jiff's supported range
    /// (years -9999 to 9999) rather than failing: a test that gets there has other problems.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = match now.checked_add(by) {
            Ok(moved) => moved,
            Err(_) if by.is_negative() => Timestamp::MIN,
            Err(_) => Timestamp::MAX,
        };
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        // A poisoned lock still holds a valid timestamp: a panic cannot leave it half-written.
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Europe/Paris from jiff's bundled time zone database (feature `tzdb-bundle-always`).
#[allow(
    clippy::expect_used,
    reason = "the tz database is compiled into the binary, so the lookup cannot fail at run time; the test `paris_zone_resolves` checks it"
)]
static PARIS: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/Paris").expect("Europe/Paris is in jiff's bundled tzdb")
});

/// `ts` in Europe/Paris time, where the elections are held and every time is shown.
pub fn paris(ts: Timestamp) -> Zoned {
    ts.to_zoned(PARIS.clone())
}

/// `ts` as a French or English reader expects it, in Europe/Paris time, minute precision:
/// `24/11/2026 à 18:05` or `24/11/2026 at 18:05`. Both languages use day/month/year and the
/// 24-hour clock, since the pages are about French elections and mixing formats between the two
/// versions of one page would confuse people who switch.
pub fn format_paris(ts: Timestamp, lang: Lang) -> String {
    let pattern = match lang {
        Lang::Fr => "%d/%m/%Y à %H:%M",
        Lang::En => "%d/%m/%Y at %H:%M",
    };
    paris(ts).strftime(pattern).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn paris_zone_resolves() {
        assert_eq!(PARIS.iana_name(), Some("Europe/Paris"));
    }

    #[test]
    fn format_paris_in_winter_and_summer() {
        // Winter: UTC+1.
        let winter = ts("2026-11-24T17:05:00Z");
        assert_eq!(format_paris(winter, Lang::Fr), "24/11/2026 à 18:05");
        assert_eq!(format_paris(winter, Lang::En), "24/11/2026 at 18:05");
        // Summer: UTC+2.
        let summer = ts("2026-06-01T07:30:59Z");
        assert_eq!(format_paris(summer, Lang::Fr), "01/06/2026 à 09:30");
        assert_eq!(paris(summer).offset().seconds(), 2 * 3600);
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::new(ts("2026-11-24T08:00:00Z"));
        assert_eq!(clock.now(), ts("2026-11-24T08:00:00Z"));
        clock.advance(SignedDuration::from_mins(90));
        assert_eq!(clock.now(), ts("2026-11-24T09:30:00Z"));
        clock.advance(SignedDuration::from_mins(-30));
        assert_eq!(clock.now(), ts("2026-11-24T09:00:00Z"));
        clock.set(ts("2027-01-01T00:00:00Z"));
        assert_eq!(clock.now(), ts("2027-01-01T00:00:00Z"));
        clock.advance(SignedDuration::MAX);
        assert_eq!(clock.now(), Timestamp::MAX);
    }

    #[test]
    fn system_clock_is_after_2025() {
        assert!(SystemClock.now() > ts("2025-01-01T00:00:00Z"));
    }
}
