//! Ballots into the record in batches: waiting ballots stay out of the record and of the
//! count until a batch publishes them, in tracker order; the record reads back page by page.

use urne_record::batch::BallotBatch;
use urne_record::chain::event_hash;
use urne_store::batches::TrackerPlace;

use crate::on_each_backend;

#[tokio::test]
async fn batches_publish_waiting_ballots_in_tracker_order() {
    on_each_backend("batches", |stores| async move {
        let ballot_box = &stores.ballot_box;
        ballot_box
            .append_event("rec", "manifest", b"{}")
            .await
            .unwrap();
        // Five ballots; their trackers in reverse order of arrival.
        for i in 0..5u8 {
            ballot_box
                .store_ballot("el", &[i; 32], &[i; 8], &[9 - i; 32])
                .await
                .unwrap();
        }
        assert_eq!(ballot_box.waiting_ballots("el").await.unwrap(), 5);
        assert!(ballot_box
            .ballot_page("el", None, 10)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            ballot_box.tracker_place("el", &[9; 32]).await.unwrap(),
            TrackerPlace::Waiting
        );
        // Fewer waiting than the minimum: nothing is published.
        assert!(ballot_box
            .append_batch("rec", "el", 6, 3)
            .await
            .unwrap()
            .is_none());
        let event = ballot_box
            .append_batch("rec", "el", 2, 3)
            .await
            .unwrap()
            .expect("a batch");
        assert_eq!((event.seq, event.kind.as_str()), (1, "ballots"));
        let batch = BallotBatch::from_bytes(&event.payload).unwrap();
        let trackers: Vec<[u8; 32]> = batch.tracker_bytes().unwrap();
        assert_eq!(trackers, [[5; 32], [6; 32], [7; 32]]);
        // Its ballots, in tracker order: those of credentials 4, 3, 2.
        assert_eq!(
            ballot_box.batch_ballots("el", 1).await.unwrap(),
            [[4u8; 8], [3; 8], [2; 8]].concat()
        );
        assert_eq!(
            ballot_box.tracker_place("el", &[6; 32]).await.unwrap(),
            TrackerPlace::Published(1)
        );
        assert_eq!(
            ballot_box.tracker_place("el", &[1; 32]).await.unwrap(),
            TrackerPlace::Absent
        );
        assert_eq!(
            ballot_box.ballot_page("el", None, 10).await.unwrap().len(),
            3
        );
        // The rest, flushed, in a batch of its own.
        assert_eq!(
            ballot_box.flush_batches("rec", "el", 1000).await.unwrap(),
            1
        );
        assert_eq!(ballot_box.waiting_ballots("el").await.unwrap(), 0);
        assert_eq!(
            ballot_box.flush_batches("rec", "el", 1000).await.unwrap(),
            0
        );
        assert_eq!(
            ballot_box.ballot_page("el", None, 10).await.unwrap().len(),
            5
        );
        // The chain is the protocol's, and reads back page by page from any position.
        let events = ballot_box.events("rec").await.unwrap();
        let mut previous = [0; 32];
        for e in &events {
            assert_eq!(
                e.hash,
                event_hash("rec", e.seq, &previous, &e.kind, &e.payload)
            );
            previous = e.hash;
        }
        assert_eq!(ballot_box.head("rec").await.unwrap(), Some((2, previous)));
        assert_eq!(
            ballot_box.events_from("rec", None, 1, 1).await.unwrap(),
            events[1..2]
        );
        assert_eq!(
            ballot_box.events_from("rec", None, 1, 10).await.unwrap(),
            events[1..]
        );
        assert_eq!(
            ballot_box
                .seq_of_hash("rec", &events[1].hash)
                .await
                .unwrap(),
            Some(1)
        );
        assert_eq!(ballot_box.seq_of_hash("rec", &[0; 32]).await.unwrap(), None);
        assert_eq!(ballot_box.head("none").await.unwrap(), None);
    })
    .await;
}
