//! Tests of the eligibility rules, one per article and boundary (Code du travail, art. L2314-18,
//! L2314-19, L2314-23, L2314-25), each citing its article.

use super::*;

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// Born long ago, hired long ago: only the fact under test can fail.
fn adult(seniority: Tenure) -> VoterFacts {
    VoterFacts::employee(d("1980-06-15"), seniority)
}

fn on(date: &str) -> Conditions {
    Conditions::new(d(date))
}

fn elector(facts: &VoterFacts, date: &str) -> Result<(), Vec<Reason>> {
    assess(facts, &on(date)).elector
}

fn eligible(facts: &VoterFacts, date: &str) -> Result<(), Vec<Reason>> {
    assess(facts, &on(date)).eligible
}

/// Code du travail, art. L2314-18: "âgés de seize ans révolus"; 16 on the birthday itself.
#[test]
fn l2314_18_sixteen_on_the_birthday() {
    let facts = VoterFacts::employee(d("2008-11-21"), Tenure::Months(24));
    assert_eq!(elector(&facts, "2024-11-21"), Ok(()));
    assert_eq!(
        elector(&facts, "2024-11-20"),
        Err(vec![Reason::UnderSixteen { age_years: 15 }])
    );
}

/// Code du travail, art. L2314-18: 16 years for someone born on 29 February (the 16th
/// birthday always falls in a leap year, save in 2100-style century years).
#[test]
fn l2314_18_sixteen_born_on_a_leap_day() {
    let leap = VoterFacts::employee(d("2008-02-29"), Tenure::Months(24));
    assert_eq!(elector(&leap, "2024-02-29"), Ok(()));
    assert!(elector(&leap, "2024-02-28").is_err());
    let common = VoterFacts::employee(d("2004-02-29"), Tenure::Months(24));
    assert!(elector(&common, "2020-02-28").is_err());
    assert_eq!(elector(&common, "2020-02-29"), Ok(()));
}

/// Code du travail, art. L2314-18: "travaillant depuis trois mois au moins"; hired on
/// 21 August, three months on 21 November.
#[test]
fn l2314_18_exactly_three_months() {
    let facts = adult(Tenure::Since(d("2023-08-21")));
    assert_eq!(elector(&facts, "2023-11-21"), Ok(()));
    let facts = adult(Tenure::Since(d("2023-08-22")));
    assert_eq!(
        elector(&facts, "2023-11-21"),
        Err(vec![Reason::ElectorSeniority {
            months: 2,
            required_months: 3
        }])
    );
}

/// Code du travail, art. L2314-18: three months from 30 November end with February; on
/// 29 February 2024 (leap year) they are not complete, on 1 March they are.
#[test]
fn l2314_18_three_months_across_a_leap_february() {
    let facts = adult(Tenure::Since(d("2023-11-30")));
    assert!(elector(&facts, "2024-02-29").is_err());
    assert_eq!(elector(&facts, "2024-03-01"), Ok(()));
}

/// Code du travail, art. L2314-18: seniority given in months (interrupted contracts added
/// up by the caller).
#[test]
fn l2314_18_seniority_in_months() {
    assert_eq!(elector(&adult(Tenure::Months(3)), "2024-01-10"), Ok(()));
    assert_eq!(
        elector(&adult(Tenure::Months(2)), "2024-01-10"),
        Err(vec![Reason::ElectorSeniority {
            months: 2,
            required_months: 3
        }])
    );
}

/// Code du travail, art. L2314-18: no interdiction, déchéance or incapacité relating to
/// civic rights; L2314-19: only electors are eligible.
#[test]
fn l2314_18_civic_rights_forfeited() {
    let facts = VoterFacts {
        civic_rights_forfeited: true,
        ..adult(Tenure::Months(60))
    };
    let outcome = assess(&facts, &on("2024-01-10"));
    assert_eq!(outcome.elector, Err(vec![Reason::CivicRightsForfeited]));
    assert_eq!(outcome.eligible, Err(vec![Reason::NotElector]));
    assert_eq!(
        Reason::CivicRightsForfeited.citation(),
        "Code du travail, art. L2314-18"
    );
}

/// Code du travail, art. L2314-18; Cass. soc. 23 mars 2022 n° 20-20.047: over several days
/// of electronic voting, seniority is assessed on the first day. Seed 004 (PAP Airbus
/// Atlantic, 17 July 2023): the first round opens on 21 Nov. 2023 and closes on 23 Nov.
/// 2023; someone hired on 22 Aug. 2023 has two months on the 21st, three on the 23rd.
#[test]
fn l2314_18_assessed_on_the_first_day_of_the_first_round() {
    let facts = adult(Tenure::Since(d("2023-08-22")));
    assert!(elector(&facts, "2023-11-21").is_err());
    assert!(elector(&facts, "2023-11-23").is_ok());
}

/// Code du travail, art. L2314-18, L2314-19; Cass. soc. 9 nov. 2022 n° 21-23.301: a PAP may
/// lower the seniority required, not raise it.
#[test]
fn l2314_18_pap_may_only_lower_seniority() {
    let pap = on("2024-01-10").with_pap_seniority(1, 6).unwrap();
    let facts = adult(Tenure::Months(6));
    let outcome = assess(&facts, &pap);
    assert!(outcome.is_elector() && outcome.is_eligible());
    assert_eq!(
        on("2024-01-10").with_pap_seniority(4, 12),
        Err(ConditionsError::ElectorSeniorityAboveLaw { months: 4 })
    );
    assert_eq!(
        on("2024-01-10").with_pap_seniority(3, 13),
        Err(ConditionsError::EligibleSeniorityAboveLaw { months: 13 })
    );
}

/// Code du travail, art. L2314-19: "âgés de dix-huit ans révolus"; 18 on the birthday, and
/// on 1 March of a common year for someone born on 29 February.
#[test]
fn l2314_19_eighteen_on_the_birthday_and_leap_day() {
    let facts = VoterFacts::employee(d("2006-01-10"), Tenure::Months(24));
    assert_eq!(eligible(&facts, "2024-01-10"), Ok(()));
    assert_eq!(
        eligible(&facts, "2024-01-09"),
        Err(vec![Reason::UnderEighteen { age_years: 17 }])
    );
    let leap = VoterFacts::employee(d("2004-02-29"), Tenure::Months(24));
    assert_eq!(
        eligible(&leap, "2022-02-28"),
        Err(vec![Reason::UnderEighteen { age_years: 17 }])
    );
    assert_eq!(eligible(&leap, "2022-03-01"), Ok(()));
}

/// Code du travail, art. L2314-19: "travaillant dans l'entreprise depuis un an au moins";
/// hired on 10 January 2023, one year on 10 January 2024; hired on 29 February 2024, one
/// year on 1 March 2025.
#[test]
fn l2314_19_exactly_one_year() {
    let facts = adult(Tenure::Since(d("2023-01-10")));
    assert_eq!(eligible(&facts, "2024-01-10"), Ok(()));
    assert_eq!(
        eligible(&facts, "2024-01-09"),
        Err(vec![Reason::EligibleSeniority {
            months: 11,
            required_months: 12
        }])
    );
    assert_eq!(eligible(&adult(Tenure::Months(12)), "2024-01-10"), Ok(()));
    let leap = adult(Tenure::Since(d("2024-02-29")));
    assert!(eligible(&leap, "2025-02-28").is_err());
    assert_eq!(eligible(&leap, "2025-03-01"), Ok(()));
}

/// Code du travail, art. L2314-19 al. 1: the employer's spouse, PACS partner, concubin,
/// ascendants, descendants, brothers, sisters and allies of the same degree are electors
/// but not eligible.
#[test]
fn l2314_19_employer_relatives() {
    for relative in [
        EmployerRelative::Spouse,
        EmployerRelative::CivilPartner,
        EmployerRelative::Cohabitant,
        EmployerRelative::Ascendant,
        EmployerRelative::Descendant,
        EmployerRelative::Sibling,
        EmployerRelative::InLaw,
    ] {
        let facts = VoterFacts {
            employer_relative: Some(relative),
            ..adult(Tenure::Months(60))
        };
        let outcome = assess(&facts, &on("2024-01-10"));
        assert_eq!(outcome.elector, Ok(()));
        assert_eq!(
            outcome.eligible,
            Err(vec![Reason::EmployerRelative(relative)])
        );
    }
}

/// Code du travail, art. L2314-18 and L2314-19 al. 1 (loi n° 2022-1598 du 21 déc. 2022),
/// after Cons. const. 19 nov. 2021 n° 2021-947 QPC: an employee with a written delegation of
/// authority, or who represents the employer before the CSE, votes but cannot stand.
#[test]
fn l2314_19_employer_authority_votes_but_cannot_stand() {
    for authority in [
        EmployerAuthority::WrittenDelegation,
        EmployerAuthority::RepresentsEmployerBeforeCse,
    ] {
        let facts = VoterFacts {
            employer_authority: Some(authority),
            ..adult(Tenure::Months(60))
        };
        let outcome = assess(&facts, &on("2024-01-10"));
        assert!(outcome.is_elector());
        assert_eq!(
            outcome.eligible,
            Err(vec![Reason::EmployerAuthority(authority)])
        );
    }
}

/// Code du travail, art. L2314-19 al. 2: part time in several companies, eligible in one
/// only.
#[test]
fn l2314_19_part_time_standing_elsewhere() {
    let facts = VoterFacts {
        candidate_in_another_company: true,
        ..adult(Tenure::Months(60))
    };
    assert_eq!(
        eligible(&facts, "2024-01-10"),
        Err(vec![Reason::CandidateInAnotherCompany])
    );
}

/// Code du travail, art. L2314-18 and L2314-19: every reason is listed, in article order.
#[test]
fn l2314_19_every_reason_listed() {
    let facts = VoterFacts {
        employer_relative: Some(EmployerRelative::Descendant),
        ..VoterFacts::employee(d("2008-12-01"), Tenure::Since(d("2023-12-15")))
    };
    let outcome = assess(&facts, &on("2024-01-10"));
    assert_eq!(
        outcome.elector,
        Err(vec![
            Reason::UnderSixteen { age_years: 15 },
            Reason::ElectorSeniority {
                months: 0,
                required_months: 3
            },
        ])
    );
    assert_eq!(
        outcome.eligible,
        Err(vec![
            Reason::NotElector,
            Reason::UnderEighteen { age_years: 15 },
            Reason::EligibleSeniority {
                months: 0,
                required_months: 12
            },
            Reason::EmployerRelative(EmployerRelative::Descendant),
        ])
    );
}

fn seconded(presence: Tenure, chose_host_company: bool) -> VoterFacts {
    VoterFacts {
        employment: Employment::Seconded {
            presence,
            chose_host_company,
        },
        ..adult(Tenure::Months(0))
    }
}

/// Code du travail, art. L2314-23 al. 1: twelve continuous months of presence in the host
/// company to vote there; never eligible there.
#[test]
fn l2314_23_exactly_twelve_months_never_eligible() {
    let facts = seconded(Tenure::Since(d("2023-01-10")), true);
    let outcome = assess(&facts, &on("2024-01-10"));
    assert_eq!(outcome.elector, Ok(()));
    assert_eq!(outcome.eligible, Err(vec![Reason::SecondedNotEligible]));
    assert_eq!(
        elector(&facts, "2024-01-09"),
        Err(vec![Reason::SecondedPresence {
            months: 11,
            required_months: 12
        }])
    );
    assert_eq!(
        elector(&seconded(Tenure::Months(12), true), "2024-01-10"),
        Ok(())
    );
}

/// Code du travail, art. L2314-23 al. 2: a salarié mis à disposition who meets the
/// conditions votes in the host company only if they chose to.
#[test]
fn l2314_23_did_not_choose_host_company() {
    let facts = seconded(Tenure::Months(30), false);
    let outcome = assess(&facts, &on("2024-01-10"));
    assert_eq!(outcome.elector, Err(vec![Reason::SecondedDidNotChooseHost]));
    assert_eq!(
        outcome.eligible,
        Err(vec![Reason::NotElector, Reason::SecondedNotEligible])
    );
    assert_eq!(
        Reason::SecondedDidNotChooseHost.citation(),
        "Code du travail, art. L2314-23 al. 2"
    );
}

/// Code du travail, art. L2314-25: the labour inspector may waive the seniority conditions,
/// to vote and to stand separately; not the age, and (this module's reading) not the
/// presence of L2314-23.
#[test]
fn l2314_25_inspector_waives_seniority() {
    let mut facts = adult(Tenure::Months(1));
    facts.seniority_waiver.elector = true;
    let outcome = assess(&facts, &on("2024-01-10"));
    assert_eq!(outcome.elector, Ok(()));
    assert_eq!(
        outcome.eligible,
        Err(vec![Reason::EligibleSeniority {
            months: 1,
            required_months: 12
        }])
    );
    facts.seniority_waiver.eligible = true;
    assert!(assess(&facts, &on("2024-01-10")).is_eligible());

    let young = VoterFacts {
        seniority_waiver: SeniorityWaiver {
            elector: true,
            eligible: true,
        },
        ..VoterFacts::employee(d("2007-01-11"), Tenure::Months(0))
    };
    assert_eq!(
        assess(&young, &on("2024-01-10")).eligible,
        Err(vec![Reason::UnderEighteen { age_years: 16 }])
    );

    let mut seconded = seconded(Tenure::Months(6), true);
    seconded.seniority_waiver.elector = true;
    assert!(!assess(&seconded, &on("2024-01-10")).is_elector());
}

/// Code du travail, art. L2314-19: reasons name their article for the import's report.
#[test]
fn l2314_19_reason_display_cites_article() {
    let reason = Reason::UnderEighteen { age_years: 17 };
    assert_eq!(
        reason.to_string(),
        "under 18 (aged 17): Code du travail, art. L2314-19 al. 1"
    );
}
