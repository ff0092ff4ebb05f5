//! The whole life of a scrutin before its bureau (issue 8), over HTTP as the members' browsers
//! drive it: the organisateur names a BVC of 3 with threshold 2; the key ceremony's four steps
//! (each member's messages computed as `urne-wasm` does, from their own séquence secrète); the
//! scrutin à blanc (test votes through the booth's pages, counted, PVs, reset and recorded); the
//! programming and the seal; 200 voters and 250 ballots; the early closing; decryption refused
//! with one member's shares, a wrong share refused and named, then results from 2 of 3 members
//! equal to the plaintext tally; the PVs read back with `pdftotext` with every figure in them;
//! the émargement, the journals and the other documents.

use std::collections::HashMap;

use jiff::SignedDuration;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use urne_crypto::dkg::{CeremonyOutcome, CeremonyParams, Dealing, KeyShare, SecretSequence};
use urne_crypto::tally::Tally;
use urne_crypto::{Choice, Ciphertext, ElectionFingerprint};
use urne_record::ceremony as wire;
use urne_record::kind;
use urne_record::manifest::{Body, Manifest};
use urne_record::results::ElectionResult;
use urne_server::clock::Clock;
use urne_server::demo::{prepare, DemoVoter};
use urne_store::registry::{Role, ScrutinStatus};

use super::voting::{ballot_for, log_in_voter};
use crate::{Backend, Client, Server, PASSWORD};

const VOTERS: usize = 200;

/// A prepared demo scrutin, its staff, and what each BVC member wrote down.
pub(crate) struct Life {
    pub(crate) server: Server,
    pub(crate) uid: String,
    voters: Vec<DemoVoter>,
    pub(crate) organiser: Client,
    /// BVC members 1 to 3.
    pub(crate) bvc: Vec<Client>,
    pub(crate) bve: Client,
    pub(crate) direction: Client,
    pub(crate) delegue: Client,
    sequences: Vec<SecretSequence>,
    rng: rand::rngs::StdRng,
}

fn add_staff(
    server: &Server,
    login: &str,
    role: Role,
    union: Option<i64>,
    place: Option<i64>,
) -> i64 {
    server.block_on(async {
        let registry = &server.stores.registry;
        let phc = urne_server::password::hash_password(PASSWORD).unwrap();
        let id = registry
            .add_staff(login, login, &phc, role, union)
            .await
            .unwrap();
        registry.set_staff_establishment(id, place).await.unwrap();
        id
    })
}

impl Life {
    pub(crate) fn new(name: &str, backend: Backend, voters: usize) -> Option<Life> {
        let server = Server::start(name, backend)?;
        let now = server.clock.now().as_second();
        let state = server.state();
        let prepared = server.block_on(prepare(&state, now, voters)).unwrap();
        let (siege, union) = server.block_on(async {
            let registry = &server.stores.registry;
            let siege = registry.establishments().await.unwrap()[0].id;
            (siege, registry.ensure_union("CFDT").await.unwrap())
        });
        let bvc_ids: Vec<i64> = (1..=3)
            .map(|i| add_staff(&server, &format!("bvc{i}"), Role::Bvc, None, None))
            .collect();
        add_staff(&server, "bve", Role::Bve, None, Some(siege));
        add_staff(&server, "direction", Role::Direction, None, None);
        add_staff(&server, "delegue", Role::Delegue, Some(union), Some(siege));
        let organiser = server.logged_in(crate::ORGANISER);
        let bvc = (1..=3)
            .map(|i| server.logged_in(&format!("bvc{i}")))
            .collect();
        let life = Life {
            bve: server.logged_in("bve"),
            direction: server.logged_in("direction"),
            delegue: server.logged_in("delegue"),
            uid: prepared.uid,
            voters: prepared.voters,
            organiser,
            bvc,
            sequences: Vec::new(),
            rng: rand::rngs::StdRng::seed_from_u64(8),
            server,
        };
        // The organisateur names the bureau: three members, any two can decrypt.
        let uid = life.uid.clone();
        let csrf = life.organiser.get(&format!("/bureau/{uid}")).csrf();
        let ids: Vec<String> = bvc_ids.iter().map(i64::to_string).collect();
        let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("member", id.as_str())).collect();
        fields.extend([("csrf", csrf.as_str()), ("threshold", "2")]);
        let reply = life
            .organiser
            .post_form(&format!("/bureau/{uid}/members"), &fields);
        assert_eq!(reply.status, 303, "{}", reply.text());
        Some(life)
    }

    pub(crate) fn status(&self) -> ScrutinStatus {
        self.server
            .block_on(self.server.stores.registry.scrutin_by_uid(&self.uid))
            .unwrap()
            .status
    }

    fn board(&self, member: usize) -> Value {
        let reply = self.bvc[member].get(&format!("/bureau/{}/ceremony/board.json", self.uid));
        assert_eq!(reply.status, 200, "{}", reply.text());
        serde_json::from_str(reply.text()).unwrap()
    }

    /// Member `member` (from 0) posts `message` for `step`.
    fn publish(&self, member: usize, step: &str, message: &str) -> crate::Reply {
        let uid = &self.uid;
        let csrf = self.bvc[member]
            .get(&format!("/bureau/{uid}/ceremony"))
            .csrf();
        self.bvc[member].post_form(
            &format!("/bureau/{uid}/ceremony/{step}"),
            &[("csrf", &csrf), ("message", message)],
        )
    }

    /// The four steps, each member computing from their séquence what their browser would.
    pub(crate) fn ceremony(&mut self) {
        let uid = self.uid.clone();
        let csrf = self.bvc[0].get(&format!("/bureau/{uid}/ceremony")).csrf();
        let reply =
            self.bvc[0].post_form(&format!("/bureau/{uid}/ceremony/start"), &[("csrf", &csrf)]);
        assert_eq!(reply.status, 303, "{}", reply.text());
        assert_eq!(self.status(), ScrutinStatus::Ceremony);
        let board = self.board(0);
        let params = params(&board);
        self.sequences = (0..3)
            .map(|_| SecretSequence::generate(&mut self.rng))
            .collect();
        let trustees: Vec<_> = self
            .sequences
            .iter()
            .zip(1..)
            .map(|(s, i)| s.trustee(&params, i))
            .collect();
        for (m, trustee) in trustees.iter().enumerate() {
            let announcement =
                wire::announcement_to_json(&trustee.announce(&params, &mut self.rng));
            if m == 0 {
                // Dealing before every announcement is in: refused, nothing stored.
                let early = self.publish(0, "dealing", &announcement);
                assert_eq!(early.status, 400, "{}", early.text());
                // Another member's announcement: refused.
                let theirs = self.publish(1, "announcement", &announcement);
                assert_eq!(theirs.status, 400, "{}", theirs.text());
            }
            let reply = self.publish(m, "announcement", &announcement);
            assert_eq!(reply.status, 200, "{}", reply.text());
        }
        let again = self.publish(0, "announcement", "{}");
        assert_eq!(again.status, 400, "a second announcement is refused");
        let announcements =
            wire::announcements_from_json(&self.board(1)["announcements"].to_string()).unwrap();
        for (m, trustee) in trustees.iter().enumerate() {
            let dealing = trustee
                .deal(&params, &announcements, &mut self.rng)
                .unwrap();
            let reply = self.publish(m, "dealing", &wire::dealing_to_json(&dealing));
            assert_eq!(reply.status, 200, "{}", reply.text());
        }
        let dealings = wire::dealings_from_json(&self.board(2)["dealings"].to_string()).unwrap();
        for (m, trustee) in trustees.iter().enumerate() {
            let complaints = trustee.check_dealings(&params, &dealings, &mut self.rng);
            assert!(complaints.is_empty());
            let reply = self.publish(m, "complaints", &wire::complaints_to_json(&complaints));
            assert_eq!(reply.status, 200, "{}", reply.text());
        }
        let (outcome, dealings) = outcome(&self.board(0), &params, &mut self.rng);
        for (m, trustee) in trustees.iter().enumerate() {
            let (_, confirmation) = trustee
                .key_share(&params, &outcome, &dealings, &mut self.rng)
                .unwrap();
            assert_eq!(self.status(), ScrutinStatus::Ceremony);
            let reply = self.publish(
                m,
                "confirmation",
                &wire::confirmation_to_json(&confirmation),
            );
            assert_eq!(reply.status, 200, "{}", reply.text());
        }
        assert_eq!(self.status(), ScrutinStatus::Keyed);
        assert!(self.board(0)["status"] == "keyed");
    }

    /// The BVC programs the opening in an hour and seals; the clock moves to the opening.
    pub(crate) fn program_and_seal(&self) {
        let uid = &self.uid;
        let now = self.server.clock.now().as_second();
        let local = |secs: i64| urne_server::calendar::to_local(secs).unwrap();
        let csrf = self.bvc[1].get(&format!("/bureau/{uid}")).csrf();
        let reply = self.bvc[1].post_form(
            &format!("/bureau/{uid}/programming"),
            &[
                ("csrf", &csrf),
                ("opens_at", &local(now + 3600)),
                ("closes_at", &local(now + 3 * 86_400)),
            ],
        );
        assert_eq!(reply.status, 303, "{}", reply.text());
        // Only the BVC programs (Annex 2).
        let csrf = self.bve.get(&format!("/bureau/{uid}")).csrf();
        let refused = self.bve.post_form(
            &format!("/bureau/{uid}/programming"),
            &[
                ("csrf", &csrf),
                ("opens_at", &local(now)),
                ("closes_at", &local(now + 60)),
            ],
        );
        assert_eq!(refused.status, 403);
        let page = self.direction.get(&format!("/bureau/{uid}/seal"));
        assert!(page.text().contains("pas encore pris"), "{}", page.text());
        let csrf = self.bvc[2].get(&format!("/bureau/{uid}/seal")).csrf();
        let reply = self.bvc[2].post_form(&format!("/bureau/{uid}/seal"), &[("csrf", &csrf)]);
        assert_eq!(reply.status, 303, "{}", reply.text());
        assert_eq!(self.status(), ScrutinStatus::Sealed);
        let page = self.direction.get(&format!("/bureau/{uid}/seal"));
        assert!(page.text().contains("identique"), "{}", page.text());
        self.server.advance(SignedDuration::from_secs(3601));
    }

    /// Every voter votes in their titulaires election, every fourth also for suppléants; returns
    /// the plaintext tally of each election.
    pub(crate) fn vote(&mut self) -> HashMap<String, Tally> {
        let manifests: Vec<Manifest> = self
            .server
            .block_on(
                self.server
                    .stores
                    .ballot_box
                    .event_payloads(&self.uid, kind::MANIFEST),
            )
            .unwrap()
            .iter()
            .map(|p| Manifest::from_bytes(p).unwrap())
            .collect();
        let mut expected: HashMap<String, Tally> = manifests
            .iter()
            .map(|m| {
                let tally = Tally {
                    lists: vec![0; m.lists.len()],
                    blank: 0,
                    nul: 0,
                    strikes: m
                        .lists
                        .iter()
                        .map(|l| vec![0; l.candidates.len()])
                        .collect(),
                };
                (m.election.clone(), tally)
            })
            .collect();
        for (index, voter) in self.voters.iter().enumerate() {
            let client = log_in_voter(&self.server, &self.server.origin, &self.uid, voter, index);
            for m in manifests.iter().filter(|m| m.college.name == voter.college) {
                if m.body == Body::Suppleants && index % 4 != 0 {
                    continue;
                }
                let choice = match self.rng.gen_range(0..10) {
                    0 => Choice::Blank,
                    1 => Choice::Nul,
                    _ => {
                        let list = self.rng.gen_range(0..m.lists.len());
                        let n = m.lists[list].candidates.len();
                        let mut struck: Vec<usize> =
                            (0..n).filter(|_| self.rng.gen_range(0..6) == 0).collect();
                        struck.truncate(n - 1);
                        Choice::List { list, struck }
                    }
                };
                let tally = expected.get_mut(&m.election).unwrap();
                match &choice {
                    Choice::Blank => tally.blank += 1,
                    Choice::Nul => tally.nul += 1,
                    Choice::List { list, struck } => {
                        tally.lists[*list] += 1;
                        for &c in struck {
                            tally.strikes[*list][c] += 1;
                        }
                    }
                }
                let ballot = ballot_for(&self.server, &self.uid, &voter.code, &m.election, &choice);
                let csrf = client.get(&format!("/vote/{}/elections", self.uid)).csrf();
                let reply = client.post_form(
                    &format!("/vote/{}/elections/{}/cast", self.uid, m.election),
                    &[("csrf", &csrf), ("ballot", &ballot)],
                );
                assert!(matches!(reply.status, 200 | 303), "{}", reply.text());
            }
        }
        expected
    }

    pub(crate) fn close(&self) {
        let uid = &self.uid;
        let csrf = self.bvc[0].get(&format!("/bureau/{uid}")).csrf();
        let reply = self.bvc[0].post_form(&format!("/bureau/{uid}/closing"), &[("csrf", &csrf)]);
        assert_eq!(reply.status, 303, "{}", reply.text());
    }

    /// Member `member` (from 0) re-derives their key share from their séquence and the public
    /// messages, as the counting page's script does; returns it with the tallies' JSON.
    fn key_share(&mut self, member: usize, base: &str) -> (KeyShare, Value) {
        let reply = self.bvc[member].get(&format!("{base}/counting/tallies.json"));
        assert_eq!(reply.status, 200, "{}", reply.text());
        let tallies: Value = serde_json::from_str(reply.text()).unwrap();
        let params = params(&tallies);
        let (outcome, dealings) = outcome(&tallies, &params, &mut self.rng);
        let typed = SecretSequence::parse(&self.sequences[member].to_text()).unwrap();
        let (share, _) = typed
            .trustee(&params, member as u32 + 1)
            .key_share(&params, &outcome, &dealings, &mut self.rng)
            .unwrap();
        (share, tallies)
    }

    /// The shares of member `member` for every election of the counting at `base` (the vote's
    /// or the scrutin à blanc's pages): `(election, share hex)`.
    fn shares(&mut self, member: usize, base: &str) -> Vec<(String, String)> {
        let (key, tallies) = self.key_share(member, base);
        tallies["elections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let bytes = hex::decode(e["ciphertexts"].as_str().unwrap()).unwrap();
                let cts: Vec<Ciphertext> = bytes
                    .chunks_exact(Ciphertext::BYTES)
                    .map(|c| Ciphertext::from_bytes(c).unwrap())
                    .collect();
                let mut fingerprint = [0u8; 32];
                hex::decode_to_slice(e["fingerprint"].as_str().unwrap(), &mut fingerprint).unwrap();
                let share =
                    key.decrypt_share(&ElectionFingerprint(fingerprint), &cts, &mut self.rng);
                (
                    e["election"].as_str().unwrap().to_owned(),
                    hex::encode(share.to_bytes()),
                )
            })
            .collect()
    }

    fn post_share(&self, member: usize, base: &str, election: &str, share: &str) -> crate::Reply {
        let csrf = self.bvc[member].get(&format!("{base}/counting")).csrf();
        self.bvc[member].post_form(
            &format!("{base}/counting/share"),
            &[("csrf", &csrf), ("election", election), ("share", share)],
        )
    }

    /// The scrutin à blanc (Article 9.8): opened by the BVC, 4 test identifiants voting in every
    /// test election through the real booth's pages, closed, decrypted by members 2 and 3,
    /// results and a PV checked, then reset and recorded.
    pub(crate) fn scrutin_a_blanc(&mut self) {
        let uid = self.uid.clone();
        let base = format!("/bureau/{uid}/blanc");
        let seal_csrf = self.bvc[0].get(&format!("/bureau/{uid}/seal")).csrf();
        let early = self.bvc[0].post_form(&format!("/bureau/{uid}/seal"), &[("csrf", &seal_csrf)]);
        assert_eq!(early.status, 400, "no seal before the test vote");
        let csrf = self.bvc[0].get(&base).csrf();
        let opened = self.bvc[0].post_form(&format!("{base}/open"), &[("csrf", &csrf)]);
        assert_eq!(opened.status, 200, "{}", opened.text());
        let codes: Vec<String> = opened
            .text()
            .split(r#"<li class="code">"#)
            .skip(1)
            .map(|piece| piece.split('<').next().unwrap().to_owned())
            .collect();
        assert_eq!(codes.len(), urne_server::blanc::TEST_CODES);
        let test = format!("{uid}{}", urne_server::counting::BLANC);
        let manifests: Vec<Manifest> = self
            .server
            .block_on(
                self.server
                    .stores
                    .ballot_box
                    .event_payloads(&test, kind::MANIFEST),
            )
            .unwrap()
            .iter()
            .map(|p| Manifest::from_bytes(p).unwrap())
            .collect();
        assert_eq!(manifests.len(), 4);
        for (i, code) in codes.iter().enumerate() {
            for m in &manifests {
                let page = self.bve.get(&format!("{base}/vote/{}", m.election));
                assert_eq!(page.status, 200);
                assert!(page.text().contains(r#"id="booth""#));
                let choice = Choice::List {
                    list: i % m.lists.len(),
                    struck: vec![],
                };
                let ballot = ballot_for(&self.server, &test, code, &m.election, &choice);
                let reply = self.bve.post_form(
                    &format!("{base}/vote/{}/cast", m.election),
                    &[("csrf", &page.csrf()), ("ballot", &ballot)],
                );
                assert_eq!(reply.status, 303, "{}", reply.text());
            }
        }
        let csrf = self.bvc[0].get(&base).csrf();
        let closed = self.bvc[0].post_form(&format!("{base}/close"), &[("csrf", &csrf)]);
        assert_eq!(closed.status, 303, "{}", closed.text());
        for member in [1, 2] {
            for (election, share) in self.shares(member, &base) {
                let reply = self.post_share(member, &base, &election, &share);
                assert_eq!(reply.status, 200, "{}", reply.text());
            }
        }
        let results: Vec<ElectionResult> = self
            .server
            .block_on(
                self.server
                    .stores
                    .ballot_box
                    .event_payloads(&test, kind::RESULT),
            )
            .unwrap()
            .iter()
            .map(|p| ElectionResult::from_bytes(p).unwrap())
            .collect();
        assert_eq!(results.len(), 4);
        for r in &results {
            assert_eq!((r.votants, r.inscrits), (4, 4), "{}", r.election);
        }
        let page = self.direction.get(&format!("{base}/results"));
        assert!(page.text().contains("scrutin à blanc"));
        let pdf = download(&self.bve, &format!("{base}/pv/{}.pdf", results[0].election));
        if let Some(text) = pdf_text(&pdf) {
            check_pv(&text, &results[0]);
        }
        let csrf = self.bvc[0].get(&base).csrf();
        let reset = self.bvc[0].post_form(&format!("{base}/reset"), &[("csrf", &csrf)]);
        assert_eq!(reset.status, 303, "{}", reset.text());
        self.server.block_on(async {
            let ballot_box = &self.server.stores.ballot_box;
            assert!(
                ballot_box.events(&test).await.unwrap().is_empty(),
                "test record erased"
            );
            for m in &manifests {
                assert_eq!(ballot_box.ballot_count(&m.election).await.unwrap(), 0);
            }
            let summary = ballot_box.event_payloads(&uid, kind::BLANC).await.unwrap();
            let summary = urne_record::blanc::BlancSummary::from_bytes(&summary[0]).unwrap();
            assert_eq!((summary.ballots, summary.members.clone()), (16, vec![2, 3]));
        });
    }

    /// Members 1 and 3 decrypt (member 3 first sends a wrong share); returns the published
    /// results.
    pub(crate) fn count(&mut self) -> Vec<ElectionResult> {
        let base = format!("/bureau/{}", self.uid);
        let first = self.shares(0, &base);
        for (election, share) in &first {
            let reply = self.post_share(0, &base, election, share);
            assert_eq!(reply.status, 200, "{}", reply.text());
            assert!(
                reply.text().contains("\"results\":false"),
                "one share is not enough"
            );
        }
        let results = self.bvc[0].get(&format!("/bureau/{}/results", self.uid));
        assert!(results.text().contains("pas encore publiés"));
        // Member 3 sends member 2's factors as theirs: refused, and named.
        let second = self.shares(1, &base);
        let (election, share) = &second[0];
        let mut forged = hex::decode(share).unwrap();
        forged[..4].copy_from_slice(&3u32.to_le_bytes());
        let reply = self.post_share(2, &base, election, &hex::encode(forged));
        assert_eq!(reply.status, 400);
        assert!(
            reply.text().contains("member 3") || reply.text().contains("membre 3"),
            "{}",
            reply.text()
        );
        // A share of member 1 replayed by member 3: refused too.
        let reply = self.post_share(2, &base, &first[0].0, &first[0].1);
        assert_eq!(reply.status, 400);
        let third = self.shares(2, &base);
        let mut last = String::new();
        for (election, share) in &third {
            let reply = self.post_share(2, &base, election, share);
            assert_eq!(reply.status, 200, "{}", reply.text());
            last = reply.text().to_owned();
        }
        assert!(last.contains("\"results\":true"), "{last}");
        self.server
            .block_on(
                self.server
                    .stores
                    .ballot_box
                    .event_payloads(&self.uid, kind::RESULT),
            )
            .unwrap()
            .iter()
            .map(|p| ElectionResult::from_bytes(p).unwrap())
            .collect()
    }
}

/// `GET path`, which must succeed; its body.
pub(crate) fn download(client: &Client, path: &str) -> Vec<u8> {
    let reply = client.get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    reply.body
}

/// The ceremony's outcome and dealings from the public messages of a `board.json` or
/// `tallies.json` answer, as a member's browser computes them.
fn outcome(
    json: &Value,
    params: &CeremonyParams,
    rng: &mut rand::rngs::StdRng,
) -> (CeremonyOutcome, Vec<Dealing>) {
    let read = |key: &str| json[key].to_string();
    let announcements = wire::announcements_from_json(&read("announcements")).unwrap();
    let dealings = wire::dealings_from_json(&read("dealings")).unwrap();
    let complaints = wire::complaints_from_json(&read("complaints")).unwrap();
    let outcome =
        CeremonyOutcome::compute(params, &announcements, &dealings, &complaints, rng).unwrap();
    (outcome, dealings)
}

fn params(board: &Value) -> CeremonyParams {
    let mut context = [0u8; 32];
    hex::decode_to_slice(board["context"].as_str().unwrap(), &mut context).unwrap();
    CeremonyParams::new(
        context,
        board["members"].as_u64().unwrap() as u32,
        board["threshold"].as_u64().unwrap() as u32,
    )
    .unwrap()
}

/// `pdf`'s text (`pdftotext -layout`), or `None` when poppler is missing and not required.
pub(crate) fn pdf_text(pdf: &[u8]) -> Option<String> {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let path = std::env::temp_dir().join(format!(
        "urne-pv-{}-{}.pdf",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    match out.ok().filter(|o| o.status.success()) {
        Some(out) => Some(String::from_utf8(out.stdout).unwrap()),
        None if std::env::var_os("URNE_REQUIRE_BROWSER").is_some() => {
            panic!("pdftotext (poppler-utils) is required")
        }
        None => None,
    }
}

/// Every figure of `result` in the PV's text: totals on their lines, each list's ballots, each
/// candidate's ratures and votes on their line, the elected marked.
fn check_pv(text: &str, result: &ElectionResult) {
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing from\n{text}"))
            .to_owned()
    };
    // The employer's box, from the set-up and the voter file.
    assert!(line("IDCC").contains("3248"));
    assert!(line("Code NAF").contains("2511Z"));
    assert!(line("SIREN").contains("552100554"));
    assert!(!line("Date du protocole").contains("……"));
    assert!(line("Effectif").contains("fichier du personnel"));
    assert!(line("Électeurs inscrits").contains(&result.inscrits.to_string()));
    assert!(line("Votants").contains(&result.votants.to_string()));
    assert!(line("Bulletins blancs").contains(&result.blancs.to_string()));
    assert!(line("Bulletins nuls").contains(&result.nuls.to_string()));
    assert!(line("Suffrages valablement").contains(&result.sve.to_string()));
    for list in &result.lists {
        let row = text
            .lines()
            .find(|l| {
                l.trim_start().starts_with(&list.name) && l.contains(&list.ballots.to_string())
            })
            .unwrap_or_else(|| {
                panic!(
                    "list {} with {} ballots missing:\n{text}",
                    list.name, list.ballots
                )
            });
        assert!(row.contains(&list.seats_by_quotient.to_string()));
        // The list's candidates follow its heading and the column names, in order.
        let lines: Vec<&str> = text.lines().collect();
        let heading = lines
            .iter()
            .position(|l| l.contains(&format!("{} — ", list.name)) && l.contains("siège"))
            .unwrap_or_else(|| panic!("no heading for {}:\n{text}", list.name));
        let rows = lines[heading + 1..]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .skip(1);
        for (c, row) in list.candidates.iter().zip(rows) {
            assert!(
                row.contains(&c.last_name) && row.contains(&c.first_name),
                "{row}"
            );
            let figures: Vec<&str> = row.split_whitespace().collect();
            assert!(figures.contains(&c.votes.to_string().as_str()), "{row}");
            assert!(figures.contains(&c.ratures.to_string().as_str()), "{row}");
            assert_eq!(row.contains("Élu"), c.elected, "{row}");
        }
    }
}

fn whole_life(backend: Backend) {
    let Some(mut life) = Life::new("bureau_life", backend, VOTERS) else {
        return;
    };
    life.ceremony();
    life.scrutin_a_blanc();
    life.program_and_seal();
    let expected = life.vote();
    let ballots: u64 = expected.values().map(Tally::ballots).sum();
    assert!(ballots >= 200, "{ballots} ballots");
    // Participation during the vote, never a result.
    let page = life
        .delegue
        .get(&format!("/bureau/{}/participation", life.uid));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<meter"));
    let counting = life.bvc[0].get(&format!("/bureau/{}/counting/tallies.json", life.uid));
    assert_eq!(counting.status, 400, "no decryption before the closing");
    let during_vote = super::record::snapshot(&life);
    life.close();
    let results = life.count();
    super::record::check(&life, &during_vote, &results);
    assert_eq!(results.len(), expected.len());
    for result in &results {
        let tally = &expected[&result.election];
        let lists: Vec<u64> = result.lists.iter().map(|l| l.ballots).collect();
        assert_eq!(lists, tally.lists, "{}", result.election);
        assert_eq!((result.blancs, result.nuls), (tally.blank, tally.nul));
        let strikes: Vec<Vec<u64>> = result
            .lists
            .iter()
            .map(|l| l.candidates.iter().map(|c| c.ratures).collect())
            .collect();
        assert_eq!(strikes, tally.strikes);
        assert_eq!(result.votants, tally.ballots());
        // Every PV, downloaded by the BVE, carries every figure.
        let pdf = download(
            &life.bve,
            &format!("/bureau/{}/pv/{}.pdf", life.uid, result.election),
        );
        if let Some(text) = pdf_text(&pdf) {
            check_pv(&text, result);
        }
    }
    // The results page, the ministry's CSV, the representativeness, the émargement lists.
    let page = life.direction.get(&format!("/bureau/{}/results", life.uid));
    assert!(page.text().contains(&results[0].votants.to_string()));
    let csv = String::from_utf8(download(
        &life.direction,
        &format!("/bureau/{}/results.csv", life.uid),
    ))
    .unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + results.iter().map(|r| r.lists.len()).sum::<usize>()
    );
    if let Some(text) = pdf_text(&download(
        &life.delegue,
        &format!("/bureau/{}/representativeness.pdf", life.uid),
    )) {
        assert!(text.contains("CFDT") && text.contains("L2122-1"), "{text}");
    }
    let emargement = life.bve.get(&format!("/bureau/{}/emargement", life.uid));
    let first_id = crate::link_ids(
        emargement.text(),
        &format!("/bureau/{}/emargement/", life.uid),
    )[0];
    let csv = String::from_utf8(download(
        &life.bve,
        &format!("/bureau/{}/emargement/{first_id}.csv", life.uid),
    ))
    .unwrap();
    assert!(csv.lines().count() > 1);
    if let Some(text) = pdf_text(&download(
        &life.bve,
        &format!("/bureau/{}/emargement/{first_id}.pdf", life.uid),
    )) {
        assert!(text.contains("Liste d'émargement"));
    }
    // The event journal tells the story, each line chained.
    let journal = String::from_utf8(download(
        &life.bve,
        &format!("/bureau/{}/journal/events.csv", life.uid),
    ))
    .unwrap();
    for action in [
        "bureau nommé",
        "cérémonie des clés ouverte",
        "clé de chiffrement publiée",
        "programmation",
        "scellement",
        "clôture anticipée",
        "part de déchiffrement refusée",
        "résultats publiés",
    ] {
        assert!(
            journal.contains(action),
            "{action} missing from the journal:\n{journal}"
        );
    }
    assert!(journal.contains("membre 3"));
    super::round2::second_round(&life, &results);
}

#[test]
fn the_life_of_a_scrutin_on_sqlite() {
    whole_life(Backend::Sqlite);
}

#[test]
fn the_life_of_a_scrutin_on_postgres() {
    whole_life(Backend::Postgres);
}

/// A college without any candidate (carence): the ceremony opens without it (no manifest, the
/// election marked carence, which the voters' pages leave out), and the BVE member gets its PV
/// de carence (Cerfa 15248).
#[test]
fn an_election_without_candidates_is_a_carence() {
    let Some(mut life) = Life::new("bureau_carence", Backend::Sqlite, 6) else {
        return;
    };
    let (carence, college) = life.server.block_on(async {
        let registry = &life.server.stores.registry;
        let scrutin = registry.scrutin_by_uid(&life.uid).await.unwrap();
        let election = registry.elections(scrutin.id).await.unwrap().pop().unwrap();
        registry.set_lists_locked(scrutin.id, false).await.unwrap();
        for list in registry.lists(election.id).await.unwrap() {
            registry.delete_list(list.id).await.unwrap();
        }
        registry.set_lists_locked(scrutin.id, true).await.unwrap();
        let (_, college, _) = registry.election_names(election.id).await.unwrap();
        (election, college)
    });
    life.ceremony();
    let (marked, manifests) = life.server.block_on(async {
        let stores = &life.server.stores;
        let marked = stores.registry.election(carence.id).await.unwrap().carence;
        let manifests = stores
            .ballot_box
            .event_payloads(&life.uid, kind::MANIFEST)
            .await
            .unwrap();
        (marked, manifests.len())
    });
    assert!(marked);
    assert_eq!(manifests, 3, "no manifest for the carence election");
    let page = life.bve.get(&format!("/bureau/{}/results", life.uid));
    let id = crate::link_ids(page.text(), &format!("/bureau/{}/carence/", life.uid))[0];
    let pdf = download(&life.bve, &format!("/bureau/{}/carence/{id}.pdf", life.uid));
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("15248") && text.contains(&college), "{text}");
    }
}
