//! The personal score of a candidate for désignation as délégué syndical
//! (`../shared/rules/README.md` §4.7).
//!
//! Code du travail, art. L2143-3: at least 10 % of the suffrages valablement exprimés in the
//! candidate's college at the first round of the latest CSE election, whatever the turnout, as a
//! titulaire or suppléant candidate (Cass. soc. 29 juin 2011 n° 10-19.921). Unlike the election of
//! members (L2314-29), ratures always count here, even below 10 % (README §5).

use crate::number::{ratio, Q};

/// The score of one candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    /// `list_ballots − ratures`.
    pub personal_votes: u64,
    /// `100 × personal_votes / sve`, `None` when `sve` = 0.
    pub pct: Option<Q>,
    /// `personal_votes ≥ sve / 10` and `sve` > 0.
    pub meets_10pct: bool,
}

/// Code du travail, art. L2143-3.
pub fn personal_score(sve: u64, list_ballots: u64, ratures: u64) -> Score {
    let personal_votes = list_ballots.saturating_sub(ratures);
    let pct = (sve > 0).then(|| ratio(100 * personal_votes as i64, sve as i64));
    let meets_10pct = sve > 0 && 10 * u128::from(personal_votes) >= u128::from(sve);
    Score {
        personal_votes,
        pct,
        meets_10pct,
    }
}

/// `100 × list_ballots / sve` (ratures ignored), `None` when `sve` = 0.
pub fn list_audience_pct(sve: u64, list_ballots: u64) -> Option<Q> {
    (sve > 0).then(|| ratio(100 * list_ballots as i64, sve as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code du travail, art. L2143-3: 10 % exactly counts; ratures are deducted.
    #[test]
    fn l2143_3_ten_percent_of_sve() {
        assert!(personal_score(200, 25, 5).meets_10pct);
        assert!(!personal_score(200, 25, 6).meets_10pct);
        assert_eq!(personal_score(0, 0, 0).pct, None);
    }
}
