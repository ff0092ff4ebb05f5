//! Who is an électeur and who is éligible, for one row of the voter file.
//!
//! Code du travail, art. L2314-18 (electors), L2314-19 (eligible), L2314-23 (salariés mis à
//! disposition) and L2314-25 (the labour inspector's waiver of seniority), as in force since the
//! loi n° 2022-1598 du 21 décembre 2022. That law rewrote L2314-18 after Cons. const.
//! 19 nov. 2021 n° 2021-947 QPC: employees who hold a written delegation of the employer's
//! authority, or who represent the employer before the CSE, are electors; L2314-19 now excludes
//! them from eligibility.
//!
//! Every condition is assessed on one date, [`Conditions::assessed_on`]: the first day of the
//! first round, also for the second round (Cass. soc. 1er déc. 2010 n° 10-60.163; with an
//! electronic vote over several days, the day it opens: Cass. soc. 23 mars 2022 n° 20-20.047;
//! unchanged for a late second round: Cass. soc. 9 nov. 2022 n° 21-23.301). The PAP cannot move
//! that date; it may lower the seniority required ([`Conditions::with_pap_seniority`]). The date
//! is a parameter because this crate reads no clock.
//!
//! Whole years and months follow [`Date::whole_years_until`] and [`Date::whole_months_until`]:
//! a period is complete once the day before the same day of the month has passed, or, when the
//! final month is too short, once that month has ended. So someone born on 29 February turns 18
//! on 1 March in a common year, and someone hired on 30 November has three months on 1 March,
//! not on 28 or 29 February. No text settles these two edge cases; this reading never counts a
//! period before it has fully elapsed.
//!
//! Left out, for the caller: whether the person is on the staff on that date; the integration
//! conditions of L1111-2 2° for salariés mis à disposition (present in the host's premises and
//! part of its work community); the college; the special seniority rules of temporary-work
//! agencies; adding up interrupted contracts (give the total as [`Tenure::Months`]).

use crate::date::Date;

/// Minimum age of an elector, L2314-18.
pub const ELECTOR_MIN_AGE_YEARS: u32 = 16;
/// Seniority of an elector in the company, L2314-18.
pub const ELECTOR_SENIORITY_MONTHS: u32 = 3;
/// Minimum age of a candidate, L2314-19.
pub const ELIGIBLE_MIN_AGE_YEARS: u32 = 18;
/// Seniority of a candidate in the company, L2314-19.
pub const ELIGIBLE_SENIORITY_MONTHS: u32 = 12;
/// Continuous presence of a salarié mis à disposition in the host company, L2314-23.
pub const SECONDED_PRESENCE_MONTHS: u32 = 12;

/// How long someone has been in the company (or, seconded, in the host company).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tenure {
    /// Since this date (the start of the contract or of the secondment).
    Since(Date),
    /// Whole months already computed by the caller: interrupted contracts added up, seniority
    /// counted across a group when the PAP says so, a CDD before the CDI.
    Months(u32),
}

impl Tenure {
    /// Whole months on `date`; 0 when the start is later.
    pub fn months_on(&self, date: &Date) -> u32 {
        match self {
            Tenure::Since(start) => non_negative(start.whole_months_until(date)),
            Tenure::Months(months) => *months,
        }
    }
}

/// Relatives of the employer who cannot stand, L2314-19 al. 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmployerRelative {
    /// Conjoint.
    Spouse,
    /// Partenaire d'un pacte civil de solidarité.
    CivilPartner,
    /// Concubin.
    Cohabitant,
    /// Ascendant: parent, grandparent, ….
    Ascendant,
    /// Descendant: child, grandchild, ….
    Descendant,
    /// Frère or sœur.
    Sibling,
    /// Allié au même degré: an in-law of one of the degrees above (parent-, child-,
    /// brother- or sister-in-law).
    InLaw,
}

/// Employees assimilated to the employer, L2314-19 al. 1 (since the loi du 21 déc. 2022).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmployerAuthority {
    /// Holds a particular written delegation of authority that assimilates them to the head of
    /// the company.
    WrittenDelegation,
    /// Effectively represents the employer before the CSE.
    RepresentsEmployerBeforeCse,
}

/// The person's tie to the company holding the election.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Employment {
    /// An employee of the company.
    Employee {
        /// Seniority in the company.
        seniority: Tenure,
    },
    /// A salarié mis à disposition by another company (L2314-23) who meets the conditions of
    /// L1111-2 2° (the caller checks those).
    Seconded {
        /// Continuous presence in the host company.
        presence: Tenure,
        /// Whether they chose to vote in the host company rather than in their employer's
        /// (L2314-23 al. 2). `false` also when they have not chosen yet.
        chose_host_company: bool,
    },
}

/// The labour inspector's waiver of seniority conditions (L2314-25), as it applies to this
/// person.
///
/// The waiver covers the seniority of L2314-18 and L2314-19 only. It does not cover the twelve
/// months of presence of L2314-23, which is a condition of presence, not of seniority; that is
/// this module's reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeniorityWaiver {
    /// The seniority required to vote is waived.
    pub elector: bool,
    /// The seniority required to stand is waived.
    pub eligible: bool,
}

/// One voter-file row's facts, as far as the rules need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoterFacts {
    /// Date of birth.
    pub birth_date: Date,
    /// Employee or mis à disposition, with the matching tenure.
    pub employment: Employment,
    /// Under an interdiction, déchéance or incapacité relating to civic rights (L2314-18).
    pub civic_rights_forfeited: bool,
    /// A relative of the employer listed by L2314-19, if any.
    pub employer_relative: Option<EmployerRelative>,
    /// Assimilated to the employer (L2314-19), if so.
    pub employer_authority: Option<EmployerAuthority>,
    /// Works part time in several companies and stands in another one (L2314-19 al. 2).
    pub candidate_in_another_company: bool,
    /// The labour inspector's waiver, if one covers this person (L2314-25).
    pub seniority_waiver: SeniorityWaiver,
}

impl VoterFacts {
    /// An employee with only the facts that matter most often: nothing else applies.
    pub fn employee(birth_date: Date, seniority: Tenure) -> Self {
        VoterFacts {
            birth_date,
            employment: Employment::Employee { seniority },
            civic_rights_forfeited: false,
            employer_relative: None,
            employer_authority: None,
            candidate_in_another_company: false,
            seniority_waiver: SeniorityWaiver::default(),
        }
    }
}

/// The election's conditions: the assessment date and the seniority required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conditions {
    assessed_on: Date,
    elector_seniority_months: u32,
    eligible_seniority_months: u32,
}

/// A PAP asked for more seniority than the law.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConditionsError {
    /// More than the 3 months of L2314-18 to vote.
    ElectorSeniorityAboveLaw {
        /// Months asked for.
        months: u32,
    },
    /// More than the 12 months of L2314-19 to stand.
    EligibleSeniorityAboveLaw {
        /// Months asked for.
        months: u32,
    },
}

impl core::fmt::Display for ConditionsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ConditionsError::ElectorSeniorityAboveLaw { months } => write!(
                f,
                "{months} months of seniority to vote exceeds the {ELECTOR_SENIORITY_MONTHS} of \
                 Code du travail, art. L2314-18; a PAP may only lower it"
            ),
            ConditionsError::EligibleSeniorityAboveLaw { months } => write!(
                f,
                "{months} months of seniority to stand exceeds the {ELIGIBLE_SENIORITY_MONTHS} \
                 of Code du travail, art. L2314-19; a PAP may only lower it"
            ),
        }
    }
}

impl std::error::Error for ConditionsError {}

impl Conditions {
    /// The legal conditions, assessed on `first_day_of_first_round`: the day the first round
    /// opens (the first day of an electronic vote over several days).
    pub fn new(first_day_of_first_round: Date) -> Self {
        Conditions {
            assessed_on: first_day_of_first_round,
            elector_seniority_months: ELECTOR_SENIORITY_MONTHS,
            eligible_seniority_months: ELIGIBLE_SENIORITY_MONTHS,
        }
    }

    /// The seniority required as lowered by the PAP (or a collective agreement), which may be
    /// more favourable than the law but not stricter (Cass. soc. 9 nov. 2022 n° 21-23.301).
    ///
    /// # Errors
    /// [`ConditionsError`] when a figure is above the legal one.
    pub fn with_pap_seniority(
        self,
        elector_months: u32,
        eligible_months: u32,
    ) -> Result<Self, ConditionsError> {
        if elector_months > ELECTOR_SENIORITY_MONTHS {
            return Err(ConditionsError::ElectorSeniorityAboveLaw {
                months: elector_months,
            });
        }
        if eligible_months > ELIGIBLE_SENIORITY_MONTHS {
            return Err(ConditionsError::EligibleSeniorityAboveLaw {
                months: eligible_months,
            });
        }
        Ok(Conditions {
            elector_seniority_months: elector_months,
            eligible_seniority_months: eligible_months,
            ..self
        })
    }

    /// The date on which every condition is assessed.
    pub fn assessed_on(&self) -> Date {
        self.assessed_on
    }

    /// Months of seniority required to vote.
    pub fn elector_seniority_months(&self) -> u32 {
        self.elector_seniority_months
    }

    /// Months of seniority required to stand.
    pub fn eligible_seniority_months(&self) -> u32 {
        self.eligible_seniority_months
    }
}

/// Why someone is not an elector, or not eligible. Each reason cites its article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// L2314-18: under 16 on the assessment date.
    UnderSixteen {
        /// Age in whole years.
        age_years: u32,
    },
    /// L2314-18: less seniority than required to vote (3 months, or the PAP's figure).
    ElectorSeniority {
        /// Whole months of seniority.
        months: u32,
        /// Months required.
        required_months: u32,
    },
    /// L2314-18: civic rights forfeited.
    CivicRightsForfeited,
    /// L2314-23 al. 1: mis à disposition for less than 12 continuous months.
    SecondedPresence {
        /// Whole months of continuous presence.
        months: u32,
        /// Months required (12).
        required_months: u32,
    },
    /// L2314-23 al. 2: mis à disposition and has not chosen to vote in the host company.
    SecondedDidNotChooseHost,
    /// L2314-19 al. 1: only electors are eligible.
    NotElector,
    /// L2314-19 al. 1: under 18 on the assessment date.
    UnderEighteen {
        /// Age in whole years.
        age_years: u32,
    },
    /// L2314-19 al. 1: less seniority than required to stand (1 year, or the PAP's figure).
    EligibleSeniority {
        /// Whole months of seniority.
        months: u32,
        /// Months required.
        required_months: u32,
    },
    /// L2314-19 al. 1: a relative of the employer.
    EmployerRelative(EmployerRelative),
    /// L2314-19 al. 1: assimilated to the employer.
    EmployerAuthority(EmployerAuthority),
    /// L2314-19 al. 2: part time in several companies, standing in another one.
    CandidateInAnotherCompany,
    /// L2314-23 al. 1: salariés mis à disposition are not eligible in the host company.
    SecondedNotEligible,
}

impl Reason {
    /// The article the reason applies, as `Code du travail, art. …`.
    pub fn citation(&self) -> &'static str {
        match self {
            Reason::UnderSixteen { .. }
            | Reason::ElectorSeniority { .. }
            | Reason::CivicRightsForfeited => "Code du travail, art. L2314-18",
            Reason::SecondedPresence { .. } | Reason::SecondedNotEligible => {
                "Code du travail, art. L2314-23 al. 1"
            }
            Reason::SecondedDidNotChooseHost => "Code du travail, art. L2314-23 al. 2",
            Reason::NotElector
            | Reason::UnderEighteen { .. }
            | Reason::EligibleSeniority { .. }
            | Reason::EmployerRelative(_)
            | Reason::EmployerAuthority(_) => "Code du travail, art. L2314-19 al. 1",
            Reason::CandidateInAnotherCompany => "Code du travail, art. L2314-19 al. 2",
        }
    }
}

impl core::fmt::Display for Reason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Reason::UnderSixteen { age_years } => write!(f, "under 16 (aged {age_years})"),
            Reason::ElectorSeniority {
                months,
                required_months,
            }
            | Reason::EligibleSeniority {
                months,
                required_months,
            } => write!(
                f,
                "{months} months of seniority, {required_months} required"
            ),
            Reason::CivicRightsForfeited => write!(f, "civic rights forfeited"),
            Reason::SecondedPresence {
                months,
                required_months,
            } => write!(
                f,
                "mis à disposition for {months} continuous months, {required_months} required"
            ),
            Reason::SecondedDidNotChooseHost => write!(
                f,
                "mis à disposition and has not chosen to vote in this company"
            ),
            Reason::NotElector => write!(f, "not an elector"),
            Reason::UnderEighteen { age_years } => write!(f, "under 18 (aged {age_years})"),
            Reason::EmployerRelative(relative) => {
                write!(f, "relative of the employer ({relative:?})")
            }
            Reason::EmployerAuthority(authority) => {
                write!(f, "assimilated to the employer ({authority:?})")
            }
            Reason::CandidateInAnotherCompany => {
                write!(f, "part time in several companies, standing in another")
            }
            Reason::SecondedNotEligible => write!(f, "mis à disposition: not eligible here"),
        }?;
        write!(f, ": {}", self.citation())
    }
}

/// The outcome for one person: `Ok(())`, or every reason that applies, in the order of the
/// articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    /// Électeur (L2314-18, L2314-23).
    pub elector: Result<(), Vec<Reason>>,
    /// Éligible (L2314-19, L2314-23).
    pub eligible: Result<(), Vec<Reason>>,
}

impl Eligibility {
    /// Whether the person is an elector.
    pub fn is_elector(&self) -> bool {
        self.elector.is_ok()
    }

    /// Whether the person is eligible.
    pub fn is_eligible(&self) -> bool {
        self.eligible.is_ok()
    }
}

/// Code du travail, art. L2314-18, L2314-19, L2314-23 and L2314-25: whether `facts` make an
/// elector and a candidate under `conditions`.
///
/// A person who is not an elector is not eligible either ([`Reason::NotElector`]), and the
/// eligibility reasons that apply on their own are listed too, so a 15-year-old hired last
/// month gets both ages and both seniorities.
pub fn assess(facts: &VoterFacts, conditions: &Conditions) -> Eligibility {
    let on = conditions.assessed_on;
    let age_years = non_negative(facts.birth_date.whole_years_until(&on));

    let mut elector = Vec::new();
    if age_years < ELECTOR_MIN_AGE_YEARS {
        elector.push(Reason::UnderSixteen { age_years });
    }
    match facts.employment {
        Employment::Employee { seniority } => {
            let months = seniority.months_on(&on);
            let required_months = conditions.elector_seniority_months;
            if months < required_months && !facts.seniority_waiver.elector {
                elector.push(Reason::ElectorSeniority {
                    months,
                    required_months,
                });
            }
        }
        Employment::Seconded {
            presence,
            chose_host_company,
        } => {
            let months = presence.months_on(&on);
            if months < SECONDED_PRESENCE_MONTHS {
                elector.push(Reason::SecondedPresence {
                    months,
                    required_months: SECONDED_PRESENCE_MONTHS,
                });
            }
            if !chose_host_company {
                elector.push(Reason::SecondedDidNotChooseHost);
            }
        }
    }
    if facts.civic_rights_forfeited {
        elector.push(Reason::CivicRightsForfeited);
    }

    let mut eligible = Vec::new();
    if !elector.is_empty() {
        eligible.push(Reason::NotElector);
    }
    if age_years < ELIGIBLE_MIN_AGE_YEARS {
        eligible.push(Reason::UnderEighteen { age_years });
    }
    match facts.employment {
        Employment::Employee { seniority } => {
            let months = seniority.months_on(&on);
            let required_months = conditions.eligible_seniority_months;
            if months < required_months && !facts.seniority_waiver.eligible {
                eligible.push(Reason::EligibleSeniority {
                    months,
                    required_months,
                });
            }
        }
        Employment::Seconded { .. } => eligible.push(Reason::SecondedNotEligible),
    }
    if let Some(relative) = facts.employer_relative {
        eligible.push(Reason::EmployerRelative(relative));
    }
    if let Some(authority) = facts.employer_authority {
        eligible.push(Reason::EmployerAuthority(authority));
    }
    if facts.candidate_in_another_company {
        eligible.push(Reason::CandidateInAnotherCompany);
    }

    Eligibility {
        elector: into_result(elector),
        eligible: into_result(eligible),
    }
}

fn into_result(reasons: Vec<Reason>) -> Result<(), Vec<Reason>> {
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons)
    }
}

fn non_negative(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests;
