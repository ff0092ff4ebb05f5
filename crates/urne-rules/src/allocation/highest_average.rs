//! The plus forte moyenne, one seat at a time (Code du travail, art. R2314-20), and its ties
//! (R2314-21) (`../shared/rules/README.md` §4.3 step 4).
//!
//! R2314-21 speaks of "two lists" and "one seat left"; urne applies it to every tied step, whatever
//! the number of seats left (README §5): the list with more votes wins, then the list whose next
//! candidate is the older. A list with no candidate left ranks after lists that have one.

use num_traits::Zero;

use super::ListInput;
use crate::number::Q;

/// How a step was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRule {
    /// One list had the highest average.
    HighestAverage,
    /// Tied averages; the list with more votes won.
    MoreVotes,
    /// Tied averages and votes; the list whose next candidate is the older won.
    OlderCandidate,
}

impl StepRule {
    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            StepRule::HighestAverage => "highest_average",
            StepRule::MoreVotes => "tie:more_votes",
            StepRule::OlderCandidate => "tie:equal_votes:older_candidate",
        }
    }
}

/// One seat given by highest average.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The seat's number, counting every seat already held.
    pub seat_no: u64,
    /// The average of each list taking part, by list index.
    pub averages: Vec<(usize, Q)>,
    /// The winning list's index.
    pub winner: usize,
    /// How it won.
    pub rule: StepRule,
}

/// A tie that the rules cannot resolve from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TieError {
    /// The next candidate's birth date of this list is needed and missing.
    MissingBirthdate {
        /// List index.
        list: usize,
        /// Index in `birthdates`.
        index: u64,
    },
    /// Two tied lists' next candidates were born the same day.
    SameBirthdate {
        /// List index.
        list: usize,
        /// Index in `birthdates`.
        index: u64,
    },
}

fn has_candidate_left(list: &ListInput, held: u64) -> bool {
    list.candidates.is_none_or(|n| held < n)
}

/// Gives seats one at a time until `total` are held or no list can take one; `takes_part(i,
/// held)` says whether list `i` competes. Returns the steps.
///
/// # Errors
/// [`TieError`] when a tie needs a birth date that is missing or equal.
pub fn run(
    lists: &[ListInput],
    held: &mut [u64],
    total: u64,
    takes_part: impl Fn(usize, u64) -> bool,
) -> Result<Vec<Step>, TieError> {
    let mut steps = Vec::new();
    while held.iter().sum::<u64>() < total {
        let averages: Vec<(usize, Q)> = (0..lists.len())
            .filter(|&i| takes_part(i, held[i]))
            .map(|i| (i, &lists[i].votes / Q::from_integer((held[i] + 1).into())))
            .collect();
        let Some(best) = averages.iter().map(|(_, a)| a).max().cloned() else {
            break;
        };
        if best.is_zero() {
            break;
        }
        let tied: Vec<usize> = averages
            .iter()
            .filter(|(_, a)| *a == best)
            .map(|(i, _)| *i)
            .collect();
        let (winner, rule) = if let [only] = tied[..] {
            (only, StepRule::HighestAverage)
        } else {
            let most = tied
                .iter()
                .map(|&i| &lists[i].votes)
                .max()
                .cloned()
                .unwrap_or_else(Q::zero);
            let top: Vec<usize> = tied
                .iter()
                .copied()
                .filter(|&i| lists[i].votes == most)
                .collect();
            if let [only] = top[..] {
                (only, StepRule::MoreVotes)
            } else {
                (
                    older_candidate(lists, held, &top)?,
                    StepRule::OlderCandidate,
                )
            }
        };
        held[winner] += 1;
        steps.push(Step {
            seat_no: held.iter().sum(),
            averages,
            winner,
            rule,
        });
    }
    Ok(steps)
}

/// Among lists tied on average and votes, the one whose next candidate is the oldest (R2314-21).
fn older_candidate(lists: &[ListInput], held: &[u64], tied: &[usize]) -> Result<usize, TieError> {
    let with_candidate: Vec<usize> = tied
        .iter()
        .copied()
        .filter(|&i| has_candidate_left(&lists[i], held[i]))
        .collect();
    match with_candidate[..] {
        [] => return Ok(tied[0]),
        [only] => return Ok(only),
        _ => {}
    }
    let mut dated = Vec::with_capacity(with_candidate.len());
    for &list in &with_candidate {
        let index = held[list];
        let date = usize::try_from(index)
            .ok()
            .and_then(|k| lists[list].birthdates.get(k));
        dated.push((
            *date.ok_or(TieError::MissingBirthdate { list, index })?,
            list,
        ));
    }
    dated.sort();
    if dated.len() > 1 && dated[0].0 == dated[1].0 {
        let list = dated[1].1;
        return Err(TieError::SameBirthdate {
            list,
            index: held[list],
        });
    }
    Ok(dated[0].1)
}
