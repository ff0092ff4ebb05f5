//! Who is elected within a list (`../shared/rules/README.md` §4.4).
//!
//! Code du travail, art. L2314-29 al. 3: candidates are elected in the order of presentation,
//! unless the names crossed out on a candidate reach 10 % of the list's valid ballots; then they
//! are ranked by their votes. 10 % exactly counts. Below 10 % a candidate keeps their rank even
//! with fewer votes than the next ones. Equal votes keep the order of presentation.

use crate::number::{ratio, Q};

/// One candidate of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Position on the list (order of presentation).
    pub position: u64,
    /// Ballots crossing the name out.
    pub ratures: u64,
}

/// The designation within one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Designation {
    /// `list_ballots / 10`.
    pub threshold_votes: Q,
    /// `list_ballots − ratures`, per candidate.
    pub candidate_votes: Vec<u64>,
    /// Whether each candidate's ratures count (> 0 and ≥ 10 %).
    pub taken_into_account: Vec<bool>,
    /// Candidate indices in designation order.
    pub order: Vec<usize>,
    /// The first `seats_won` of the order.
    pub elected: Vec<usize>,
    /// Seats the list won but cannot fill.
    pub unfilled: u64,
    /// The list's votes for the allocation: the average of its candidates' votes.
    pub list_votes: Q,
}

/// Code du travail, art. L2314-29 al. 3.
pub fn designate(list_ballots: u64, seats_won: u64, candidates: &[Candidate]) -> Designation {
    let threshold_votes = ratio(list_ballots as i64, 10);
    let candidate_votes: Vec<u64> = candidates
        .iter()
        .map(|c| list_ballots.saturating_sub(c.ratures))
        .collect();
    // ratures ≥ list_ballots / 10, exactly: 10·ratures ≥ list_ballots.
    let taken_into_account: Vec<bool> = candidates
        .iter()
        .map(|c| c.ratures > 0 && 10 * u128::from(c.ratures) >= u128::from(list_ballots))
        .collect();
    let mut kept: Vec<usize> = (0..candidates.len())
        .filter(|&i| !taken_into_account[i])
        .collect();
    kept.sort_by_key(|&i| candidates[i].position);
    let mut ranked: Vec<usize> = (0..candidates.len())
        .filter(|&i| taken_into_account[i])
        .collect();
    ranked.sort_by(|&a, &b| {
        candidate_votes[b]
            .cmp(&candidate_votes[a])
            .then(candidates[a].position.cmp(&candidates[b].position))
    });
    let order: Vec<usize> = kept.into_iter().chain(ranked).collect();
    let elected = order
        .iter()
        .copied()
        .take(usize::try_from(seats_won).unwrap_or(usize::MAX))
        .collect();
    let unfilled = seats_won.saturating_sub(candidates.len() as u64);
    let sum: u64 = candidate_votes.iter().sum();
    let list_votes = if candidates.is_empty() {
        ratio(0, 1)
    } else {
        ratio(sum as i64, candidates.len() as i64)
    };
    Designation {
        threshold_votes,
        candidate_votes,
        taken_into_account,
        order,
        elected,
        unfilled,
        list_votes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(position: u64, ratures: u64) -> Candidate {
        Candidate { position, ratures }
    }

    /// Code du travail, art. L2314-29 al. 3: 9 % of ratures are ignored, 10 % move a candidate.
    #[test]
    fn l2314_29_ratures_from_10_percent() {
        let d = designate(100, 1, &[c(1, 9), c(2, 0)]);
        assert_eq!(d.elected, vec![0]);
        let d = designate(100, 1, &[c(1, 10), c(2, 0)]);
        assert_eq!(d.order, vec![1, 0]);
        assert_eq!(d.list_votes, ratio(190, 2));
    }
}
