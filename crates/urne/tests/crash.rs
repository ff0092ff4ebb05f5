//! Exactly-once casting across a crash (DESIGN.md §3): `urne demo` is killed between the
//! ballot-box write and the émargement write (it aborts there when
//! `URNE_TEST_CRASH_AFTER_BALLOT` is set); restarted on the same data, the voter's next attempt
//! finds their ballot, completes the émargement, and the counts are equal again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use urne_crypto::ballot::BallotContext;
use urne_crypto::{Choice, CredentialCode, EncryptedBallot};
use urne_record::bureau::BureauKey;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_store::Stores;

/// Starts `urne demo` on `dir` and `port`, and returns once it printed its sheet (it listens
/// before seeding, so the server accepts connections from then on).
fn start(dir: &Path, port: u16, crash: bool) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_urne"));
    command
        .args([
            "demo",
            "--voters",
            "3",
            "--port",
            &port.to_string(),
            "--data",
        ])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if crash {
        command.env("URNE_TEST_CRASH_AFTER_BALLOT", "1");
    } else {
        command.env_remove("URNE_TEST_CRASH_AFTER_BALLOT");
    }
    let mut child = command.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    loop {
        let line = lines.next().expect("urne demo stopped early").unwrap();
        if line.starts_with("Données / data") {
            break;
        }
    }
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

/// A tiny browser: one cookie jar, `Origin` on POSTs, no redirects followed.
struct Client {
    agent: ureq::Agent,
    origin: String,
    cookie: std::cell::RefCell<Option<String>>,
}

impl Client {
    fn request(&self, method: &str, path: &str) -> ureq::Request {
        let mut request = self
            .agent
            .request(method, &format!("{}{path}", self.origin));
        if let Some(cookie) = self.cookie.borrow().as_ref() {
            request = request.set("Cookie", cookie);
        }
        request.set("Origin", &self.origin)
    }

    fn receive(&self, result: Result<ureq::Response, ureq::Error>) -> (u16, String) {
        let response = match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("transport: {e}"),
        };
        if let Some(set) = response.header("set-cookie") {
            *self.cookie.borrow_mut() = Some(set.split(';').next().unwrap().to_owned());
        }
        let status = response.status();
        let mut body = String::new();
        response.into_reader().read_to_string(&mut body).unwrap();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.receive(self.request("GET", path).call())
    }

    /// The status and body, or the transport error's text (the server died).
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Result<(u16, String), String> {
        match self.request("POST", path).send_form(fields) {
            Ok(r) => Ok(self.receive(Ok(r))),
            Err(ureq::Error::Status(c, r)) => Ok(self.receive(Err(ureq::Error::Status(c, r)))),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn csrf(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).unwrap() + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// Ballots and émargements of one election.
fn counts(dir: &Path, uid: &str, election: &str) -> (u64, u64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let stores = Stores::open_sqlite_dir(dir).await.unwrap();
        let scrutin = stores.registry.scrutin_by_uid(uid).await.unwrap();
        let id = stores
            .registry
            .elections(scrutin.id)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.election_uid == election)
            .unwrap()
            .id;
        let counts = (
            stores.ballot_box.ballot_count(election).await.unwrap(),
            stores.registry.emargement_count(id).await.unwrap(),
        );
        counts
    })
}

/// A ballot for the voter's first election, made as the browser does, from the record.
fn ballot(dir: &Path, uid: &str, code: &str) -> (String, String) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let stores = Stores::open_sqlite_dir(dir).await.unwrap();
        let events = |kind| stores.ballot_box.event_payloads(uid, kind);
        let manifest = Manifest::from_bytes(&events(kind::MANIFEST).await.unwrap()[0]).unwrap();
        let bureau = BureauKey::from_bytes(&events(kind::BUREAU).await.unwrap()[0]).unwrap();
        let ctx = BallotContext {
            fingerprint: manifest.fingerprint(),
            key: bureau.election_key().unwrap(),
            shape: manifest.shape().unwrap(),
        };
        let keys = CredentialCode::parse(code)
            .unwrap()
            .seed(uid)
            .election_keys(&manifest.election);
        let choice = Choice::List {
            list: 0,
            struck: vec![1],
        };
        let ballot =
            EncryptedBallot::encrypt(&ctx, &choice, &keys, &mut rand::rngs::OsRng).unwrap();
        (manifest.election, hex::encode(ballot.to_bytes()))
    })
}

#[test]
fn a_crash_between_the_ballot_and_the_emargement_is_completed_by_the_next_attempt() {
    let dir = std::env::temp_dir().join(format!("urne-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = start(&dir, port, true);
    let sheet = std::fs::read_to_string(dir.join("demo-voters.txt")).unwrap();
    let uid = sheet
        .split("/vote/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    // The first voter of the first college (its elections come first in the record).
    let (code, badge) = sheet
        .lines()
        .filter(|l| l.contains("Ouvriers"))
        .find_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let code = words
                .iter()
                .find(|w| w.len() == 20 && w.matches('-').count() == 2)?;
            Some(((*code).to_owned(), (*words.last()?).to_owned()))
        })
        .unwrap();
    let client = Client {
        agent: ureq::AgentBuilder::new().redirects(0).build(),
        origin: format!("http://127.0.0.1:{port}"),
        cookie: std::cell::RefCell::new(None),
    };
    client.get(&format!("/vote/{uid}"));
    let token = CredentialCode::parse(&code)
        .unwrap()
        .seed(&uid)
        .login_token();
    client
        .post(
            &format!("/vote/{uid}/login"),
            &[("token", &hex::encode(token.0))],
        )
        .unwrap();
    let (_, page) = client.get(&format!("/vote/{uid}/phone"));
    client
        .post(
            &format!("/vote/{uid}/phone"),
            &[("csrf", &csrf(&page)), ("mobile", "06 12 34 56 78")],
        )
        .unwrap();
    let (_, outbox) = client.get("/outbox");
    let at = outbox.find("mot de passe est ").unwrap() + "mot de passe est ".len();
    let otp: String = outbox[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (_, page) = client.get(&format!("/vote/{uid}/password"));
    let (status, _) = client
        .post(
            &format!("/vote/{uid}/password"),
            &[
                ("csrf", &csrf(&page)),
                ("password", &otp),
                ("challenge", &badge),
            ],
        )
        .unwrap();
    assert_eq!(status, 303);

    let (election, first) = ballot(&dir, &uid, &code);
    let (_, summary) = client.get(&format!("/vote/{uid}/elections"));
    let token = csrf(&summary);
    let cast = client.post(
        &format!("/vote/{uid}/elections/{election}/cast"),
        &[("csrf", &token), ("ballot", &first)],
    );
    assert!(cast.is_err(), "the server died before answering: {cast:?}");
    let status = server.wait().unwrap();
    assert!(!status.success(), "the demo aborted: {status:?}");
    assert_eq!(
        counts(&dir, &uid, &election),
        (1, 0),
        "ballot stored, émargement not"
    );

    // Restarted on the same data; the browser encrypts again (new randomness) and retries.
    let mut server = start(&dir, port, false);
    let (_, again) = ballot(&dir, &uid, &code);
    assert_ne!(again, first);
    let (_, summary) = client.get(&format!("/vote/{uid}/elections"));
    let (status, page) = client
        .post(
            &format!("/vote/{uid}/elections/{election}/cast"),
            &[("csrf", &csrf(&summary)), ("ballot", &again)],
        )
        .unwrap();
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("avait déjà été enregistré"), "{page}");
    assert_eq!(counts(&dir, &uid, &election), (1, 1));
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
