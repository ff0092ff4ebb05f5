//! Unions, lists, candidates and their files; locking at the end of the recette.

use urne_rules::parity::Sex;
use urne_store::registry::NewCandidate;
use urne_store::StoreError;

use crate::on_each_backend;
use crate::setup::basic_setup;

fn candidate(sex: Sex, last_name: &str) -> NewCandidate {
    NewCandidate {
        sex,
        last_name: last_name.to_owned(),
        first_name: "Camille".to_owned(),
        birth_date: None,
    }
}

#[tokio::test]
async fn lists_candidates_and_files() {
    on_each_backend("lists", |stores| async move {
        let registry = &stores.registry;
        let (scrutin_id, election_id) = basic_setup(&stores).await;
        let cfdt = registry.ensure_union("CFDT").await.unwrap();
        assert_eq!(registry.ensure_union("CFDT").await.unwrap(), cfdt);
        let list = registry
            .add_list(election_id, Some(cfdt), "CFDT — ensemble")
            .await
            .unwrap();
        let same_name = registry
            .add_list(election_id, None, "CFDT — ensemble")
            .await;
        assert!(matches!(same_name, Err(StoreError::Conflict(_))));

        registry
            .set_candidates(
                list,
                &[
                    candidate(Sex::Woman, "Martin"),
                    candidate(Sex::Man, "Bernard"),
                ],
            )
            .await
            .unwrap();
        registry
            .set_candidates(
                list,
                &[
                    candidate(Sex::Man, "Bernard"),
                    candidate(Sex::Woman, "Martin"),
                    candidate(Sex::Man, "Petit"),
                ],
            )
            .await
            .unwrap();
        let candidates = registry.candidates(list).await.unwrap();
        let order: Vec<(u32, Sex, &str)> = candidates
            .iter()
            .map(|c| (c.position, c.sex, c.last_name.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (1, Sex::Man, "Bernard"),
                (2, Sex::Woman, "Martin"),
                (3, Sex::Man, "Petit")
            ]
        );

        let pdf = b"%PDF-1.7 fake".to_vec();
        assert!(matches!(
            registry.profession_de_foi(list).await,
            Err(StoreError::NotFound(_))
        ));
        registry
            .set_profession_de_foi(list, "pdf-cfdt.pdf", &pdf)
            .await
            .unwrap();
        let stored = registry.profession_de_foi(list).await.unwrap();
        assert_eq!(
            (stored.content, stored.label.as_str()),
            (pdf, "pdf-cfdt.pdf")
        );
        registry.set_logo(list, "image/png", b"png").await.unwrap();
        assert_eq!(registry.logo(list).await.unwrap().label, "image/png");
        registry
            .set_photo(candidates[0].id, "image/jpeg", b"jpg")
            .await
            .unwrap();
        assert_eq!(
            registry.photo(candidates[0].id).await.unwrap().content,
            b"jpg"
        );
        let summary = registry.list(list).await.unwrap();
        assert_eq!(
            summary.profession_de_foi_name.as_deref(),
            Some("pdf-cfdt.pdf")
        );
        assert_eq!(summary.union_id, Some(cfdt));

        // A list file is imported whole or not at all: the second list's name is taken.
        let batch = vec![
            (
                Some(cfdt),
                "Nouvelle".to_owned(),
                vec![candidate(Sex::Woman, "Roux")],
            ),
            (Some(cfdt), "CFDT — ensemble".to_owned(), vec![]),
        ];
        assert!(matches!(
            registry.add_lists(election_id, &batch).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            registry.lists(election_id).await.unwrap().len(),
            1,
            "nothing stored"
        );
        let ids = registry.add_lists(election_id, &batch[..1]).await.unwrap();
        assert_eq!(
            registry.candidates(ids[0]).await.unwrap()[0].last_name,
            "Roux"
        );
        registry.delete_list(ids[0]).await.unwrap();

        // End of the recette: nothing may change any more.
        registry.set_lists_locked(scrutin_id, true).await.unwrap();
        for refused in [
            registry
                .add_list(election_id, Some(cfdt), "Late")
                .await
                .err(),
            registry.set_candidates(list, &[]).await.err(),
            registry.set_logo(list, "image/png", b"x").await.err(),
            registry.delete_list(list).await.err(),
        ] {
            assert!(
                matches!(refused, Some(StoreError::Conflict(_))),
                "{refused:?}"
            );
        }
        registry.set_lists_locked(scrutin_id, false).await.unwrap();
        registry.delete_list(list).await.unwrap();
        assert!(registry.lists(election_id).await.unwrap().is_empty());
    })
    .await;
}
