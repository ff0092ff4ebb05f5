//! An election's results (`docs/protocol.md` §13.7): from its manifest, its decrypted counts and
//! its number of inscrits, everything the procès-verbal states, computed by `urne-rules`.
//!
//! - Totals (CERFA 15822/15823 box "résultats"): inscrits, votants (every ballot), blancs, nuls,
//!   suffrages valablement exprimés (ballots for a list).
//! - Per candidate: ratures and votes (the list's ballots minus the ratures), whether the ratures
//!   count (Code du travail, art. L2314-29 al. 3: ≥ 10 % of the list's ballots).
//! - Per list: ballots, its votes for the allocation (the average of its candidates' votes, R2314-20
//!   read with L2314-29), seats by the quotient and by the highest average (R2314-19 to R2314-21),
//!   the elected in designation order.
//! - The quorum of the first round (L2314-29 al. 2, on the suffrages valablement exprimés) and
//!   whether a second round is needed.
//!
//! Rationals are written exactly as `"p/q"` (or `"p"`), so the payload stays canonical JSON of
//! strings and integers and anyone can recompute it to the byte.

use num_traits::ToPrimitive;
use serde::{Deserialize, Serialize};
use urne_crypto::tally::Tally;
use urne_rules::allocation::{self, list_votes_from_candidates, ListInput, Surplus, TieError};
use urne_rules::date::Date;
use urne_rules::number::Q;
use urne_rules::quorum::{QuorumBase, Totals};
use urne_rules::ratures::{self, Candidate as RaturesCandidate};

use crate::canonical::{self, FormatError};
use crate::manifest::Manifest;

/// One candidate's result. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateResult {
    /// Elected.
    pub elected: bool,
    /// First name, as in the manifest.
    pub first_name: String,
    /// Last name, as in the manifest.
    pub last_name: String,
    /// Ballots for the list that struck this name.
    pub ratures: u64,
    /// Whether the ratures count (≥ 10 % of the list's ballots).
    pub ratures_counted: bool,
    /// The list's ballots minus the ratures.
    pub votes: u64,
}

/// One list's result. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListResult {
    /// Ballots for the list.
    pub ballots: u64,
    /// Candidates, in the order of presentation.
    pub candidates: Vec<CandidateResult>,
    /// Indices (from 0) of the elected candidates, in designation order.
    pub elected: Vec<u32>,
    /// The list's votes for the allocation: the average of its candidates' votes, exact.
    pub list_votes: String,
    /// Name.
    pub name: String,
    /// Seats filled.
    pub seats: u64,
    /// Seats won at the highest average (filled seats minus seats at the quotient, at least 0).
    pub seats_by_average: u64,
    /// Seats won at the quotient.
    pub seats_by_quotient: u64,
    /// The union, or `null` for a free list.
    pub union: Option<String>,
}

/// The `result` event's payload, one per election. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectionResult {
    /// Blank ballots.
    pub blancs: u64,
    /// The election's uid.
    pub election: String,
    /// Electors of the election.
    pub inscrits: u64,
    /// Lists, in ballot order.
    pub lists: Vec<ListResult>,
    /// Nul ballots.
    pub nuls: u64,
    /// The quorum reached (always true at round 2, where none is required).
    pub quorum_reached: bool,
    /// Half the inscrits, exact.
    pub quorum_threshold: String,
    /// SVE ÷ seats, exact, or `null` when no seat is allocated.
    pub quotient: Option<String>,
    /// 1 or 2.
    pub round: u8,
    /// Seats to fill.
    pub seats: u32,
    /// Whether a second round is needed (round 1 without quorum, or seats left unfilled).
    pub second_round_required: bool,
    /// Suffrages valablement exprimés: ballots for a list.
    pub sve: u64,
    /// Seats left unfilled.
    pub unfilled: u64,
    /// Every ballot cast: lists, blancs and nuls.
    pub votants: u64,
}

/// Why results could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResultError {
    /// The counts do not have the manifest's shape.
    Shape,
    /// More votants than inscrits.
    MoreVotantsThanInscrits {
        /// Ballots counted.
        votants: u64,
        /// Electors.
        inscrits: u64,
    },
    /// A tie between lists that only the candidates' ages break (R2314-21), and their birth
    /// dates were not given; names the list (from 0) and its candidate in designation order.
    TieNeedsBirthdate {
        /// The list.
        list: usize,
        /// The candidate, in designation order (from 0).
        index: u64,
    },
    /// A tie between candidates born the same day: the bureau decides, the rules cannot.
    Unresolvable {
        /// The list.
        list: usize,
    },
}

impl core::fmt::Display for ResultError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ResultError::Shape => write!(f, "the counts do not match the election's lists"),
            ResultError::MoreVotantsThanInscrits { votants, inscrits } => {
                write!(f, "{votants} ballots counted for {inscrits} electors")
            }
            ResultError::TieNeedsBirthdate { list, index } => write!(
                f,
                "a tie at the highest average needs the birth date of candidate {} of list {} \
                 (R2314-21)",
                index + 1,
                list + 1
            ),
            ResultError::Unresolvable { list } => write!(
                f,
                "a tie involving list {} cannot be broken: candidates born the same day",
                list + 1
            ),
        }
    }
}

impl std::error::Error for ResultError {}

/// A rational, exactly: `"p"` or `"p/q"` in lowest terms.
pub fn exact(x: &Q) -> String {
    if x.is_integer() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// A rational with two decimals, rounded half up, as the PVs print it (`12,50`).
pub fn decimal_fr(x: &Q) -> String {
    let hundredths = (x * Q::from_integer(100.into()) + Q::new(1.into(), 2.into())).floor();
    let n = hundredths.to_integer().to_i128().unwrap_or(0);
    format!("{},{:02}", n / 100, (n % 100).abs())
}

/// Reads an exact rational written by [`exact`].
pub fn parse_exact(text: &str) -> Option<Q> {
    let (numer, denom) = text.split_once('/').unwrap_or((text, "1"));
    let (numer, denom) = (numer.parse().ok()?, denom.parse().ok()?);
    (denom != num_bigint::BigInt::from(0)).then(|| Q::new(numer, denom))
}

/// What the computation needs besides the manifest and the counts.
#[derive(Clone, Debug, Default)]
pub struct Electorate {
    /// Electors of the election.
    pub inscrits: u64,
    /// Each list's candidates' birth dates in the order of presentation, when known: only a tie
    /// at the highest average needs them (R2314-21), and they never enter the record.
    pub birthdates: Option<Vec<Vec<Date>>>,
}

impl ElectionResult {
    /// Computes the results of `manifest`'s election from its decrypted `counts`.
    ///
    /// # Errors
    /// [`ResultError`]: counts of another shape, more ballots than electors, or a tie the rules
    /// cannot break with what was given.
    pub fn compute(
        manifest: &Manifest,
        counts: &Tally,
        electorate: &Electorate,
    ) -> Result<ElectionResult, ResultError> {
        let shape_ok = counts.lists.len() == manifest.lists.len()
            && counts.strikes.len() == manifest.lists.len()
            && counts
                .strikes
                .iter()
                .zip(&manifest.lists)
                .all(|(s, l)| s.len() == l.candidates.len());
        if !shape_ok {
            return Err(ResultError::Shape);
        }
        let votants = counts.ballots();
        if votants > electorate.inscrits {
            return Err(ResultError::MoreVotantsThanInscrits {
                votants,
                inscrits: electorate.inscrits,
            });
        }
        let sve: u64 = counts.lists.iter().sum();
        // Designation order does not depend on the seats won: compute it first, for the
        // birth dates in the order candidates take seats, and for each list's votes.
        let designations: Vec<ratures::Designation> = counts
            .lists
            .iter()
            .zip(&counts.strikes)
            .map(|(&ballots, strikes)| ratures::designate(ballots, 0, &candidates(strikes)))
            .collect();
        let inputs: Vec<ListInput> = designations
            .iter()
            .enumerate()
            .map(|(list, d)| {
                let votes: Vec<Q> = d
                    .candidate_votes
                    .iter()
                    .map(|&v| Q::from_integer(v.into()))
                    .collect();
                let birthdates = electorate
                    .birthdates
                    .as_ref()
                    .and_then(|all| all.get(list))
                    .map(|dates| {
                        d.order
                            .iter()
                            .filter_map(|&i| dates.get(i).copied())
                            .collect()
                    })
                    .unwrap_or_default();
                ListInput {
                    votes: list_votes_from_candidates(&votes),
                    candidates: Some(d.candidate_votes.len() as u64),
                    birthdates,
                }
            })
            .collect();
        let totals = Totals {
            round: manifest.round,
            inscrits: Some(electorate.inscrits),
            votants,
            sve,
            quorum_base: QuorumBase::Sve,
        };
        let allocation =
            allocation::allocate(&totals, u64::from(manifest.seats), &inputs, Surplus::Vacant)
                .map_err(|e| match e {
                    TieError::MissingBirthdate { list, index } => {
                        ResultError::TieNeedsBirthdate { list, index }
                    }
                    TieError::SameBirthdate { list, .. } => ResultError::Unresolvable { list },
                })?;
        let lists = manifest
            .lists
            .iter()
            .enumerate()
            .map(|(i, list)| {
                let seats = allocation.seats[i];
                let d = ratures::designate(counts.lists[i], seats, &candidates(&counts.strikes[i]));
                ListResult {
                    ballots: counts.lists[i],
                    candidates: list
                        .candidates
                        .iter()
                        .enumerate()
                        .map(|(c, candidate)| CandidateResult {
                            elected: d.elected.contains(&c),
                            first_name: candidate.first_name.clone(),
                            last_name: candidate.last_name.clone(),
                            ratures: counts.strikes[i][c],
                            ratures_counted: d.taken_into_account[c],
                            votes: d.candidate_votes[c],
                        })
                        .collect(),
                    elected: d.elected.iter().map(|&c| c as u32).collect(),
                    list_votes: exact(&inputs[i].votes),
                    name: list.name.clone(),
                    seats,
                    seats_by_average: seats.saturating_sub(allocation.seats_by_quotient[i]),
                    seats_by_quotient: allocation.seats_by_quotient[i].min(seats),
                    union: list.union.clone(),
                }
            })
            .collect();
        let quorum = allocation.quorum.as_ref();
        Ok(ElectionResult {
            blancs: counts.blank,
            election: manifest.election.clone(),
            inscrits: electorate.inscrits,
            lists,
            nuls: counts.nul,
            quotient: allocation.quotient.as_ref().map(exact),
            quorum_threshold: quorum.map(|q| exact(&q.threshold)).unwrap_or_default(),
            quorum_reached: quorum.is_none_or(|q| !q.required || q.reached),
            round: manifest.round,
            seats: manifest.seats,
            second_round_required: allocation.second_round_required,
            sve,
            unfilled: allocation.unfilled,
            votants,
        })
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published payload.
    ///
    /// # Errors
    /// [`FormatError`] when it is not the canonical JSON of a result.
    pub fn from_bytes(bytes: &[u8]) -> Result<ElectionResult, FormatError> {
        canonical::from_bytes(bytes)
    }

    /// The elected, in proclamation order: list by list in ballot order, each in designation
    /// order, as `(list, candidate)`.
    pub fn elected(&self) -> impl Iterator<Item = (&ListResult, &CandidateResult)> {
        self.lists.iter().flat_map(|list| {
            list.elected
                .iter()
                .filter_map(move |&c| list.candidates.get(c as usize).map(|cand| (list, cand)))
        })
    }
}

fn candidates(strikes: &[u64]) -> Vec<RaturesCandidate> {
    strikes
        .iter()
        .zip(1..)
        .map(|(&ratures, position)| RaturesCandidate { position, ratures })
        .collect()
}
