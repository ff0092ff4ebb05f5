//! Union representativeness from a scrutin's results (Code du travail, art. L2122-1 to L2122-3,
//! through `urne_rules::representativeness`): each union's share of the suffrages valablement
//! exprimés at the first round of the titulaires' elections, all colleges and establishments
//! together (each titulaires election is one "college" of the measure).
//!
//! Read from the results alone, so anyone can recompute it:
//! - a union's own lists count their ballots (a ballot with ratures counts 1, Cass. soc. 6 janv.
//!   2011 n° 10-17.653);
//! - a catégoriel union (its name contains "CFE-CGC", L2122-2) is measured over the elections
//!   where it presented a list, which stands for the colleges its statutes cover;
//! - free lists (round 2 only) and lists shared by several unions are not modelled: urne files
//!   each list under one union.

use urne_rules::number::Q;
use urne_rules::representativeness::{measure, College, FirstRound, Inconsistency, Scope};

use crate::manifest::Body;
use crate::results::ElectionResult;

/// One union's audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnionAudience {
    /// The union.
    pub union: String,
    /// Its ballots over its scope.
    pub votes: Q,
    /// The suffrages valablement exprimés over its scope.
    pub sve: u64,
    /// Its percentage, exact; `None` when no vote was cast in its scope.
    pub pct: Option<Q>,
    /// At least 10 %.
    pub representative: bool,
}

/// The audience of every union of the first round's titulaires' elections among `results`
/// (with each result's body), largest first. Other rounds and suppléants are ignored.
///
/// # Errors
/// [`Inconsistency`] for results whose lists hold more ballots than their SVE (not from a
/// count).
pub fn audience(results: &[(Body, &ElectionResult)]) -> Result<Vec<UnionAudience>, Inconsistency> {
    let titulaires: Vec<&ElectionResult> = results
        .iter()
        .filter(|(body, r)| *body == Body::Titulaires && r.round == 1)
        .map(|(_, r)| *r)
        .collect();
    let mut unions: Vec<String> = titulaires
        .iter()
        .flat_map(|r| r.lists.iter().filter_map(|l| l.union.clone()))
        .collect();
    unions.sort();
    unions.dedup();
    let index = |name: &str| unions.iter().position(|u| u == name);
    let colleges: Vec<College> = titulaires
        .iter()
        .map(|r| College {
            sve: r.sve,
            ballots: r
                .lists
                .iter()
                .filter_map(|l| Some((index(l.union.as_deref()?)?, l.ballots)))
                .collect(),
        })
        .collect();
    let scopes = unions
        .iter()
        .map(|union| {
            if union.to_uppercase().contains("CFE-CGC") {
                Scope::Categoriel(
                    titulaires
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.lists.iter().any(|l| l.union.as_deref() == Some(union)))
                        .map(|(i, _)| i)
                        .collect(),
                )
            } else {
                Scope::AllColleges
            }
        })
        .collect();
    let measured = measure(&FirstRound {
        unions: scopes,
        colleges,
        common_lists: Vec::new(),
    })?;
    let mut out: Vec<UnionAudience> = unions
        .into_iter()
        .zip(measured)
        .map(|(union, a)| UnionAudience {
            union,
            sve: u64::try_from(a.denominator).unwrap_or(u64::MAX),
            votes: a.votes,
            pct: a.pct,
            representative: a.meets_10pct,
        })
        .collect();
    out.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.union.cmp(&b.union)));
    Ok(out)
}
