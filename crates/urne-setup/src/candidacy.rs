//! Whether a candidate can stand in an election: they must be on the electoral list of the
//! election's establishment and college, and eligible there (Code du travail, art. L2314-19;
//! a candidate stands in their own college: Cass. soc. 27 oct. 1999 n° 98-60.375).
//!
//! Candidates are typed by délégués, voters come from the employer's file: they are matched by
//! last and first name, case- and accent-insensitive, and by birth date when the délégué gave
//! one. Left out: the 4 % rule of L2314-19 al. 2 (candidates in another company), which the
//! voter file does not tell.

use urne_rules::date::Date;

use crate::model::Voter;
use crate::text::fold_name;

/// What the electoral list says of a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CandidateCheck {
    /// On the list of this college and eligible; the voter's matricule.
    Eligible(String),
    /// On the list but not eligible, with the reasons (each citing its article).
    NotEligible(Vec<String>),
    /// Nobody of that name (and birth date) on this college's list.
    NotFound,
    /// Several people of that name: the birth date would tell them apart.
    Homonyms(usize),
}

/// Checks a candidate against `voters`, the electoral list of the election's establishment and
/// college.
pub fn check_candidate(
    last_name: &str,
    first_name: &str,
    birth_date: Option<Date>,
    voters: &[Voter],
) -> CandidateCheck {
    let (last, first) = (fold_name(last_name), fold_name(first_name));
    let matches: Vec<&Voter> = voters
        .iter()
        .filter(|v| fold_name(&v.last_name) == last && fold_name(&v.first_name) == first)
        .filter(|v| birth_date.is_none_or(|date| v.birth_date == date))
        .collect();
    match matches.as_slice() {
        [] => CandidateCheck::NotFound,
        [voter] if voter.eligibility.eligible => CandidateCheck::Eligible(voter.matricule.clone()),
        [voter] => CandidateCheck::NotEligible(voter.eligibility.reasons.clone()),
        several => CandidateCheck::Homonyms(several.len()),
    }
}

/// Whether `voter` is the person named `last_name first_name` born on `birth_date`, with the
/// same case- and accent-insensitive matching as candidates (used to find a voter asking for
/// their codes again).
pub fn is_person(voter: &Voter, last_name: &str, first_name: &str, birth_date: Date) -> bool {
    voter.birth_date == birth_date
        && fold_name(&voter.last_name) == fold_name(last_name)
        && fold_name(&voter.first_name) == fold_name(first_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChallengeHashes, Civility, PostalAddress, Seniority, VoterEligibility};

    fn voter(
        matricule: &str,
        last: &str,
        first: &str,
        born: (i32, u8, u8),
        eligible: bool,
    ) -> Voter {
        Voter {
            matricule: matricule.to_owned(),
            civility: Civility::Madame,
            last_name: last.to_owned(),
            first_name: first.to_owned(),
            birth_date: Date::new(born.0, born.1, born.2).unwrap(),
            establishment: "E".to_owned(),
            college: "1".to_owned(),
            seniority: Seniority::Months(24),
            professional_email: None,
            mobile: None,
            address: PostalAddress::default(),
            challenge: ChallengeHashes {
                badge: None,
                ss_key: None,
            },
            eligibility: VoterEligibility {
                elector: true,
                eligible,
                reasons: if eligible {
                    vec![]
                } else {
                    vec!["L2314-19 : ancienneté".to_owned()]
                },
            },
        }
    }

    #[test]
    fn candidates_are_found_on_their_colleges_list() {
        let list = [
            voter("M1", "LEFÈVRE", "Hélène", (1980, 1, 2), true),
            voter("M2", "Martin", "Alice", (1990, 3, 4), true),
            voter("M3", "Martin", "Alice", (1975, 5, 6), false),
            voter("M4", "Petit", "Jean", (2000, 7, 8), false),
        ];
        assert_eq!(
            check_candidate("Lefevre", " helene ", None, &list),
            CandidateCheck::Eligible("M1".to_owned())
        );
        assert_eq!(
            check_candidate("Martin", "Alice", None, &list),
            CandidateCheck::Homonyms(2)
        );
        assert_eq!(
            check_candidate("Martin", "Alice", Date::new(1975, 5, 6), &list),
            CandidateCheck::NotEligible(vec!["L2314-19 : ancienneté".to_owned()])
        );
        assert_eq!(
            check_candidate("Durand", "Bruno", None, &list),
            CandidateCheck::NotFound
        );
        assert_eq!(
            check_candidate("Lefèvre", "Hélène", Date::new(1980, 1, 3), &list),
            CandidateCheck::NotFound
        );
    }
}
