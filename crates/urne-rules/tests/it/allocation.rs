//! Properties of the allocation (Code du travail, art. R2314-19 to R2314-21): every seat is filled
//! or reported unfilled; more votes never lose a seat; the order of the lists does not matter.

use proptest::prelude::*;
use urne_rules::allocation::{allocate, ListInput, Surplus};
use urne_rules::date::Date;
use urne_rules::number::{q, Q};
use urne_rules::quorum::{QuorumBase, Totals};

fn totals(sve: u64) -> Totals {
    Totals {
        round: 1,
        inscrits: None,
        votants: sve,
        sve,
        quorum_base: QuorumBase::Sve,
    }
}

/// Birth dates distinct across all lists (year by rank, month by list, day varied), so that every
/// tie can be broken (R2314-21).
fn list(votes: u64, candidates: Option<u64>, seed: u64) -> ListInput {
    let birthdates = (0..40u64)
        .map(|k| {
            Date::new(
                1950 + k as i32,
                1 + seed as u8,
                1 + ((seed * 5 + k * 3) % 28) as u8,
            )
        })
        .map(Option::unwrap)
        .collect();
    ListInput {
        votes: q(votes as i64),
        candidates,
        birthdates,
    }
}

fn lists_strategy() -> impl Strategy<Value = Vec<(u64, Option<u64>)>> {
    proptest::collection::vec((0u64..500, proptest::option::of(1u64..8)), 1..6)
}

fn build(spec: &[(u64, Option<u64>)]) -> Vec<ListInput> {
    spec.iter()
        .enumerate()
        .map(|(i, &(v, c))| list(v, c, i as u64))
        .collect()
}

proptest! {
    /// Code du travail, art. R2314-19 and R2314-20: seats filled + unfilled = seats, whatever the
    /// policy, and no list fills more than its candidates.
    #[test]
    fn r2314_19_every_seat_is_filled_or_unfilled(spec in lists_strategy(), seats in 1u64..12, extra in 0u64..50, redistribute: bool) {
        let lists = build(&spec);
        let sve = spec.iter().map(|s| s.0).sum::<u64>() + extra;
        let surplus = if redistribute { Surplus::Redistribute } else { Surplus::Vacant };
        let result = allocate(&totals(sve), seats, &lists, surplus).unwrap();
        prop_assert_eq!(result.seats.iter().sum::<u64>() + result.unfilled, seats);
        for (l, s) in lists.iter().zip(&result.seats) {
            prop_assert!(l.candidates.is_none_or(|n| *s <= n));
        }
        prop_assert!(result.entitlement.iter().sum::<u64>() <= seats);
    }

    /// Code du travail, art. R2314-20: with everything else equal, more votes for a list never
    /// cost it a seat.
    #[test]
    fn r2314_20_more_votes_never_lose_a_seat(spec in lists_strategy(), seats in 1u64..12, which in 0usize..6, more in 1u64..100) {
        let lists = build(&spec);
        let which = which % lists.len();
        let sve = spec.iter().map(|s| s.0).sum::<u64>() + more;
        let before = allocate(&totals(sve), seats, &lists, Surplus::Vacant).unwrap();
        let mut richer = lists.clone();
        richer[which].votes += Q::from_integer(more.into());
        let after = allocate(&totals(sve), seats, &richer, Surplus::Vacant).unwrap();
        prop_assert!(after.entitlement[which] >= before.entitlement[which]);
        prop_assert!(after.seats[which] >= before.seats[which]);
    }

    /// Code du travail, art. R2314-19 to R2314-21: the seats filled do not depend on the order in
    /// which the lists are given. (`entitlement` can: when tied lists with equal votes have no
    /// candidate left, README §4.3 gives the seat to the first in order; none of them fills it.)
    #[test]
    fn r2314_21_order_of_lists_does_not_matter(spec in lists_strategy(), seats in 1u64..12, rotate in 0usize..6, redistribute: bool) {
        let lists = build(&spec);
        let sve = spec.iter().map(|s| s.0).sum::<u64>();
        let surplus = if redistribute { Surplus::Redistribute } else { Surplus::Vacant };
        let original = allocate(&totals(sve), seats, &lists, surplus).unwrap();
        let k = rotate % lists.len();
        let mut rotated = lists.clone();
        rotated.rotate_left(k);
        let moved = allocate(&totals(sve), seats, &rotated, surplus).unwrap();
        for i in 0..lists.len() {
            let j = (i + lists.len() - k) % lists.len();
            prop_assert_eq!(original.seats[i], moved.seats[j]);
        }
        prop_assert_eq!(original.unfilled, moved.unfilled);
    }
}
