//! Organisation, establishments, colleges, scrutins, calendars and elections.

use urne_rules::date::Date;
use urne_store::registry::{Body, NewScrutin, Organisation};
use urne_store::{StoreError, Stores};

use crate::on_each_backend;

/// A scrutin with one establishment ("SIEGE"), two colleges ("1", "2") and the titulaires
/// election of college 1 (3 seats). Returns (scrutin id, election id).
pub(crate) async fn basic_setup(stores: &Stores) -> (i64, i64) {
    let registry = &stores.registry;
    let siege = registry
        .add_establishment(
            "SIEGE",
            "Siège",
            "77812761300041",
            "1 rue de la Paix, Paris",
        )
        .await
        .unwrap();
    let college = registry
        .add_college("1", "Ouvriers et employés")
        .await
        .unwrap();
    registry.add_college("2", "Cadres").await.unwrap();
    let scrutin = registry
        .add_scrutin(&NewScrutin {
            record_uid: "rec-1".to_owned(),
            name: "CSE 2027, 1er tour".to_owned(),
            round: 1,
            first_round_id: None,
            first_round_day: Date::new(2027, 11, 21).unwrap(),
            opens_at: 1_826_000_000,
            closes_at: 1_826_200_000,
        })
        .await
        .unwrap();
    let election = registry
        .add_election("el-1", scrutin, siege, college, Body::Titulaires, 3)
        .await
        .unwrap();
    (scrutin, election)
}

#[tokio::test]
async fn organisation_establishments_colleges() {
    on_each_backend("org", |stores| async move {
        let registry = &stores.registry;
        assert_eq!(registry.organisation().await.unwrap(), None);
        let org = Organisation {
            name: "Stelia".to_owned(),
            siren: "778127613".to_owned(),
            idcc: "3248".to_owned(),
            naf: "3030Z".to_owned(),
            protocol_date: "2026-09-15".to_owned(),
        };
        registry.set_organisation(&org).await.unwrap();
        registry.set_organisation(&org).await.unwrap();
        assert_eq!(registry.organisation().await.unwrap(), Some(org));
        basic_setup(&stores).await;
        let codes: Vec<String> = registry
            .colleges()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(codes, ["1", "2"]);
        let taken = registry.add_establishment("SIEGE", "Other", "", "").await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
    })
    .await;
}

#[tokio::test]
async fn scrutins_calendar_and_elections() {
    on_each_backend("scrutins", |stores| async move {
        let registry = &stores.registry;
        let (scrutin_id, election_id) = basic_setup(&stores).await;
        let scrutin = registry.scrutin(scrutin_id).await.unwrap();
        assert_eq!(scrutin.round, 1);
        assert_eq!(scrutin.first_round_day.to_string(), "2027-11-21");
        assert!(!scrutin.lists_locked);
        let backwards = registry
            .add_scrutin(&NewScrutin {
                record_uid: "rec-2".to_owned(),
                name: "x".to_owned(),
                round: 1,
                first_round_id: None,
                first_round_day: Date::new(2027, 11, 21).unwrap(),
                opens_at: 10,
                closes_at: 5,
            })
            .await;
        assert!(matches!(backwards, Err(StoreError::Invalid(_))));

        registry
            .set_calendar_step(scrutin_id, "depot_candidatures", "2027-10-27T12:00")
            .await
            .unwrap();
        registry
            .set_calendar_step(scrutin_id, "annonce", "2027-09-04T09:00")
            .await
            .unwrap();
        registry
            .set_calendar_step(scrutin_id, "annonce", "2027-09-05T09:00")
            .await
            .unwrap();
        let calendar = registry.calendar(scrutin_id).await.unwrap();
        assert_eq!(
            calendar,
            [
                ("annonce".to_owned(), "2027-09-05T09:00".to_owned()),
                (
                    "depot_candidatures".to_owned(),
                    "2027-10-27T12:00".to_owned()
                )
            ]
        );

        let election = registry.election(election_id).await.unwrap();
        assert_eq!((election.body, election.seats), (Body::Titulaires, 3));
        let twice = registry
            .add_election(
                "el-other",
                scrutin_id,
                election.establishment_id,
                election.college_id,
                Body::Titulaires,
                3,
            )
            .await;
        assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
        registry
            .add_election(
                "el-2",
                scrutin_id,
                election.establishment_id,
                election.college_id,
                Body::Suppleants,
                3,
            )
            .await
            .unwrap();
        let bodies: Vec<Body> = registry
            .elections(scrutin_id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.body)
            .collect();
        assert_eq!(bodies, [Body::Titulaires, Body::Suppleants]);
    })
    .await;
}
