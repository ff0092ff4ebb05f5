//! Seat allocation in one scrutin (`../shared/rules/README.md` §4.3): Code du travail, art.
//! R2314-19 (electoral quotient, not rounded), R2314-20 (plus forte moyenne), R2314-21 (ties),
//! L2314-29 (quorum, second round).
//!
//! A list never fills more seats than it has candidates; the surplus is [`Surplus::Vacant`]
//! (default: a second round after round 1, carence partielle after round 2) or
//! [`Surplus::Redistribute`] (further highest-average steps among lists with candidates left),
//! a policy question the texts leave open (README §5).

pub mod highest_average;

use num_traits::Zero;

use crate::date::Date;
use crate::number::{floor, Q};
use crate::quorum::{quorum, Quorum, Totals};
pub use highest_average::{Step, StepRule, TieError};

/// What happens to seats a list wins beyond its candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surplus {
    /// Left unfilled.
    Vacant,
    /// Given by further highest-average steps to lists with candidates left.
    Redistribute,
}

/// One list as the allocation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListInput {
    /// Its votes: valid ballots, or the average of its candidates' votes when there are ratures.
    pub votes: Q,
    /// Candidates presented, when limited.
    pub candidates: Option<u64>,
    /// Birth dates of the candidates in the order they take the list's seats.
    pub birthdates: Vec<Date>,
}

/// The result of an allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// The quorum, when the number of electors is known.
    pub quorum: Option<Quorum>,
    /// SVE > 0 and the quorum reached where required.
    pub seats_allocated: bool,
    /// SVE ÷ seats, when allocated.
    pub quotient: Option<Q>,
    /// ⌊votes ÷ quotient⌋ per list.
    pub seats_by_quotient: Vec<u64>,
    /// The highest-average steps reported (see [`Surplus`]).
    pub steps: Vec<Step>,
    /// Seats per list with unlimited candidates.
    pub entitlement: Vec<u64>,
    /// Seats filled per list.
    pub seats: Vec<u64>,
    /// Seats not filled.
    pub unfilled: u64,
    /// Round 1 and seats unfilled (no quorum, or lists short of candidates).
    pub second_round_required: bool,
}

/// Allocates `seats` among `lists` (R2314-19 to R2314-21, L2314-29).
///
/// # Errors
/// [`TieError`] for a tie the input cannot resolve.
pub fn allocate(
    totals: &Totals,
    seats: u64,
    lists: &[ListInput],
    surplus: Surplus,
) -> Result<Allocation, TieError> {
    let quorum = quorum(totals);
    let seats_allocated =
        totals.sve > 0 && quorum.as_ref().is_none_or(|q| !q.required || q.reached);
    if !seats_allocated {
        return Ok(Allocation {
            quorum,
            seats_allocated,
            quotient: None,
            seats_by_quotient: vec![0; lists.len()],
            steps: Vec::new(),
            entitlement: vec![0; lists.len()],
            seats: vec![0; lists.len()],
            unfilled: seats,
            second_round_required: totals.round == 1,
        });
    }
    // R2314-19: the quotient is SVE ÷ seats, and each list gets the integer part of its votes ÷
    // the quotient; nothing is rounded.
    let quotient = Q::new(totals.sve.into(), seats.into());
    let seats_by_quotient: Vec<u64> = lists
        .iter()
        .map(|l| u64::try_from(floor(&(&l.votes / &quotient))).unwrap_or(0))
        .collect();
    let mut entitlement = seats_by_quotient.clone();
    let entitlement_steps = highest_average::run(lists, &mut entitlement, seats, |_, _| true)?;
    let (filled, steps) = match surplus {
        Surplus::Vacant => {
            let filled = lists
                .iter()
                .zip(&entitlement)
                .map(|(l, &e)| l.candidates.map_or(e, |n| e.min(n)))
                .collect();
            (filled, entitlement_steps)
        }
        Surplus::Redistribute => {
            let mut filled: Vec<u64> = lists
                .iter()
                .zip(&seats_by_quotient)
                .map(|(l, &q)| l.candidates.map_or(q, |n| q.min(n)))
                .collect();
            let steps = highest_average::run(lists, &mut filled, seats, |i, held| {
                lists[i].candidates.is_none_or(|n| held < n)
            })?;
            (filled, steps)
        }
    };
    let unfilled = seats.saturating_sub(filled.iter().sum());
    Ok(Allocation {
        quorum,
        seats_allocated,
        quotient: Some(quotient),
        seats_by_quotient,
        steps,
        entitlement,
        seats: filled,
        unfilled,
        second_round_required: totals.round == 1 && unfilled > 0,
    })
}

/// Code du travail, art. R2314-20 and L2314-29: a list's votes when voters struck names: the
/// average of its candidates' votes (sum ÷ number of candidates presented).
pub fn list_votes_from_candidates(candidate_votes: &[Q]) -> Q {
    if candidate_votes.is_empty() {
        return Q::zero();
    }
    candidate_votes.iter().sum::<Q>() / Q::from_integer((candidate_votes.len() as u64).into())
}
