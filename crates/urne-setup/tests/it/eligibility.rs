//! Code du travail, art. L2314-18 and L2314-19: eligibility assessed on each line, a non-elector
//! kept with its reasons rather than refused.

use urne_setup::Seniority;

use crate::common::read;

/// Code du travail, art. L2314-18 (16 years old to vote) and L2314-19 (18 and a year to stand),
/// assessed on 10 March 2025.
#[test]
fn minors_are_stored_with_their_reasons() {
    // 15 years old on the assessment date (16 the next day), hired long enough ago; 17 years
    // old with six months of seniority given in months.
    let text = "Matricule;Civilité;Nom;Prénom;Date de naissance;Établissement;Collège;Date d'entrée;Ancienneté\n\
M15;M.;Jeune;Théo;11/03/2009;PAR;C1;01/09/2023;\n\
M17;Mme;Cadette;Léa;01/01/2008;PAR;C1;;6\n";
    let file = read("voters.csv", text.as_bytes()).unwrap();
    let [fifteen, seventeen] = file.voters.as_slice() else {
        panic!("two voters expected");
    };
    assert!(!fifteen.eligibility.elector);
    assert!(!fifteen.eligibility.eligible);
    assert!(
        fifteen.eligibility.reasons[0].contains("under 16")
            && fifteen.eligibility.reasons[0].contains("L2314-18"),
        "{:?}",
        fifteen.eligibility.reasons
    );
    assert_eq!(seventeen.seniority, Seniority::Months(6));
    assert!(seventeen.eligibility.elector);
    assert!(!seventeen.eligibility.eligible);
    assert_eq!(
        seventeen.eligibility.reasons,
        [
            "under 18 (aged 17): Code du travail, art. L2314-19 al. 1",
            "6 months of seniority, 12 required: Code du travail, art. L2314-19 al. 1",
        ]
    );
}
