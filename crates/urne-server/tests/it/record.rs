//! The public record of a whole scrutin, as anyone downloads it (`/record/UID/archive`), checked
//! by the independent verifier: the record of the bureau's end-to-end test verifies, whole and
//! as a first part taken during the vote plus what was added since.

use std::sync::Arc;

use tokio::sync::Semaphore;
use urne_record::chain::ArchiveHeader;
use urne_record::results::ElectionResult;
use urne_verify::{verify, Options, Report, Source};

use crate::bureau::{download, Life};
use crate::Client;

/// During the vote: the minute's batching publishes the waiting ballots (at least 20 per
/// election); the record as it is then, downloaded by someone with no account, verifies, with
/// its ballots and no count yet. Returns it with its head.
pub(crate) fn snapshot(life: &Life) -> (Vec<u8>, String) {
    let server = &life.server;
    let state = server.state();
    let batches = server
        .block_on(urne_server::batching::tick(&state))
        .unwrap();
    assert!(batches > 0, "ballots published during the vote");
    let (archive, head) = fetch(life);
    let report = run(&[&archive], None);
    assert!(report.ok(), "{}", report.to_text());
    assert!(report.elections.iter().all(|e| !e.counted));
    let published: u64 = report.elections.iter().map(|e| e.accepted).sum();
    assert!(published >= 20, "{published} ballots in the record");
    (archive, head)
}

/// The record as it is now, downloaded by someone with no account; with its head.
fn fetch(life: &Life) -> (Vec<u8>, String) {
    let anyone = Client::new(&life.server.origin);
    let archive = download(&anyone, &format!("/record/{}/archive", life.uid));
    let head = header(&archive).head;
    (archive, head)
}

fn header(archive: &[u8]) -> ArchiveHeader {
    let mut entries = urne_record::archive::EntryReader::new(archive);
    let first = entries.next_entry().unwrap().unwrap();
    assert_eq!(first.name, "record.json");
    ArchiveHeader::from_bytes(&first.bytes).unwrap()
}

fn run(archives: &[&[u8]], since: Option<[u8; 32]>) -> Report {
    let sources = archives
        .iter()
        .enumerate()
        .map(|(i, a)| Source {
            name: format!("part{i}.tar"),
            input: *a,
        })
        .collect();
    verify(sources, &Options { since, threads: 0 }, |_| {}).expect("a record archive")
}

/// After the count: the whole record verifies, every election counted with the ballots of the
/// results; the part taken during the vote plus what was added since verifies the same, and
/// `--since` its head checks only the later ballots' proofs.
pub(crate) fn check(life: &Life, during_vote: &(Vec<u8>, String), results: &[ElectionResult]) {
    let (whole, head) = fetch(life);
    let report = run(&[&whole], None);
    assert!(report.ok(), "{}", report.to_text());
    assert_eq!(report.head, head);
    assert_eq!(report.elections.len(), results.len());
    for (election, result) in report.elections.iter().zip(results) {
        assert!(election.counted, "{}", election.election);
        assert_eq!(election.accepted, result.votants, "{}", election.election);
    }
    let (part, part_head) = during_vote;
    let anyone = Client::new(&life.server.origin);
    let rest = download(
        &anyone,
        &format!("/record/{}/archive?since={part_head}", life.uid),
    );
    let rest_header = header(&rest);
    assert_eq!(&rest_header.previous, part_head);
    assert_eq!(rest_header.head, head);
    let mut since = [0u8; 32];
    hex::decode_to_slice(part_head, &mut since).unwrap();
    let report = run(&[part, &rest], Some(since));
    assert!(report.ok(), "{}", report.to_text());
    assert_eq!(report.head, head);
    // The rest alone is not a record; an unknown hash is refused.
    assert!(verify(
        vec![Source {
            name: "rest.tar".to_owned(),
            input: rest.as_slice()
        }],
        &Options::default(),
        |_| {},
    )
    .is_err());
    let reply = anyone.get(&format!(
        "/record/{}/archive?since={}",
        life.uid,
        "ab".repeat(32)
    ));
    assert_eq!(reply.status, 404);
    let reply = anyone.get(&format!("/record/{}/archive?since=xyz", life.uid));
    assert_eq!(reply.status, 400);
    public_pages(life, &whole, &head, results);
    downloads_are_gated(life);
}

/// A server streams at most its allowance of archives at once: the next one is told to come
/// back (503, `Retry-After`), and a finished download gives its place back.
fn downloads_are_gated(life: &Life) {
    let gate = Arc::new(Semaphore::new(1));
    let origin = life
        .server
        .front_with(|state| state.archive_downloads = gate.clone());
    let anyone = Client::new(&origin);
    let path = format!("/record/{}/archive", life.uid);
    let held = gate.clone().try_acquire_owned().unwrap();
    let reply = anyone.get(&path);
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert!(reply.text().contains("Serveur occupé"));
    drop(held);
    let archive = download(&anyone, &path);
    assert_eq!(header(&archive).record, life.uid);
    // The sender lets its permit go right after the archive's last bytes.
    let given_back = life.server.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(10), gate.acquire()).await
    });
    assert!(given_back.is_ok(), "the download's permit is given back");
}

/// The public page shows the head, the bureau's keys, each election's results; a tracker of
/// the record is found, and listed on its election's trackers page.
fn public_pages(life: &Life, whole: &[u8], head: &str, results: &[ElectionResult]) {
    let anyone = Client::new(&life.server.origin);
    let page = anyone.get(&format!("/record/{}", life.uid));
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains(head), "the head is shown");
    assert!(text.contains("Parts de déchiffrement publiées par les membres"));
    assert!(text.contains(&format!("{} votants", results[0].votants)));
    let mut entries = urne_record::archive::EntryReader::new(whole);
    let batch = loop {
        let entry = entries.next_entry().unwrap().expect("a batch of ballots");
        if let Ok(envelope) = urne_record::chain::Envelope::from_bytes(&entry.bytes) {
            if envelope.kind == "ballots" {
                break urne_record::batch::BallotBatch::from_bytes(&envelope.payload).unwrap();
            }
        }
    };
    let tracker = &batch.trackers[0];
    let found = anyone.get(&format!("/record/{}?tracker={tracker}", life.uid));
    assert!(
        found.text().contains("publié au registre"),
        "{}",
        found.text()
    );
    let missing = anyone.get(&format!("/record/{}?tracker={}", life.uid, "0".repeat(64)));
    assert!(missing.text().contains("Aucun bulletin"));
    let list = anyone.get(&format!("/record/{}/trackers/{}", life.uid, batch.election));
    assert_eq!(list.status, 200);
    assert!(list.text().contains(tracker.as_str()));
}
