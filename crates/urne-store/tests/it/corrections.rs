//! Fixing the set-up before the scrutin is sealed.

use urne_store::registry::{Body, Role};
use urne_store::StoreError;

use crate::on_each_backend;
use crate::setup::basic_setup;

#[tokio::test]
async fn the_setup_can_be_corrected() {
    on_each_backend("corrections", |stores| async move {
        let registry = &stores.registry;
        let (scrutin_id, election_id) = basic_setup(&stores).await;
        let election = registry.election(election_id).await.unwrap();
        let (establishment, college) = (election.establishment_id, election.college_id);

        registry
            .update_establishment(establishment, "Siège social", "", "Toulouse")
            .await
            .unwrap();
        assert_eq!(
            registry.establishments().await.unwrap()[0].name,
            "Siège social"
        );
        registry.update_college(college, "Employés").await.unwrap();
        assert!(matches!(
            registry.update_college(9999, "x").await,
            Err(StoreError::NotFound(_))
        ));

        registry
            .update_scrutin(scrutin_id, "CSE — 1er tour", 100, 200)
            .await
            .unwrap();
        let scrutin = registry.scrutin(scrutin_id).await.unwrap();
        assert_eq!(
            (scrutin.name.as_str(), scrutin.opens_at, scrutin.closes_at),
            ("CSE — 1er tour", 100, 200)
        );
        assert!(matches!(
            registry.update_scrutin(scrutin_id, "x", 200, 100).await,
            Err(StoreError::Invalid(_))
        ));

        registry
            .add_election(
                "el-s",
                scrutin_id,
                establishment,
                college,
                Body::Suppleants,
                3,
            )
            .await
            .unwrap();
        registry
            .set_seats(scrutin_id, establishment, college, 5)
            .await
            .unwrap();
        let seats: Vec<u32> = registry
            .elections(scrutin_id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seats)
            .collect();
        assert_eq!(seats, [5, 5], "titulaires and suppléants alike");

        // Elections with a list cannot be removed; without, they can.
        let list = registry.add_list(election_id, None, "Libre").await.unwrap();
        assert!(matches!(
            registry
                .delete_elections(scrutin_id, establishment, college)
                .await,
            Err(StoreError::Conflict(_))
        ));
        registry.delete_list(list).await.unwrap();
        registry
            .delete_elections(scrutin_id, establishment, college)
            .await
            .unwrap();
        assert!(registry.elections(scrutin_id).await.unwrap().is_empty());

        // Staff: the last organisateur stays.
        let rh = registry
            .add_staff("rh", "RH", "$x", Role::Organisateur, None)
            .await
            .unwrap();
        let hotline = registry
            .add_staff("h", "Hotline", "$x", Role::Hotline, None)
            .await
            .unwrap();
        registry.start_session(hotline, "t", 10).await.unwrap();
        registry.delete_staff(hotline).await.unwrap();
        assert_eq!(registry.session("t", 0).await.unwrap(), None);
        assert!(matches!(
            registry.delete_staff(rh).await,
            Err(StoreError::Conflict(_))
        ));
    })
    .await;
}
