//! The electoral audience of unions (`../shared/rules/README.md` §4.6): the share of the
//! suffrages valablement exprimés each union gathers at the first round of the titulaires' CSE
//! election, all colleges together, and whether it reaches 10 %.
//!
//! - Code du travail, art. L2122-1: a union is representative in the company or establishment if
//!   it has at least 10 % of the suffrages exprimés at the first round of the latest titulaires'
//!   election, whatever the number of votants. The first round is measured even without quorum
//!   and even when no seat was allocated there.
//! - Art. L2122-2: a union affiliated to a catégoriel confederation (CFE-CGC) is measured only in
//!   the colleges where its statutes let it present candidates. Votes and denominator are both
//!   taken over that scope; the other unions' scope is every college.
//! - Art. L2122-3: the votes of a common list go to its unions by the split they declared when
//!   filing it, or in equal parts without one. Cass. soc. 2 mars 2011 n° 10-17.603: a declared
//!   split counts only if it was made known to the voters before the vote; otherwise equal parts.
//!   Shares stay exact (151 / 3 is not rounded).
//! - Cass. soc. 6 janv. 2011 n° 10-17.653: a ballot counts 1 for its list even with ratures, so
//!   the input is ballots, not candidates' votes.
//!
//! Company-wide measures add establishments as further colleges. The other criteria of L2121-1
//! (independence, dues, seniority, …) are left out: they are not counted from ballots. No JSON
//! here: [`crate::json`] reads and writes it.

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::number::Q;

/// Where a union's audience is measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every college (L2122-1): inter-category unions, whether or not they ran in each college.
    AllColleges,
    /// A catégoriel union (L2122-2): the colleges, by index, where its statutes let it present
    /// candidates. Indices of no college are ignored, as are repeats.
    Categoriel(Vec<usize>),
}

/// One college (of one establishment) at the first round of the titulaires' election.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct College {
    /// Suffrages valablement exprimés of that first round, whatever the turnout.
    pub sve: u64,
    /// Valid ballots of each union's own list, as `(union index, ballots)`.
    pub ballots: Vec<(usize, u64)>,
}

/// A list presented jointly by several unions (L2122-3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommonList {
    /// Index of its college.
    pub college: usize,
    /// Indices of the unions presenting it: at least two, all different.
    pub unions: Vec<usize>,
    /// Its valid ballots.
    pub ballots: u64,
    /// The split declared at filing, one fraction per entry of `unions`, adding up to 1.
    pub declared_split: Option<Vec<Q>>,
    /// Whether that split was made known to the voters before the vote.
    pub split_published_before_vote: bool,
}

/// The first round of the titulaires' election, as the measure sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstRound {
    /// The scope of each union; a union is its index here.
    pub unions: Vec<Scope>,
    /// The colleges, in input order.
    pub colleges: Vec<College>,
    /// The common lists.
    pub common_lists: Vec<CommonList>,
}

/// One union's audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audience {
    /// Own-list ballots plus common-list shares, over the scope.
    pub votes: Q,
    /// Sum of SVE over the scope.
    pub denominator: BigInt,
    /// `100 × votes / denominator`; `None` when the denominator is 0.
    pub pct: Option<Q>,
    /// `votes ≥ denominator / 10` and denominator > 0: 10 % exactly counts ("au moins").
    pub meets_10pct: bool,
    /// The scope: college indices, in input order.
    pub colleges: Vec<usize>,
}

/// Input that cannot describe one first round.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Inconsistency {
    /// A union index that names no union.
    UnknownUnion {
        /// The college (own ballots) or common list where it appears.
        at: Place,
    },
    /// Own-list plus common-list ballots of a college exceed its SVE.
    BallotsExceedSve {
        /// College index.
        college: usize,
        /// The ballots counted.
        ballots: u128,
    },
    /// A common list in a college that does not exist.
    UnknownCollege {
        /// Common list index.
        list: usize,
    },
    /// A common list presented by fewer than two unions.
    TooFewUnions {
        /// Common list index.
        list: usize,
    },
    /// A common list naming one union twice.
    RepeatedUnion {
        /// Common list index.
        list: usize,
        /// The union.
        union: usize,
    },
    /// A declared split that is not one fraction ≥ 0 per union, adding up to 1.
    BadSplit {
        /// Common list index.
        list: usize,
    },
}

/// Where a union index appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In a college's own-list ballots.
    College(usize),
    /// In a common list.
    CommonList(usize),
}

/// Code du travail, art. L2122-3 and Cass. soc. 2 mars 2011 n° 10-17.603: each union's share of
/// a common list's ballots, in the order of `list.unions`: the declared split when it was
/// published before the vote, else equal parts. Exact: 151 ballots among 3 unions give 151/3
/// each.
pub fn common_list_shares(list: &CommonList) -> Vec<Q> {
    let ballots = Q::from_integer(BigInt::from(list.ballots));
    match &list.declared_split {
        Some(split) if list.split_published_before_vote => {
            split.iter().map(|fraction| &ballots * fraction).collect()
        }
        // No split, or one the voters did not know of: "à défaut d'indication, la
        // répartition des suffrages se fait à part égale".
        _ => {
            let parts = Q::from_integer(BigInt::from(list.unions.len()));
            let share = if parts.is_zero() {
                Q::zero()
            } else {
                ballots / parts
            };
            vec![share; list.unions.len()]
        }
    }
}

/// Code du travail, art. L2122-1 to L2122-3: every union's audience, by union index.
///
/// # Errors
/// [`Inconsistency`] when the input cannot be one first round: an unknown union or college, a
/// college whose lists hold more ballots than its SVE, a common list with fewer than two
/// unions, a repeated union or a declared split that does not add up to 1. The split is checked
/// even when it was not published: it is still what the unions declared.
pub fn measure(first_round: &FirstRound) -> Result<Vec<Audience>, Inconsistency> {
    let n_unions = first_round.unions.len();
    let n_colleges = first_round.colleges.len();
    check(first_round)?;

    // votes[union][college]: own ballots plus common-list shares.
    let mut votes = vec![vec![Q::zero(); n_colleges]; n_unions];
    for (college_idx, college) in first_round.colleges.iter().enumerate() {
        for &(union, ballots) in &college.ballots {
            votes[union][college_idx] += Q::from_integer(BigInt::from(ballots));
        }
    }
    for list in &first_round.common_lists {
        for (&union, share) in list.unions.iter().zip(common_list_shares(list)) {
            votes[union][list.college] += share;
        }
    }

    let audiences = first_round
        .unions
        .iter()
        .zip(votes)
        .map(|(scope, votes)| {
            let colleges: Vec<usize> = match scope {
                Scope::AllColleges => (0..n_colleges).collect(),
                Scope::Categoriel(listed) => {
                    (0..n_colleges).filter(|c| listed.contains(c)).collect()
                }
            };
            let total: Q = colleges.iter().map(|&c| votes[c].clone()).sum();
            let denominator: BigInt = colleges
                .iter()
                .map(|&c| BigInt::from(first_round.colleges[c].sve))
                .sum();
            let pct = (!denominator.is_zero()).then(|| {
                Q::from_integer(BigInt::from(100)) * &total / Q::from_integer(denominator.clone())
            });
            let meets_10pct = !denominator.is_zero()
                && Q::from_integer(BigInt::from(10)) * &total
                    >= Q::from_integer(denominator.clone());
            Audience {
                votes: total,
                denominator,
                pct,
                meets_10pct,
                colleges,
            }
        })
        .collect();
    Ok(audiences)
}

fn check(first_round: &FirstRound) -> Result<(), Inconsistency> {
    let n_unions = first_round.unions.len();
    let n_colleges = first_round.colleges.len();
    let mut ballots_in: Vec<u128> = first_round
        .colleges
        .iter()
        .map(|c| c.ballots.iter().map(|&(_, b)| u128::from(b)).sum())
        .collect();
    for (college_idx, college) in first_round.colleges.iter().enumerate() {
        if college.ballots.iter().any(|&(union, _)| union >= n_unions) {
            return Err(Inconsistency::UnknownUnion {
                at: Place::College(college_idx),
            });
        }
    }
    for (list_idx, list) in first_round.common_lists.iter().enumerate() {
        if list.college >= n_colleges {
            return Err(Inconsistency::UnknownCollege { list: list_idx });
        }
        if list.unions.len() < 2 {
            return Err(Inconsistency::TooFewUnions { list: list_idx });
        }
        for (i, &union) in list.unions.iter().enumerate() {
            if union >= n_unions {
                return Err(Inconsistency::UnknownUnion {
                    at: Place::CommonList(list_idx),
                });
            }
            if list.unions[..i].contains(&union) {
                return Err(Inconsistency::RepeatedUnion {
                    list: list_idx,
                    union,
                });
            }
        }
        if let Some(split) = &list.declared_split {
            let sum: Q = split.iter().sum();
            if split.len() != list.unions.len()
                || split.iter().any(|f| *f < Q::zero())
                || !sum.is_one()
            {
                return Err(Inconsistency::BadSplit { list: list_idx });
            }
        }
        ballots_in[list.college] += u128::from(list.ballots);
    }
    for (college_idx, (college, &ballots)) in
        first_round.colleges.iter().zip(&ballots_in).enumerate()
    {
        if ballots > u128::from(college.sve) {
            return Err(Inconsistency::BallotsExceedSve {
                college: college_idx,
                ballots,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, ratio};

    fn college(sve: u64, ballots: &[(usize, u64)]) -> College {
        College {
            sve,
            ballots: ballots.to_vec(),
        }
    }

    fn common(
        college: usize,
        unions: &[usize],
        ballots: u64,
        split: Option<&[Q]>,
        published: bool,
    ) -> CommonList {
        CommonList {
            college,
            unions: unions.to_vec(),
            ballots,
            declared_split: split.map(<[Q]>::to_vec),
            split_published_before_vote: published,
        }
    }

    fn all(n: usize) -> Vec<Scope> {
        vec![Scope::AllColleges; n]
    }

    /// Code du travail, art. L2122-1: at least 10 % of the suffrages exprimés, all colleges
    /// together; exactly 10 % counts, 100 of 1001 does not.
    #[test]
    fn l2122_1_ten_percent_of_all_colleges() {
        let first_round = FirstRound {
            unions: all(2),
            colleges: vec![
                college(600, &[(0, 500)]),
                college(400, &[(0, 300), (1, 100)]),
            ],
            common_lists: vec![],
        };
        let audience = measure(&first_round).unwrap();
        assert_eq!(audience[1].votes, q(100));
        assert_eq!(audience[1].denominator, BigInt::from(1000));
        assert_eq!(audience[1].pct, Some(q(10)));
        assert!(audience[1].meets_10pct);
        assert_eq!(audience[1].colleges, vec![0, 1]);

        let just_below = FirstRound {
            unions: all(2),
            colleges: vec![college(1001, &[(0, 901), (1, 100)])],
            common_lists: vec![],
        };
        let audience = measure(&just_below).unwrap();
        assert_eq!(audience[1].pct, Some(ratio(10000, 1001)));
        assert!(!audience[1].meets_10pct);
    }

    /// Code du travail, art. L2122-1: "quel que soit le nombre de votants": a college with no
    /// valid vote adds nothing, and a union with no denominator has no percentage.
    #[test]
    fn l2122_1_whatever_the_turnout() {
        let first_round = FirstRound {
            unions: vec![Scope::AllColleges, Scope::Categoriel(vec![1])],
            colleges: vec![college(30, &[(0, 3)]), college(0, &[])],
            common_lists: vec![],
        };
        let audience = measure(&first_round).unwrap();
        assert!(audience[0].meets_10pct);
        assert_eq!(audience[1].pct, None);
        assert!(!audience[1].meets_10pct);
    }

    /// Code du travail, art. L2122-1: own and common ballots of a college cannot exceed its SVE.
    #[test]
    fn l2122_1_ballots_within_sve() {
        let first_round = FirstRound {
            unions: all(3),
            colleges: vec![college(100, &[(0, 60)])],
            common_lists: vec![common(0, &[1, 2], 41, None, false)],
        };
        assert_eq!(
            measure(&first_round),
            Err(Inconsistency::BallotsExceedSve {
                college: 0,
                ballots: 101
            })
        );
    }

    /// Code du travail, art. L2122-2: a catégoriel union is measured on the colleges its statutes
    /// let it present candidates in (80 of 500 = 16 %), an inter-category union on all (8 %).
    #[test]
    fn l2122_2_categoriel_union_measured_on_its_colleges() {
        let colleges = vec![
            college(500, &[]),
            college(300, &[(0, 20)]),
            college(200, &[(0, 60)]),
        ];
        let categoriel = FirstRound {
            unions: vec![Scope::Categoriel(vec![2, 1, 7, 2])],
            colleges: colleges.clone(),
            common_lists: vec![],
        };
        let audience = measure(&categoriel).unwrap();
        assert_eq!(audience[0].denominator, BigInt::from(500));
        assert_eq!(audience[0].pct, Some(q(16)));
        assert!(audience[0].meets_10pct);
        assert_eq!(audience[0].colleges, vec![1, 2]);

        let inter_category = FirstRound {
            unions: all(1),
            colleges,
            common_lists: vec![],
        };
        let audience = measure(&inter_category).unwrap();
        assert_eq!(audience[0].pct, Some(q(8)));
        assert!(!audience[0].meets_10pct);
    }

    /// Code du travail, art. L2122-2: votes outside a catégoriel union's scope count for
    /// neither its votes nor its denominator, even a share of a common list.
    #[test]
    fn l2122_2_votes_outside_the_scope_are_ignored() {
        let first_round = FirstRound {
            unions: vec![Scope::Categoriel(vec![1]), Scope::AllColleges],
            colleges: vec![college(400, &[(0, 10)]), college(100, &[])],
            common_lists: vec![common(0, &[0, 1], 200, None, false)],
        };
        let audience = measure(&first_round).unwrap();
        assert_eq!(audience[0].votes, q(0));
        assert_eq!(audience[0].denominator, BigInt::from(100));
        assert_eq!(audience[1].votes, q(100));
        assert_eq!(audience[1].denominator, BigInt::from(500));
    }

    /// Code du travail, art. L2122-3: without a declared split, equal parts, kept exact
    /// (151 / 3, not 50.33).
    #[test]
    fn l2122_3_equal_parts_without_declaration() {
        let list = common(0, &[0, 1, 2], 151, None, false);
        assert_eq!(common_list_shares(&list), vec![ratio(151, 3); 3]);
        let first_round = FirstRound {
            unions: all(3),
            colleges: vec![college(600, &[(2, 1)])],
            common_lists: vec![list],
        };
        let audience = measure(&first_round).unwrap();
        assert_eq!(audience[0].votes, ratio(151, 3));
        assert_eq!(audience[0].pct, Some(ratio(151, 18)));
        assert_eq!(audience[2].votes, ratio(154, 3));
    }

    /// Code du travail, art. L2122-3 and Cass. soc. 2 mars 2011 n° 10-17.603: the declared
    /// split applies only if the voters knew it before the vote; otherwise equal parts.
    #[test]
    fn l2122_3_declared_split_applies_only_if_published() {
        let split = [ratio(3, 4), ratio(1, 4)];
        let published = common(0, &[0, 1], 120, Some(&split), true);
        assert_eq!(common_list_shares(&published), vec![q(90), q(30)]);
        let unpublished = common(0, &[0, 1], 120, Some(&split), false);
        assert_eq!(common_list_shares(&unpublished), vec![q(60), q(60)]);
    }

    /// Code du travail, art. L2122-3: a common list is presented by several unions, and a
    /// declared split shares out all of its votes.
    #[test]
    fn l2122_3_inconsistent_common_lists() {
        let run = |list: CommonList| {
            measure(&FirstRound {
                unions: all(3),
                colleges: vec![college(1000, &[])],
                common_lists: vec![list],
            })
        };
        let bad_split = [ratio(1, 2), ratio(1, 4)];
        assert_eq!(
            run(common(0, &[0, 1], 10, Some(&bad_split), false)),
            Err(Inconsistency::BadSplit { list: 0 })
        );
        assert_eq!(
            run(common(0, &[0], 10, None, false)),
            Err(Inconsistency::TooFewUnions { list: 0 })
        );
        assert_eq!(
            run(common(0, &[0, 0], 10, None, false)),
            Err(Inconsistency::RepeatedUnion { list: 0, union: 0 })
        );
        assert_eq!(
            run(common(1, &[0, 1], 10, None, false)),
            Err(Inconsistency::UnknownCollege { list: 0 })
        );
        assert_eq!(
            run(common(0, &[0, 3], 10, None, false)),
            Err(Inconsistency::UnknownUnion {
                at: Place::CommonList(0)
            })
        );
    }
}
