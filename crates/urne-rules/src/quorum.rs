//! Totals of one scrutin and the quorum of the first round (`../shared/rules/README.md` §4.2).
//!
//! Code du travail, art. L2314-29 al. 2: at the first round, seats are allocated only if the
//! number of votants is at least half the electors. urne compares the suffrages valablement
//! exprimés by default (Cass. soc. 22 juil. 1975 n° 75-60.117), the votants on request
//! ([`QuorumBase::Votants`]). Equality reaches the quorum. Each scrutin (college × titulaires or
//! suppléants × round) is computed on its own (L2314-26).

use crate::number::{ratio, Q};

/// What is compared with half the electors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuorumBase {
    /// Suffrages valablement exprimés (the default).
    Sve,
    /// Every ballot cast, blank and nul included.
    Votants,
}

impl QuorumBase {
    /// The name used in inputs and outputs.
    pub fn name(self) -> &'static str {
        match self {
            QuorumBase::Sve => "sve",
            QuorumBase::Votants => "votants",
        }
    }
}

/// The totals of one scrutin, already checked for consistency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// 1 or 2.
    pub round: u8,
    /// Registered electors, when known.
    pub inscrits: Option<u64>,
    /// Ballots cast.
    pub votants: u64,
    /// Suffrages valablement exprimés.
    pub sve: u64,
    /// The quorum's base.
    pub quorum_base: QuorumBase,
}

/// The quorum of a scrutin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quorum {
    /// Only the first round needs a quorum.
    pub required: bool,
    /// What is counted.
    pub base: QuorumBase,
    /// SVE or votants.
    pub counted: u64,
    /// Half the electors, not rounded.
    pub threshold: Q,
    /// `counted ≥ threshold`.
    pub reached: bool,
}

/// Code du travail, art. L2314-29 al. 2: the quorum, or `None` without the number of electors.
pub fn quorum(totals: &Totals) -> Option<Quorum> {
    let inscrits = totals.inscrits?;
    let counted = match totals.quorum_base {
        QuorumBase::Sve => totals.sve,
        QuorumBase::Votants => totals.votants,
    };
    let threshold = ratio(inscrits as i64, 2);
    let reached = Q::from_integer(counted.into()) >= threshold;
    Some(Quorum {
        required: totals.round == 1,
        base: totals.quorum_base,
        counted,
        threshold,
        reached,
    })
}

/// Code du travail, art. L2314-29: a second round is needed when the first had no quorum.
pub fn second_round_required(totals: &Totals) -> bool {
    totals.round == 1 && quorum(totals).is_some_and(|q| !q.reached)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(inscrits: u64, votants: u64, sve: u64, base: QuorumBase) -> Totals {
        Totals {
            round: 1,
            inscrits: Some(inscrits),
            votants,
            sve,
            quorum_base: base,
        }
    }

    /// Code du travail, art. L2314-29 al. 2: equality reaches the quorum; SVE by default.
    #[test]
    fn l2314_29_quorum_at_half_the_electors() {
        assert!(
            quorum(&totals(100, 60, 50, QuorumBase::Sve))
                .unwrap()
                .reached
        );
        assert!(
            !quorum(&totals(101, 60, 50, QuorumBase::Sve))
                .unwrap()
                .reached
        );
        assert!(
            quorum(&totals(101, 51, 50, QuorumBase::Votants))
                .unwrap()
                .reached
        );
        assert!(second_round_required(&totals(101, 60, 50, QuorumBase::Sve)));
    }
}
