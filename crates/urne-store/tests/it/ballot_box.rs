//! The ballot box: the hash chain of events, and one ballot per credential, idempotently.

use urne_store::ballot_box::Stored;
use urne_store::StoreError;

use crate::on_each_backend;

#[tokio::test]
async fn events_are_chained() {
    on_each_backend("events", |stores| async move {
        let ballot_box = &stores.ballot_box;
        let first = ballot_box
            .append_event("rec", "manifest", b"m")
            .await
            .unwrap();
        let second = ballot_box.append_event("rec", "seal", b"s").await.unwrap();
        ballot_box
            .append_event("other", "manifest", b"o")
            .await
            .unwrap();
        assert_eq!((first.seq, second.seq), (0, 1));
        assert_eq!(first.prev_hash, [0; 32]);
        assert_eq!(second.prev_hash, first.hash);
        assert_ne!(first.hash, second.hash);
        assert_eq!(
            ballot_box.events("rec").await.unwrap(),
            [first, second.clone()]
        );
        assert_eq!(ballot_box.first_broken_link("rec").await.unwrap(), None);
        // Several at once continue the chain, in order.
        let batch = ballot_box
            .append_events("rec", &[("bureau", b"b"), ("server-key", b"k")])
            .await
            .unwrap();
        assert_eq!((batch[0].seq, batch[1].seq), (2, 3));
        assert_eq!(batch[0].prev_hash, second.hash);
        assert_eq!(batch[1].prev_hash, batch[0].hash);
        assert_eq!(ballot_box.events("rec").await.unwrap().len(), 4);
        assert_eq!(ballot_box.first_broken_link("rec").await.unwrap(), None);
        assert_eq!(
            ballot_box
                .event_payloads("rec", "server-key")
                .await
                .unwrap(),
            [b"k".to_vec()]
        );
    })
    .await;
}

#[tokio::test]
async fn one_ballot_per_credential() {
    on_each_backend("ballots", |stores| async move {
        let ballot_box = &stores.ballot_box;
        let add = |credential: &'static [u8], ballot: &'static [u8]| {
            let ballot_box = ballot_box.clone();
            async move {
                ballot_box
                    .store_ballot("el", credential, ballot, &[ballot[0]; 32])
                    .await
            }
        };
        assert_eq!(add(b"cred-a", b"ballot-1").await.unwrap(), Stored::Added);
        assert_eq!(
            add(b"cred-a", b"ballot-1").await.unwrap(),
            Stored::AlreadyThere
        );
        assert!(matches!(
            add(b"cred-a", b"ballot-2").await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(add(b"cred-b", b"xballot").await.unwrap(), Stored::Added);
        assert_eq!(ballot_box.ballot_count("el").await.unwrap(), 2);
        assert_eq!(ballot_box.ballot_count("other").await.unwrap(), 0);
        assert!(ballot_box.has_tracker("el", &[b'x'; 32]).await.unwrap());
        assert!(!ballot_box.has_tracker("other", &[b'x'; 32]).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn concurrent_casts_store_one_ballot() {
    on_each_backend("concurrent", |stores| async move {
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let ballot_box = stores.ballot_box.clone();
            tasks.push(tokio::spawn(async move {
                ballot_box
                    .store_ballot("el", b"cred", b"ballot", &[1; 32])
                    .await
                    .unwrap()
            }));
        }
        let mut added = 0;
        for task in tasks {
            if task.await.unwrap() == Stored::Added {
                added += 1;
            }
        }
        assert_eq!(added, 1);
        assert_eq!(stores.ballot_box.ballot_count("el").await.unwrap(), 1);
    })
    .await;
}
