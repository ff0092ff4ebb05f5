//! Voter access in the stores: issued codes (replacing, counting, locking), declared numbers,
//! voter sessions, hotline requests, returned letters, communication runs, and the ballot box's
//! credential lists.

use urne_setup::diff::diff_voters;
use urne_setup::model::Civility;
use urne_store::registry::{ChallengeKind, CodeOrigin, NewHotlineRequest, PhoneDeclaration};
use urne_store::{Conflict, StoreError};

use crate::on_each_backend;
use crate::setup::basic_setup;
use crate::voters::voter;

#[tokio::test]
async fn codes_are_replaced_counted_and_locked() {
    on_each_backend("codes", |stores| async move {
        let registry = &stores.registry;
        let (scrutin, _) = basic_setup(&stores).await;
        let voters = vec![
            voter("A1", Civility::Madame, "1"),
            voter("A2", Civility::Monsieur, "1"),
            voter("C1", Civility::Madame, "2"),
        ];
        registry
            .apply_voter_diff(&diff_voters(&[], &voters), 1)
            .await
            .unwrap();
        // Only college 1 has an election: A1 and A2 are the scrutin's electors.
        let electors = registry.scrutin_electors(scrutin).await.unwrap();
        assert_eq!(electors.len(), 2);
        assert!(electors.iter().all(|e| e.elections == ["el-1"]));
        let a1 = electors[0].voter_id;
        let a2 = electors[1].voter_id;
        let c1 = registry.voter_id("C1").await.unwrap();
        assert_eq!(
            registry.elector(scrutin, a1).await.unwrap(),
            Some(electors[0].clone())
        );
        assert_eq!(registry.elector(scrutin, c1).await.unwrap(), None);
        let with_voters = registry.scrutin_elector_voters(scrutin).await.unwrap();
        let matricules: Vec<&str> = with_voters
            .iter()
            .map(|(_, v)| v.voter.matricule.as_str())
            .collect();
        assert_eq!(matricules, ["A1", "A2"]);
        assert!(with_voters.iter().all(|(e, v)| e.voter_id == v.id));
        assert_eq!(registry.scrutin_by_uid("rec-1").await.unwrap().id, scrutin);
        assert!(matches!(
            registry.scrutin_by_uid("nope").await,
            Err(StoreError::NotFound(_))
        ));
        let born = registry
            .voters_born_on(urne_rules::date::Date::new(1980, 2, 29).unwrap())
            .await
            .unwrap();
        assert_eq!(born.len(), 3);
        let nobody = registry
            .voters_born_on(urne_rules::date::Date::new(1980, 3, 1).unwrap())
            .await
            .unwrap();
        assert!(nobody.is_empty());

        let revoked = registry
            .issue_access_codes(
                scrutin,
                &[(a1, [1; 32]), (a2, [2; 32])],
                CodeOrigin::Server,
                10,
            )
            .await
            .unwrap();
        assert_eq!(revoked, 0);
        // A verifier already known: nothing of the batch is stored.
        let err = registry
            .issue_access_codes(
                scrutin,
                &[(a1, [3; 32]), (a2, [1; 32])],
                CodeOrigin::Recovery,
                11,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
        assert!(registry
            .access_code_by_verifier(&[3; 32])
            .await
            .unwrap()
            .is_none());
        // A recovery replaces A1's code.
        let revoked = registry
            .issue_access_codes(scrutin, &[(a1, [3; 32])], CodeOrigin::Recovery, 12)
            .await
            .unwrap();
        assert_eq!(revoked, 1);
        let old = registry
            .access_code_by_verifier(&[1; 32])
            .await
            .unwrap()
            .unwrap();
        assert!(!old.active);
        let new = registry
            .active_access_code(a1, scrutin)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(new.origin, CodeOrigin::Recovery);
        let counts = registry.access_code_counts(scrutin).await.unwrap();
        assert_eq!(counts["server"], (1, 1));
        assert_eq!(counts["recovery"], (1, 0));

        // Five failures lock for 900 s; tries while locked do not extend it.
        for i in 0..4 {
            assert!(!registry
                .record_access_failure(new.id, 100 + i, 5, 900)
                .await
                .unwrap());
        }
        assert!(registry
            .record_access_failure(new.id, 104, 5, 900)
            .await
            .unwrap());
        assert!(registry
            .record_access_failure(new.id, 500, 5, 900)
            .await
            .unwrap());
        assert_eq!(
            registry.access_code(new.id).await.unwrap().locked_until,
            1004
        );
        // After the lock, a fresh count.
        assert!(!registry
            .record_access_failure(new.id, 1005, 5, 900)
            .await
            .unwrap());
        assert_eq!(registry.access_code(new.id).await.unwrap().failures, 1);
        registry.clear_access_failures(new.id).await.unwrap();
        assert_eq!(registry.access_code(new.id).await.unwrap().failures, 0);

        // One number per voter, one voter per number.
        use PhoneDeclaration::*;
        assert_eq!(
            registry.declare_phone(scrutin, a1, &[9; 32]).await.unwrap(),
            Bound
        );
        assert_eq!(
            registry.declare_phone(scrutin, a1, &[9; 32]).await.unwrap(),
            Same
        );
        assert_eq!(
            registry.declare_phone(scrutin, a1, &[8; 32]).await.unwrap(),
            OtherNumber
        );
        assert_eq!(
            registry.declare_phone(scrutin, a2, &[9; 32]).await.unwrap(),
            TakenByOther
        );
        assert!(registry.reset_declared_phone(scrutin, a1).await.unwrap());
        assert_eq!(
            registry.declare_phone(scrutin, a2, &[9; 32]).await.unwrap(),
            Bound
        );

        assert_eq!(registry.password_email(scrutin, a1).await.unwrap(), None);
        registry
            .set_password_email(scrutin, a1, "x@example.org")
            .await
            .unwrap();
        assert_eq!(
            registry
                .password_email(scrutin, a1)
                .await
                .unwrap()
                .as_deref(),
            Some("x@example.org")
        );
        assert_eq!(
            registry.scrutin_challenge(scrutin).await.unwrap(),
            ChallengeKind::Badge
        );
        registry
            .set_scrutin_challenge(scrutin, ChallengeKind::SsKey)
            .await
            .unwrap();
        assert_eq!(
            registry.scrutin_challenge(scrutin).await.unwrap(),
            ChallengeKind::SsKey
        );
    })
    .await;
}

#[tokio::test]
async fn voter_sessions_hotline_letters_and_runs() {
    on_each_backend("vsessions", |stores| async move {
        let registry = &stores.registry;
        let (scrutin, _) = basic_setup(&stores).await;
        let voters = vec![voter("A1", Civility::Madame, "1")];
        registry
            .apply_voter_diff(&diff_voters(&[], &voters), 1)
            .await
            .unwrap();
        let a1 = registry.voter_id("A1").await.unwrap();
        registry
            .issue_access_codes(scrutin, &[(a1, [1; 32])], CodeOrigin::Authority, 10)
            .await
            .unwrap();
        let code = registry
            .active_access_code(a1, scrutin)
            .await
            .unwrap()
            .unwrap();

        registry
            .create_voter_session(&[5; 32], scrutin, Some(code.id), "phone", 100)
            .await
            .unwrap();
        registry
            .create_voter_session(&[6; 32], scrutin, None, "phone", 100)
            .await
            .unwrap();
        let session = registry.voter_session(&[5; 32], 50).await.unwrap().unwrap();
        assert_eq!(session.access_code_id, Some(code.id));
        registry
            .update_voter_session(session.id, "password", Some((&[4; 32], 80)), 1, 90)
            .await
            .unwrap();
        let session = registry.voter_session(&[5; 32], 50).await.unwrap().unwrap();
        assert_eq!(
            (session.stage.as_str(), session.otp_hash, session.otp_sends),
            ("password", Some([4; 32]), 1)
        );
        assert!(registry
            .voter_session(&[5; 32], 95)
            .await
            .unwrap()
            .is_none());
        registry.delete_voter_session(session.id).await.unwrap();
        assert_eq!(registry.purge_voter_sessions(99).await.unwrap(), 0);
        assert!(registry
            .voter_session(&[5; 32], 50)
            .await
            .unwrap()
            .is_none());
        assert!(registry
            .voter_session(&[6; 32], 50)
            .await
            .unwrap()
            .is_some());

        let request = NewHotlineRequest {
            scrutin_id: scrutin,
            last_name: "Nom".to_owned(),
            first_name: "Prénom".to_owned(),
            birth_date: "1980-02-29".to_owned(),
            email: "perso@example.org".to_owned(),
            phone: "+33612345678".to_owned(),
            subject: "password".to_owned(),
            message: "Pas de mobile".to_owned(),
        };
        let id = registry.add_hotline_request(&request, 20).await.unwrap();
        let list = registry.hotline_requests().await.unwrap();
        assert_eq!((list.len(), list[0].status.as_str()), (1, "open"));
        registry
            .decide_hotline_request(id, Some(a1), "op", "identité vérifiée", 30)
            .await
            .unwrap();
        let err = registry
            .decide_hotline_request(id, None, "op2", "non", 31)
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            StoreError::Conflict(Conflict::AlreadyDecided)
        ));
        let decided = registry.hotline_request(id).await.unwrap();
        assert_eq!(
            (decided.status.as_str(), decided.voter_id),
            ("validated", Some(a1))
        );

        registry
            .record_returned_letter(scrutin, a1, "org", "NPAI", 40)
            .await
            .unwrap();
        let letters = registry.returned_letters(scrutin).await.unwrap();
        assert_eq!((letters.len(), letters[0].matricule.as_str()), (1, "A1"));
        registry
            .mark_letter_resent(letters[0].id, "org", 41)
            .await
            .unwrap();
        assert!(registry
            .mark_letter_resent(letters[0].id, "org", 42)
            .await
            .is_err());

        let run = registry
            .claim_communication_run(scrutin, "reminder", "2027-11-22", 50)
            .await
            .unwrap();
        assert!(run.is_some());
        assert_eq!(
            registry
                .claim_communication_run(scrutin, "reminder", "2027-11-22", 51)
                .await
                .unwrap(),
            None
        );
        registry
            .finish_communication_run(run.unwrap(), 10, 1, 60)
            .await
            .unwrap();
        let runs = registry.communication_runs(scrutin).await.unwrap();
        assert_eq!(
            (runs[0].sent, runs[0].failed, runs[0].finished_at),
            (10, 1, Some(60))
        );
    })
    .await;
}

#[tokio::test]
async fn credential_lists_are_keyed_by_key_and_counted_by_origin() {
    on_each_backend("credlist", |stores| async move {
        let ballot_box = &stores.ballot_box;
        let keys: Vec<[u8; 32]> = (0..700u16)
            .map(|i| {
                let mut key = [0; 32];
                key[..2].copy_from_slice(&(700 - i).to_be_bytes());
                key
            })
            .collect();
        assert_eq!(
            ballot_box
                .add_credentials("el-1", &keys, "server")
                .await
                .unwrap(),
            700
        );
        assert!(ballot_box
            .add_credentials("el-1", &[[9; 32], keys[3]], "recovery")
            .await
            .is_err());
        assert!(!ballot_box.has_credential("el-1", &[9; 32]).await.unwrap());
        ballot_box
            .add_credentials("el-1", &[[9; 32]], "recovery")
            .await
            .unwrap();
        let counts = ballot_box.credential_counts("el-1").await.unwrap();
        assert_eq!((counts["server"], counts["recovery"]), (700, 1));
        let list = ballot_box.credentials("el-1").await.unwrap();
        assert_eq!(list.len(), 701);
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        assert!(ballot_box.has_credential("el-1", &keys[0]).await.unwrap());
        assert!(!ballot_box.has_credential("el-2", &keys[0]).await.unwrap());
    })
    .await;
}
