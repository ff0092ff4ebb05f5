//! `urne archive` (Article 10): a counted scrutin's archive re-runs its count alone, and a
//! tampered one does not; the destruction of personal data waits for the contestation period.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers.

use std::io::{Read, Write};
use std::sync::Arc;

use urne_crypto::ballot::BallotContext;
use urne_crypto::{Choice, CredentialCode, EncryptedBallot};
use urne_record::bureau::BureauKey;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_server::app::AppState;
use urne_server::clock::{Clock, SystemClock};
use urne_server::counting::{self, Target};
use urne_server::csrf::CsrfKey;
use urne_server::demo::seed;
use urne_setup::ChallengePepper;

mod site;
use site::Site;

/// The demo scrutin with a few ballots and émargements, closed and counted by members 1 and 2.
async fn counted(site: &Site) -> String {
    let stores = site.stores().await;
    let state = AppState::new(
        stores.clone(),
        Arc::new(SystemClock),
        CsrfKey::random(),
        ChallengePepper::from_bytes([3; 32]),
        "http://127.0.0.1",
    );
    let now = SystemClock.now().as_second();
    let demo = seed(&state, now, 6).await.unwrap();
    let uid = demo.uid.clone();
    let registry = &stores.registry;
    let scrutin = registry.scrutin_by_uid(&uid).await.unwrap();
    let payload = |k: &'static str| {
        let ballot_box = stores.ballot_box.clone();
        let uid = uid.clone();
        async move { ballot_box.event_payloads(&uid, k).await.unwrap() }
    };
    let bureau = BureauKey::from_bytes(&payload(kind::BUREAU).await[0]).unwrap();
    let manifest = Manifest::from_bytes(&payload(kind::MANIFEST).await[0]).unwrap();
    let ctx = BallotContext {
        fingerprint: manifest.fingerprint(),
        key: bureau.election_key().unwrap(),
        shape: manifest.shape().unwrap(),
    };
    let elections = registry.elections(scrutin.id).await.unwrap();
    let election = elections
        .iter()
        .find(|e| e.election_uid == manifest.election)
        .unwrap();
    let voters = registry.emargement_list(election.id).await.unwrap();
    for (i, voter) in demo
        .voters
        .iter()
        .filter(|v| v.college == manifest.college.name)
        .enumerate()
    {
        let keys = CredentialCode::parse(&voter.code)
            .unwrap()
            .seed(&uid)
            .election_keys(&manifest.election);
        // All for the first list, one strike: no tie the rules need birth dates for.
        let choice = Choice::List {
            list: 0,
            struck: if i == 0 { vec![1] } else { vec![] },
        };
        let ballot =
            EncryptedBallot::encrypt(&ctx, &choice, &keys, &mut rand::rngs::OsRng).unwrap();
        let bytes = ballot.to_bytes();
        stores
            .ballot_box
            .store_ballot(&manifest.election, &bytes[..32], &bytes, &ballot.tracker())
            .await
            .unwrap();
        let voter_id = registry.voter_id(&voters[i].matricule).await.unwrap();
        registry
            .record_emargement(voter_id, election.id, now)
            .await
            .unwrap();
    }
    counting::close(&state, &scrutin).await.unwrap();
    let scrutin = registry.scrutin_by_uid(&uid).await.unwrap();
    let target = Target::vote(&scrutin);
    let summed = counting::tallies(&state, &target).await.unwrap();
    for member in 1..=2 {
        let sequence = &demo.ceremony.sequences[member as usize - 1];
        let key = demo
            .ceremony
            .key_share(member, sequence, &mut rand::rngs::OsRng)
            .unwrap();
        for m in &summed.manifests {
            let sums = summed.tally(&m.election).unwrap().sums().unwrap();
            let share = key.decrypt_share(&m.fingerprint(), &sums, &mut rand::rngs::OsRng);
            counting::publish_share(&state, &target, member, &m.election, &share.to_bytes())
                .await
                .unwrap();
        }
    }
    assert!(counting::results(&state, &target).await.unwrap().is_some());
    uid
}

/// The archive at `from` rewritten to `to` with the first ballot of the first non-empty ballot
/// file removed.
fn drop_a_ballot(from: &std::path::Path, to: &std::path::Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let mut dropped = false;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if !dropped && name.starts_with("record/ballots/") && !text.is_empty() {
            let cut = text.iter().position(|&b| b == b'\n').unwrap() + 1;
            text.drain(..cut);
            dropped = true;
        }
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
    assert!(dropped);
}

#[test]
fn an_archive_recounts_alone_and_destruction_waits_for_the_period() {
    for site in Site::all("archive") {
        let uid = Site::block_on(counted(&site));
        let archive = site.dir.join("archive.zip");
        let path = archive.to_str().unwrap();
        let (code, out, err) = site.urne(
            &["archive", "create", "--scrutin", &uid, "--out", path],
            "",
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("archive fingerprint"), "{out}");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
        for name in [
            "record/events.jsonl",
            "SHA256SUMS",
            "journals/events.csv",
            "journals/hotline.csv",
        ] {
            assert!(zip.by_name(name).is_ok(), "{name} missing");
        }
        // The public record's archive, as anyone downloads it: its ballots and count verify.
        // (This scrutin's key comes from the demo's simulated ceremony, published without the
        // ceremony's messages: the bureau's end-to-end test verifies a real one whole.)
        let mut tar = Vec::new();
        std::io::Read::read_to_end(
            &mut zip.by_name(&format!("record/{uid}.tar")).unwrap(),
            &mut tar,
        )
        .unwrap();
        let report = urne_verify::verify(
            vec![urne_verify::Source {
                name: "record.tar".to_owned(),
                input: tar.as_slice(),
            }],
            &urne_verify::Options::default(),
            |_| {},
        )
        .unwrap();
        let failed: Vec<String> = report.failed().iter().map(ToString::to_string).collect();
        assert_eq!(failed, ["V2", "V4"], "{}", report.to_text());
        assert!(report.elections.iter().all(|e| e.counted));
        let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
        assert!(names
            .iter()
            .any(|n| n.starts_with("pv/") && n.ends_with(".pdf")));
        assert!(names
            .iter()
            .any(|n| n.starts_with("emargement/") && n.ends_with(".csv")));
        // The count again, from the archive alone.
        let (code, out, err) = site.urne(&["archive", "recount", path], "", None);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(out.matches("ok  ").count(), 4, "{out}");
        let tampered = site.dir.join("tampered.zip");
        drop_a_ballot(&archive, &tampered);
        let (code, out, _) = site.urne(
            &["archive", "recount", tampered.to_str().unwrap()],
            "",
            None,
        );
        assert_eq!(code, 1);
        assert!(out.contains("DIFFERENT"), "{out}");
        let (code, _, _) = site.urne(&["archive", "recount", "/etc/hostname"], "", None);
        assert_eq!(code, 2, "not an archive");
        // Destruction: confirmed only, and after the contestation period.
        let (code, _, _) = site.urne(&["archive", "destroy", "--scrutin", &uid], "", None);
        assert_eq!(code, 2);
        let (code, _, err) = site.urne(
            &["archive", "destroy", "--scrutin", &uid, "--yes"],
            "",
            None,
        );
        assert_eq!(code, 1, "{err}");
        let now = SystemClock.now().as_second();
        let scrutin_id = Site::block_on(async {
            let stores = site.stores().await;
            let scrutin = stores.registry.scrutin_by_uid(&uid).await.unwrap();
            stores
                .registry
                .set_schedule(scrutin.id, now - 30 * 86_400, now - 20 * 86_400)
                .await
                .unwrap();
            scrutin.id
        });
        let (code, out, err) = site.urne(
            &["archive", "destroy", "--scrutin", &uid, "--yes"],
            "",
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("4 émargements"), "{out}");
        Site::block_on(async {
            let stores = site.stores().await;
            for p in stores.registry.participation(scrutin_id).await.unwrap() {
                assert_eq!(p.votants, 0);
            }
            let journal = stores
                .registry
                .journal_all(urne_store::registry::JournalKind::Events)
                .await
                .unwrap();
            assert!(journal.iter().any(|e| e.action.contains("détruites")));
            // The public record stays.
            assert!(!stores.ballot_box.events(&uid).await.unwrap().is_empty());
        });
        if site.urls.is_some() {
            site.drop_schemas();
        }
    }
}
