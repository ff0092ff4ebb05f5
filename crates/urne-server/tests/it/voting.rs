//! Casting over HTTP (issue 7, DESIGN.md §3): every check before anything is stored, the
//! opening hours and suspension, one voter casting 50 times at once (one ballot, one
//! émargement, on SQLite and PostgreSQL), and receipts: signed with the key of the record,
//! downloadable, sent by e-mail, and given back after a new login against a possession proof.

use jiff::SignedDuration;
use urne_crypto::ballot::BallotContext;
use urne_crypto::signing::SigningKey;
use urne_crypto::{Choice, CredentialCode, EncryptedBallot};
use urne_record::bureau::BureauKey;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::receipt::{ServerKey, SignedReceipt};
use urne_server::clock::Clock;
use urne_server::demo::{seed, Demo, DemoVoter};
use urne_store::registry::ScrutinStatus;

use crate::{attribute_after, Backend, Client, Reply, Server};

const RECEIPT_SEED: [u8; 32] = [9; 32];

/// The demo election on a fresh server, and a front end that signs with the record's key.
pub(crate) struct Voting {
    pub(crate) server: Server,
    pub(crate) demo: Demo,
    pub(crate) origin: String,
}

impl Voting {
    pub(crate) fn new(name: &str, backend: Backend) -> Option<Voting> {
        let server = Server::start(name, backend)?;
        let now = server.clock.now().as_second();
        let mut state = server.state();
        state.receipt_key = SigningKey::from_seed(&RECEIPT_SEED);
        let demo = server.block_on(seed(&state, now, 6)).unwrap();
        let origin = server.front_with(|s| s.receipt_key = SigningKey::from_seed(&RECEIPT_SEED));
        Some(Voting {
            server,
            demo,
            origin,
        })
    }

    pub(crate) fn uid(&self) -> &str {
        &self.demo.uid
    }

    /// Voter `index` logged in (identifiant, mobile and SMS password, badge).
    pub(crate) fn log_in(&self, index: usize) -> Client {
        log_in_voter(
            &self.server,
            &self.origin,
            self.uid(),
            &self.demo.voters[index],
            index,
        )
    }

    /// The record's payloads of one kind.
    fn payloads(&self, kind: &str) -> Vec<Vec<u8>> {
        self.server
            .block_on(
                self.server
                    .stores
                    .ballot_box
                    .event_payloads(self.uid(), kind),
            )
            .unwrap()
    }

    /// The voter's elections (uids), from the elections page's links.
    pub(crate) fn elections_of(&self, index: usize) -> Vec<String> {
        let voter_college = &self.demo.voters[index].college;
        self.payloads(kind::MANIFEST)
            .iter()
            .map(|p| Manifest::from_bytes(p).unwrap())
            .filter(|m| &m.college.name == voter_college)
            .map(|m| m.election)
            .collect()
    }

    /// A ballot of voter `index` (their credential) for `election`, made as the browser does.
    pub(crate) fn ballot(&self, index: usize, election: &str, choice: &Choice) -> String {
        self.ballot_of(&self.demo.voters[index].code, election, choice)
    }

    /// A ballot signed with the credential of `code` for `election`.
    pub(crate) fn ballot_of(&self, code: &str, election: &str, choice: &Choice) -> String {
        ballot_for(&self.server, self.uid(), code, election, choice)
    }

    pub(crate) fn cast(&self, client: &Client, election: &str, ballot: &str) -> Reply {
        let uid = self.uid();
        let summary = client.get(&format!("/vote/{uid}/elections"));
        assert_eq!(summary.status, 200, "{:?}", summary.header("location"));
        let csrf = summary.csrf();
        client.post_form(
            &format!("/vote/{uid}/elections/{election}/cast"),
            &[("csrf", &csrf), ("ballot", ballot)],
        )
    }

    /// Ballots in the box and émargements of `election`.
    pub(crate) fn counts(&self, election: &str) -> (u64, u64) {
        self.server.block_on(async {
            let stores = &self.server.stores;
            let scrutin = stores
                .registry
                .scrutin_by_uid(&self.demo.uid)
                .await
                .unwrap();
            let id = stores
                .registry
                .elections(scrutin.id)
                .await
                .unwrap()
                .into_iter()
                .find(|e| e.election_uid == election)
                .unwrap()
                .id;
            (
                stores.ballot_box.ballot_count(election).await.unwrap(),
                stores.registry.emargement_count(id).await.unwrap(),
            )
        })
    }
}

/// The declared mobile of test voter `index` (< 10 000), as typed and as E.164.
pub(crate) fn mobile(index: usize) -> (String, String) {
    let (a, b) = (index / 100, index % 100);
    (
        format!("06 12 34 {a:02} {b:02}"),
        format!("+3361234{a:02}{b:02}"),
    )
}

/// Voter `index` of a demo scrutin logged in through `origin` (identifiant, mobile and SMS
/// password, badge), as a browser would.
pub(crate) fn log_in_voter(
    server: &Server,
    origin: &str,
    uid: &str,
    voter: &DemoVoter,
    index: usize,
) -> Client {
    let client = Client::new(origin);
    client.get(&format!("/vote/{uid}"));
    let token = CredentialCode::parse(&voter.code)
        .unwrap()
        .seed(uid)
        .login_token();
    let reply = client.post_form(
        &format!("/vote/{uid}/login"),
        &[("token", &hex::encode(token.0))],
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let csrf = client.get(&format!("/vote/{uid}/phone")).csrf();
    let (national, e164) = mobile(index);
    client.post_form(
        &format!("/vote/{uid}/phone"),
        &[("csrf", &csrf), ("mobile", &national)],
    );
    let sms = server.delivery.outbox.as_ref().unwrap().sms_to(&e164);
    let text = &sms.last().unwrap().text;
    let start = text.find("est ").unwrap() + 4;
    let otp: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let csrf = client.get(&format!("/vote/{uid}/password")).csrf();
    let reply = client.post_form(
        &format!("/vote/{uid}/password"),
        &[
            ("csrf", &csrf),
            ("password", &otp),
            ("challenge", &voter.badge),
        ],
    );
    assert!(
        reply.see_other().ends_with("/elections"),
        "{}",
        reply.text()
    );
    client
}

/// A ballot of `election` signed with the credential of `code`, made as the browser does from
/// the record's manifest and key.
pub(crate) fn ballot_for(
    server: &Server,
    uid: &str,
    code: &str,
    election: &str,
    choice: &Choice,
) -> String {
    let payloads = |kind: &str| {
        server
            .block_on(server.stores.ballot_box.event_payloads(uid, kind))
            .unwrap()
    };
    let manifest = payloads(kind::MANIFEST)
        .iter()
        .map(|p| Manifest::from_bytes(p).unwrap())
        .find(|m| m.election == election)
        .unwrap();
    let bureau = BureauKey::from_bytes(&payloads(kind::BUREAU)[0]).unwrap();
    let ctx = BallotContext {
        fingerprint: manifest.fingerprint(),
        key: bureau.election_key().unwrap(),
        shape: manifest.shape().unwrap(),
    };
    let keys = CredentialCode::parse(code)
        .unwrap()
        .seed(uid)
        .election_keys(election);
    let ballot = EncryptedBallot::encrypt(&ctx, choice, &keys, &mut rand::rngs::OsRng).unwrap();
    hex::encode(ballot.to_bytes())
}

fn list_with_strike() -> Choice {
    Choice::List {
        list: 1,
        struck: vec![0],
    }
}

fn fifty_parallel_casts(backend: Backend) {
    let Some(scene) = Voting::new("fifty_casts", backend) else {
        return;
    };
    let client = scene.log_in(0);
    let election = scene.elections_of(0)[0].clone();
    let uid = scene.uid().to_owned();
    let csrf = client.get(&format!("/vote/{uid}/elections")).csrf();
    let cookie = client.cookie("urne_voter").unwrap();
    // Half resend one ballot (a double click), half send new ones (a second tab).
    let same = scene.ballot(0, &election, &list_with_strike());
    let ballots: Vec<String> = (0..50)
        .map(|i| {
            if i % 2 == 0 {
                same.clone()
            } else {
                scene.ballot(0, &election, &Choice::Blank)
            }
        })
        .collect();
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = ballots
            .iter()
            .map(|ballot| {
                let (origin, cookie, csrf, uid, election) =
                    (&scene.origin, &cookie, &csrf, &uid, &election);
                s.spawn(move || {
                    let client = Client::new(origin);
                    client.set_cookie("urne_voter", cookie);
                    client
                        .post_form(
                            &format!("/vote/{uid}/elections/{election}/cast"),
                            &[("csrf", csrf), ("ballot", ballot)],
                        )
                        .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 303),
        "every attempt is answered (recorded, already recorded, or back to the summary): {statuses:?}"
    );
    assert!(statuses.contains(&200));
    assert_eq!(scene.counts(&election), (1, 1));
}

#[test]
fn one_voter_casting_50_times_at_once_leaves_one_ballot_and_one_emargement_on_sqlite() {
    fifty_parallel_casts(Backend::Sqlite);
}

#[test]
fn one_voter_casting_50_times_at_once_leaves_one_ballot_and_one_emargement_on_postgres() {
    fifty_parallel_casts(Backend::Postgres);
}

#[test]
fn every_check_runs_before_anything_is_stored() {
    let scene = Voting::new("cast_checks", Backend::Sqlite).unwrap();
    let client = scene.log_in(0);
    let elections = scene.elections_of(0);
    let (first, second) = (&elections[0], &elections[1]);
    let good = scene.ballot(0, first, &list_with_strike());
    let mut bytes = hex::decode(&good).unwrap();
    bytes[100] ^= 1;
    let garbled = hex::encode(&bytes);
    // The low byte of the signature's response: still canonical, no longer valid.
    let mut bytes = hex::decode(&good).unwrap();
    let last = bytes.len() - 32;
    bytes[last] ^= 1;
    let forged = hex::encode(&bytes);
    // A credential nobody was issued.
    let stranger = CredentialCode::generate(&mut rand::rngs::OsRng).to_text();
    let foreign = scene.ballot_of(&stranger, first, &Choice::Blank);
    // Made for the other election: bound to its fingerprint and keys.
    let elsewhere = scene.ballot(0, second, &Choice::Blank);
    for (what, ballot) in [
        ("not hex", "zz"),
        ("truncated", &good[..200]),
        ("garbled", &garbled),
        ("forged signature", &forged),
        ("foreign credential", &foreign),
        ("for the other election", &elsewhere),
    ] {
        let reply = scene.cast(&client, first, ballot);
        assert_eq!(reply.status, 422, "{what}: {}", reply.text());
        assert_eq!(scene.counts(first), (0, 0), "{what}");
    }
    // Suspended, then resumed.
    let id = scene
        .server
        .block_on(scene.server.stores.registry.scrutin_by_uid(scene.uid()))
        .unwrap()
        .id;
    scene
        .server
        .block_on(scene.server.stores.registry.set_suspended(id, true))
        .unwrap();

    let reply = scene.cast(&client, first, &good);
    assert!(reply.see_other().ends_with("/elections"));
    let summary = client.get(&format!("/vote/{}/elections", scene.uid()));
    assert!(summary.text().contains("suspendu"), "{}", summary.text());
    assert_eq!(scene.counts(first), (0, 0));
    scene
        .server
        .block_on(scene.server.stores.registry.set_suspended(id, false))
        .unwrap();
    let reply = scene.cast(&client, first, &good);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.text().contains("Votre vote a été enregistré"));
    assert_eq!(scene.counts(first), (1, 1));
    // Voted: the booth and a new cast send back to the summary, which says when.
    let booth = client.get(&format!("/vote/{}/elections/{first}", scene.uid()));
    assert!(booth.see_other().ends_with("/elections"));
    let again = scene.cast(&client, first, &scene.ballot(0, first, &Choice::Nul));
    assert!(again.see_other().ends_with("/elections"));
    assert_eq!(scene.counts(first), (1, 1));
    // Closed by the bureau: nothing more, and the summary says so.
    scene
        .server
        .block_on(
            scene
                .server
                .stores
                .registry
                .set_scrutin_status(id, ScrutinStatus::Closed),
        )
        .unwrap();
    let reply = scene.cast(&client, second, &elsewhere);
    assert!(reply.see_other().ends_with("/elections"));
    assert_eq!(scene.counts(second), (0, 0));
    let summary = client.get(&format!("/vote/{}/elections", scene.uid()));
    assert!(
        summary.text().contains("Le vote est clos"),
        "{}",
        summary.text()
    );
    // After the programmed closing, the session is over too: back to the login page.
    scene.server.advance(SignedDuration::from_hours(24 * 8));
    let late = client.get(&format!("/vote/{}/elections/{second}", scene.uid()));
    assert!(!late.see_other().contains("/elections"));
}

#[test]
fn the_booth_shows_each_lists_profession_de_foi_to_its_voters_only() {
    let scene = Voting::new("booth_files", Backend::Sqlite).unwrap();
    let uid = scene.uid().to_owned();
    let client = scene.log_in(0);
    let mine = &scene.elections_of(0)[0];
    let booth = client.get(&format!("/vote/{uid}/elections/{mine}"));
    assert_eq!(booth.status, 200);
    let marker = format!("/vote/{uid}/lists/");
    let links: Vec<String> = booth
        .text()
        .match_indices(&marker)
        .map(|(i, _)| booth.text()[i..].split('"').next().unwrap().to_owned())
        .filter(|l| l.ends_with("profession-de-foi.pdf"))
        .collect();
    assert!(links.len() >= 3, "one per list: {links:?}");
    let pdf = client.get(&links[0]);
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF"));
    // Lists of elections that are not the voter's, and a voter without a session: refused.
    let theirs = scene.elections_of(0);
    let others: Vec<i64> = scene.server.block_on(async {
        let registry = &scene.server.stores.registry;
        let scrutin = registry.scrutin_by_uid(&uid).await.unwrap();
        let mut ids = Vec::new();
        for election in registry.elections(scrutin.id).await.unwrap() {
            if !theirs.contains(&election.election_uid) {
                ids.extend(
                    registry
                        .lists(election.id)
                        .await
                        .unwrap()
                        .iter()
                        .map(|l| l.id),
                );
            }
        }
        ids
    });
    assert!(!others.is_empty());
    let foreign = client.get(&format!(
        "/vote/{uid}/lists/{}/profession-de-foi.pdf",
        others[0]
    ));
    assert_eq!(foreign.status, 404);
    let anonymous = Client::new(&scene.origin).get(&links[0]);
    assert_eq!(anonymous.status, 303);
}

/// The signed receipts in a page's download form.
fn receipts_in(page: &str) -> Vec<SignedReceipt> {
    let json = attribute_after(page, r#"name="receipts" value=""#).unwrap();
    let values: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    values
        .iter()
        .map(|v| SignedReceipt::from_bytes(v.to_string().as_bytes()).unwrap())
        .collect()
}

#[test]
fn receipts_are_signed_with_the_records_key_and_come_back_after_a_new_login() {
    let scene = Voting::new("receipts", Backend::Sqlite).unwrap();
    let uid = scene.uid().to_owned();
    let client = scene.log_in(0);
    let elections = scene.elections_of(0);
    let done = scene.cast(
        &client,
        &elections[0],
        &scene.ballot(0, &elections[0], &Choice::Blank),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    let receipts = receipts_in(done.text());
    assert_eq!(receipts.len(), 1);
    let key = ServerKey::from_bytes(&scene.payloads(kind::SERVER_KEY)[0])
        .unwrap()
        .key()
        .unwrap();
    receipts[0].verify(&key, &mut rand::rngs::OsRng).unwrap();
    assert_eq!(receipts[0].receipt.election, elections[0]);
    let tracker = receipts[0].receipt.tracker.clone();
    assert!(scene
        .server
        .block_on(
            scene
                .server
                .stores
                .ballot_box
                .has_tracker(&elections[0], &hex::decode(&tracker).unwrap())
        )
        .unwrap());
    // Anyone finds it on the public page, without a login; other trackers are not there.
    let public = Client::new(&scene.origin);
    let found = public.get(&format!("/record/{uid}?tracker={tracker}"));
    assert!(
        found.text().contains("Ce bulletin est dans l&#39;urne"),
        "{}",
        found.text()
    );
    let missing = public.get(&format!("/record/{uid}?tracker={}", "ab".repeat(32)));
    assert!(
        missing.text().contains("Aucun bulletin"),
        "{}",
        missing.text()
    );
    let malformed = public.get(&format!("/record/{uid}?tracker=xyz"));
    assert!(
        malformed.text().contains("64 chiffres"),
        "{}",
        malformed.text()
    );
    let key_hex = hex::encode(key.0);
    assert!(
        found.text().contains(&key_hex),
        "the page shows the receipt key"
    );
    // Chaining: the done page offers the next election.
    assert!(done
        .text()
        .contains(&format!("/vote/{uid}/elections/{}", elections[1])));

    // Download as PDF and as the signed file; an edited receipt is refused.
    let csrf = done.csrf();
    let saved = String::from_utf8(receipts[0].to_bytes()).unwrap();
    let pdf = client.post_form(
        &format!("/vote/{uid}/receipt/download"),
        &[
            ("csrf", &csrf),
            ("receipts", &format!("[{saved}]")),
            ("format", "pdf"),
        ],
    );
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"));
    let json = client.post_form(
        &format!("/vote/{uid}/receipt/download"),
        &[
            ("csrf", &csrf),
            ("receipts", &format!("[{saved}]")),
            ("format", "json"),
        ],
    );
    assert!(json.text().contains(&tracker));
    let edited = saved.replace(&receipts[0].receipt.cast_at, "2027-01-04T08:00Z");
    let refused = client.post_form(
        &format!("/vote/{uid}/receipt/download"),
        &[
            ("csrf", &csrf),
            ("receipts", &format!("[{edited}]")),
            ("format", "pdf"),
        ],
    );
    assert_eq!(refused.status, 400);
    // Sent to an address of the voter's choice.
    let sent = client.post_form(
        &format!("/vote/{uid}/receipt/email"),
        &[
            ("csrf", &csrf),
            ("receipts", &format!("[{saved}]")),
            ("email", "moi@perso.example"),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    let mail = scene
        .server
        .delivery
        .outbox
        .as_ref()
        .unwrap()
        .emails_to("moi@perso.example");
    assert!(mail.last().unwrap().body.contains(&tracker));

    // A new login: the browser proves it holds the credential; the receipt comes back signed.
    let later = scene.log_in(0);
    let page = later.get(&format!("/vote/{uid}/receipt"));
    let challenge = attribute_after(page.text(), r#"data-challenge=""#).unwrap();
    let keys = CredentialCode::parse(&scene.demo.voters[0].code)
        .unwrap()
        .seed(&uid)
        .election_keys(&elections[0]);
    let proof = |challenge: &str| {
        serde_json::json!([{
            "election": elections[0],
            "key": hex::encode(keys.public_key().compressed().as_bytes()),
            "proof": hex::encode(keys.prove_possession(&elections[0], challenge.as_bytes(), &mut rand::rngs::OsRng)),
        }])
        .to_string()
    };
    let csrf = page.csrf();
    let back = later.post_form(
        &format!("/vote/{uid}/receipt"),
        &[("csrf", &csrf), ("proofs", &proof(&challenge))],
    );
    let again = receipts_in(back.text());
    assert_eq!(again.len(), 1, "{}", back.text());
    assert_eq!(again[0].receipt.tracker, tracker);
    again[0].verify(&key, &mut rand::rngs::OsRng).unwrap();
    // A proof made for another session's challenge gets nothing.
    let replayed = later.post_form(
        &format!("/vote/{uid}/receipt"),
        &[("csrf", &csrf), ("proofs", &proof("another session"))],
    );
    assert!(!replayed.text().contains(&tracker), "{}", replayed.text());
}

#[test]
fn voting_is_prepared_once_with_locked_lists_and_a_list_per_election() {
    use urne_server::opening::{publish, OpeningError};
    use urne_store::registry::{Body, NewScrutin};
    let scene = Voting::new("opening", Backend::Sqlite).unwrap();
    let server = &scene.server;
    let state = server.state();
    let bureau = urne_server::demo::bureau_key(&scene.demo.ceremony);
    server.block_on(async {
        let registry = &server.stores.registry;
        let demo = registry.scrutin_by_uid(scene.uid()).await.unwrap();
        assert!(matches!(
            publish(&state, &demo, &bureau).await,
            Err(OpeningError::AlreadyPublished)
        ));
        let now = server.clock.now().as_second();
        let id = registry
            .add_scrutin(&NewScrutin {
                record_uid: "empty".to_owned(),
                name: "Sans liste".to_owned(),
                round: 1,
                first_round_id: None,
                first_round_day: demo.first_round_day,
                opens_at: now,
                closes_at: now + 3600,
            })
            .await
            .unwrap();
        let election = registry.elections(demo.id).await.unwrap().remove(0);
        registry
            .add_election(
                "empty-1",
                id,
                election.establishment_id,
                election.college_id,
                Body::Titulaires,
                2,
            )
            .await
            .unwrap();
        let scrutin = registry.scrutin(id).await.unwrap();
        assert!(matches!(
            publish(&state, &scrutin, &bureau).await,
            Err(OpeningError::ListsNotLocked)
        ));
        registry.set_lists_locked(id, true).await.unwrap();
        let scrutin = registry.scrutin(id).await.unwrap();
        assert!(matches!(
            publish(&state, &scrutin, &bureau).await,
            Err(OpeningError::NoList(e)) if e == "empty-1"
        ));
        assert!(server
            .stores
            .ballot_box
            .events("empty")
            .await
            .unwrap()
            .is_empty());
    });
}
