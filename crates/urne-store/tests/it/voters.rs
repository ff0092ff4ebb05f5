//! Voter imports applied as diffs, in one transaction; removed voters' codes revoked;
//! headcounts; the émargement.

use urne_rules::date::Date;
use urne_setup::diff::diff_voters;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};
use urne_store::registry::{AccessCode, CodeOrigin};
use urne_store::StoreError;

use crate::on_each_backend;
use crate::setup::basic_setup;

pub(crate) fn voter(matricule: &str, civility: Civility, college: &str) -> Voter {
    Voter {
        matricule: matricule.to_owned(),
        civility,
        last_name: format!("Nom {matricule}"),
        first_name: "Dominique".to_owned(),
        birth_date: Date::new(1980, 2, 29).unwrap(),
        establishment: "SIEGE".to_owned(),
        college: college.to_owned(),
        seniority: Seniority::EntryDate(Date::new(2010, 9, 1).unwrap()),
        professional_email: Some(format!("{matricule}@example.fr")),
        mobile: None,
        address: PostalAddress {
            lines: vec!["3 rue des Lilas".to_owned(), "Bât. B".to_owned()],
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: "France".to_owned(),
        },
        challenge: ChallengeHashes {
            badge: Some([7; 32]),
            ss_key: None,
        },
        eligibility: VoterEligibility {
            elector: true,
            eligible: true,
            reasons: vec![],
        },
    }
}

#[tokio::test]
async fn imports_are_diffs_applied_whole() {
    on_each_backend("voters", |stores| async move {
        let registry = &stores.registry;
        let (scrutin_id, election_id) = basic_setup(&stores).await;
        let mut first = vec![
            voter("A1", Civility::Madame, "1"),
            voter("A2", Civility::Monsieur, "1"),
            voter("A3", Civility::Madame, "2"),
        ];
        first[2].seniority = Seniority::Months(2);
        first[2].eligibility = VoterEligibility {
            elector: false,
            eligible: false,
            reasons: vec![
                "L2314-18: moins de 3 mois".to_owned(),
                "L2314-19".to_owned(),
            ],
        };
        let diff = diff_voters(&[], &first);
        assert_eq!(registry.apply_voter_diff(&diff, 10).await.unwrap(), 0);
        let stored: Vec<_> = registry.voters().await.unwrap();
        assert_eq!(
            stored.iter().map(|s| s.voter.clone()).collect::<Vec<_>>(),
            first,
            "every field round-trips"
        );
        let counts = registry.voter_counts().await.unwrap();
        assert_eq!(
            counts
                .iter()
                .map(|c| (c.college.as_str(), c.voters, c.electors, c.women, c.men))
                .collect::<Vec<_>>(),
            [("1", 2, 2, 1, 1), ("2", 1, 0, 1, 0)]
        );

        // A2 gets an access code, then leaves the company; A1 changes college; B1 arrives.
        let a2 = registry.voter_id("A2").await.unwrap();
        registry
            .issue_access_codes(scrutin_id, &[(a2, [1; 32])], CodeOrigin::Server, 20)
            .await
            .unwrap();
        let active = |code: Option<AccessCode>| u64::from(code.is_some());
        assert_eq!(
            active(registry.active_access_code(a2, scrutin_id).await.unwrap()),
            1
        );
        let mut second = vec![
            first[0].clone(),
            first[2].clone(),
            voter("B1", Civility::Monsieur, "1"),
        ];
        second[0].college = "2".to_owned();
        let current: Vec<Voter> = stored.into_iter().map(|s| s.voter).collect();
        let diff = diff_voters(&current, &second);
        assert_eq!(
            (diff.added.len(), diff.removed.len(), diff.changed.len()),
            (1, 1, 1)
        );
        assert_eq!(
            registry.apply_voter_diff(&diff, 30).await.unwrap(),
            1,
            "A2's code revoked"
        );
        assert_eq!(
            active(registry.active_access_code(a2, scrutin_id).await.unwrap()),
            0
        );
        let matricules: Vec<String> = registry
            .voters()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.voter.matricule)
            .collect();
        assert_eq!(matricules, ["A1", "A3", "B1"]);
        assert_eq!(registry.voter_total().await.unwrap(), 3);
        let election = registry.election(election_id).await.unwrap();
        let college_1: Vec<String> = registry
            .voters_in(election.establishment_id, election.college_id)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.voter.matricule)
            .collect();
        assert_eq!(
            college_1,
            ["B1"],
            "A1 moved to college 2, A3 is in college 2"
        );

        // A voter of an unknown establishment: the whole import fails, nothing changes.
        let mut bad = voter("C1", Civility::Madame, "1");
        bad.establishment = "NOWHERE".to_owned();
        let many: Vec<Voter> = (0..450)
            .map(|i| voter(&format!("D{i:03}"), Civility::Madame, "1"))
            .chain([bad])
            .collect();
        let refused = registry
            .apply_voter_diff(&diff_voters(&[], &many), 40)
            .await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{refused:?}"
        );
        assert_eq!(
            registry.voter_total().await.unwrap(),
            3,
            "nothing half-written"
        );

        // Émargement: idempotent.
        let a1 = registry.voter_id("A1").await.unwrap();
        assert!(!registry.has_voted(a1, election_id).await.unwrap());
        assert!(registry
            .record_emargement(a1, election_id, 50)
            .await
            .unwrap());
        assert!(!registry
            .record_emargement(a1, election_id, 51)
            .await
            .unwrap());
        assert!(registry.has_voted(a1, election_id).await.unwrap());
        assert_eq!(registry.emargement_count(election_id).await.unwrap(), 1);
    })
    .await;
}
