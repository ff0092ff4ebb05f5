//! Seats by headcount (`../shared/rules/README.md` §4.1).
//!
//! Code du travail, art. L2311-2: a CSE is set up from 11 employees (the condition of 12
//! consecutive months is the caller's). Art. R2314-1: the legal number of titulaires and their
//! monthly delegation hours by headcount band; art. L2314-1: as many suppléants as titulaires;
//! art. L2314-11: one college when there is a single titulaire. These are minimums the
//! protocole d'accord préélectoral may raise (L2314-1, L2314-6).

use crate::number::{q, Q};

/// Code du travail, art. R2314-1: `(from, titulaires, hours per titulaire per month)`.
const R2314_1: [(i64, u32, u32); 54] = [
    (11, 1, 10),
    (25, 2, 10),
    (50, 4, 18),
    (75, 5, 19),
    (100, 6, 21),
    (125, 7, 21),
    (150, 8, 21),
    (175, 9, 21),
    (200, 10, 22),
    (250, 11, 22),
    (300, 11, 22),
    (400, 12, 22),
    (500, 13, 24),
    (600, 14, 24),
    (700, 14, 24),
    (800, 15, 24),
    (900, 16, 24),
    (1000, 17, 24),
    (1250, 18, 24),
    (1500, 20, 26),
    (1750, 21, 26),
    (2000, 22, 26),
    (2250, 23, 26),
    (2500, 24, 26),
    (2750, 24, 26),
    (3000, 25, 26),
    (3250, 25, 26),
    (3500, 26, 27),
    (3750, 26, 27),
    (4000, 26, 28),
    (4250, 27, 28),
    (4500, 27, 28),
    (4750, 28, 28),
    (5000, 29, 29),
    (5250, 29, 29),
    (5500, 29, 29),
    (5750, 30, 29),
    (6000, 31, 29),
    (6250, 31, 29),
    (6500, 31, 29),
    (6750, 31, 30),
    (7000, 32, 30),
    (7250, 32, 30),
    (7500, 32, 31),
    (7750, 32, 32),
    (8000, 32, 32),
    (8250, 33, 32),
    (8500, 33, 32),
    (8750, 33, 32),
    (9000, 34, 32),
    (9250, 34, 32),
    (9500, 34, 32),
    (9750, 34, 34),
    (10000, 35, 34),
];

/// The CSE a headcount calls for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seats {
    /// L2311-2: headcount ≥ 11.
    pub cse_required: bool,
    /// R2314-1 (0 without a CSE).
    pub titulaires: u32,
    /// L2314-1: as many as titulaires.
    pub suppleants: u32,
    /// R2314-1 (0 without a CSE).
    pub hours_per_titulaire_per_month: u32,
    /// L2314-11: a single college when there is one titulaire.
    pub single_college: bool,
    /// The R2314-1 row used: `(from, to)`, `to` `None` for the last row.
    pub band: Option<(i64, Option<i64>)>,
}

/// Code du travail, art. L2311-2 and R2314-1: the row is the last whose `from` ≤ headcount (so a
/// fractional headcount of 24.5 uses the 11–24 row).
pub fn seats_by_headcount(headcount: &Q) -> Seats {
    let row = R2314_1
        .iter()
        .rposition(|&(from, _, _)| q(from) <= *headcount);
    match row {
        None => Seats {
            cse_required: false,
            titulaires: 0,
            suppleants: 0,
            hours_per_titulaire_per_month: 0,
            single_college: false,
            band: None,
        },
        Some(i) => {
            let (from, titulaires, hours) = R2314_1[i];
            let to = R2314_1.get(i + 1).map(|&(next, _, _)| next - 1);
            Seats {
                cse_required: true,
                titulaires,
                suppleants: titulaires,
                hours_per_titulaire_per_month: hours,
                single_college: titulaires == 1,
                band: Some((from, to)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::ratio;

    /// Code du travail, art. R2314-1 and L2311-2.
    #[test]
    fn r2314_1_bands() {
        assert!(!seats_by_headcount(&ratio(109, 10)).cse_required);
        let s = seats_by_headcount(&ratio(49, 2));
        assert_eq!(
            (s.titulaires, s.hours_per_titulaire_per_month, s.band),
            (1, 10, Some((11, Some(24))))
        );
        assert!(s.single_college);
        let s = seats_by_headcount(&q(12_000));
        assert_eq!((s.titulaires, s.band), (35, Some((10000, None))));
    }
}
