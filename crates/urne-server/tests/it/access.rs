//! Voters' access end to end (issue 6): a letter's identifiant, then the declared mobile and its
//! SMS password, then the badge challenge; a voter abroad by e-mail; self-service recovery;
//! recovery through a hotline operator; and the lockout of every step. Each path checks that
//! the codes it handled appear in no page, no log line and no registry value, and that no store
//! holds a seed or signing key.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use urne_crypto::CredentialCode;
use urne_rules::date::Date;
use urne_server::clock::Clock;
use urne_server::issuance::issue_credentials;
use urne_setup::challenge::{hash_badge, hash_ss_key, ChallengePepper};
use urne_setup::diff::diff_voters;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};
use urne_store::registry::{Body, CodeOrigin, NewScrutin, Scrutin};

use crate::{Client, Reply, Server, ORGANISER};

pub(crate) const UID: &str = "scrutin-2027";
pub(crate) const BADGE: &str = "4821";
const SS_KEY: &str = "42";
const ELECTIONS: [&str; 2] = ["el-tit", "el-sup"];

/// A scrutin open now with its voters and their codes, as if the letters had been printed.
pub(crate) struct Scene {
    pub(crate) server: Server,
    pub(crate) scrutin: Scrutin,
    pub(crate) codes: BTreeMap<String, String>,
    pages: std::cell::RefCell<Vec<String>>,
}

fn voter(matricule: &str, last: &str, country: &str, email: Option<&str>) -> Voter {
    let pepper = ChallengePepper::from_bytes([7; 32]);
    Voter {
        matricule: matricule.to_owned(),
        civility: Civility::Madame,
        last_name: last.to_owned(),
        first_name: "Hélène".to_owned(),
        birth_date: Date::new(1985, 6, 15).unwrap(),
        establishment: "SIEGE".to_owned(),
        college: "1".to_owned(),
        seniority: Seniority::EntryDate(Date::new(2015, 9, 1).unwrap()),
        professional_email: email.map(str::to_owned),
        mobile: (matricule == "P1").then(|| "06 01 02 03 04".to_owned()),
        address: PostalAddress {
            lines: vec!["3 rue des Lilas".to_owned()],
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: country.to_owned(),
        },
        challenge: ChallengeHashes {
            badge: Some(hash_badge(&pepper, matricule, BADGE)),
            ss_key: Some(hash_ss_key(&pepper, matricule, SS_KEY)),
        },
        eligibility: VoterEligibility {
            elector: true,
            eligible: true,
            reasons: vec![],
        },
    }
}

impl Scene {
    pub(crate) fn new(name: &str) -> Scene {
        let server = Server::sqlite(name);
        urne_server::log::start_capture();
        let now = server.clock.now().as_second();
        let (scrutin, codes) = server.block_on(async {
            let registry = &server.stores.registry;
            let siege = registry
                .add_establishment("SIEGE", "Siège", "77812761300041", "Paris")
                .await
                .unwrap();
            let college = registry.add_college("1", "Employés").await.unwrap();
            let id = registry
                .add_scrutin(&NewScrutin {
                    record_uid: UID.to_owned(),
                    name: "CSE 2027".to_owned(),
                    round: 1,
                    first_round_id: None,
                    first_round_day: Date::new(2027, 1, 4).unwrap(),
                    opens_at: now - 3600,
                    closes_at: now + 3 * 86400,
                })
                .await
                .unwrap();
            for (uid, body) in ELECTIONS.iter().zip([Body::Titulaires, Body::Suppleants]) {
                registry
                    .add_election(uid, id, siege, college, body, 3)
                    .await
                    .unwrap();
            }
            let voters = vec![
                voter("P1", "Martin", "", Some("p1@acme.fr")),
                voter("P2", "Durand", "France", Some("p2@acme.fr")),
                voter("US", "Smith", "États-Unis", Some("us@acme.fr")),
                voter("DE", "Weber", "Allemagne", Some("de@acme.fr")),
            ];
            registry
                .apply_voter_diff(&diff_voters(&[], &voters), now)
                .await
                .unwrap();
            let scrutin = registry.scrutin(id).await.unwrap();
            let electors = registry.scrutin_electors(id).await.unwrap();
            let issued = issue_credentials(
                &server.stores,
                &scrutin,
                &electors,
                CodeOrigin::Server,
                now,
                |_| {},
            )
            .await
            .unwrap();
            let mut codes = BTreeMap::new();
            for (voter_id, code) in issued {
                let matricule = registry.voter(voter_id).await.unwrap().voter.matricule;
                codes.insert(matricule, code.code.to_string());
            }
            (scrutin, codes)
        });
        Scene {
            server,
            scrutin,
            codes,
            pages: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn keep(&self, reply: Reply) -> Reply {
        self.pages.borrow_mut().push(reply.text().to_owned());
        reply
    }

    pub(crate) fn get(&self, client: &Client, path: &str) -> Reply {
        self.keep(client.get(path))
    }

    pub(crate) fn post(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.keep(client.post_form(path, fields))
    }

    /// What the browser's login.js posts for a typed code.
    pub(crate) fn token(code: &str) -> String {
        hex::encode(
            CredentialCode::parse(code)
                .unwrap()
                .seed(UID)
                .login_token()
                .0,
        )
    }

    /// The identifiant step; returns where it leads.
    pub(crate) fn identifiant(&self, client: &Client, code: &str) -> Reply {
        self.get(client, &format!("/vote/{UID}"));
        self.post(
            client,
            &format!("/vote/{UID}/login"),
            &[("token", &Self::token(code))],
        )
    }

    /// The number step.
    pub(crate) fn phone(&self, client: &Client, mobile: &str) -> Reply {
        let page = self.get(client, &format!("/vote/{UID}/phone"));
        let csrf = page.csrf();
        self.post(
            client,
            &format!("/vote/{UID}/phone"),
            &[("csrf", &csrf), ("mobile", mobile)],
        )
    }

    /// The last step.
    pub(crate) fn password(&self, client: &Client, otp: &str, challenge: &str) -> Reply {
        let page = self.get(client, &format!("/vote/{UID}/password"));
        let csrf = page.csrf();
        self.post(
            client,
            &format!("/vote/{UID}/password"),
            &[("csrf", &csrf), ("password", otp), ("challenge", challenge)],
        )
    }

    pub(crate) fn outbox(&self) -> urne_delivery::MemoryOutbox {
        self.server.delivery.outbox.clone().unwrap()
    }

    /// The 8-digit password of the last SMS to `number`.
    pub(crate) fn last_sms_password(&self, number: &str) -> String {
        let sms = self.outbox().sms_to(number);
        digits_after(&sms.last().unwrap().text, "est ")
    }

    /// The code of the last e-mail to `address` (18 symbols with dashes).
    pub(crate) fn last_emailed_code(&self, address: &str) -> String {
        let email = self.outbox().emails_to(address).pop().unwrap();
        let line = email
            .body
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 20 && l.matches('-').count() == 2)
            .unwrap();
        line.to_owned()
    }

    /// Asserts that `secrets` are in no page seen, no log line, no registry value, and that
    /// neither store holds the seed or signing keys of `codes`.
    pub(crate) fn assert_nowhere(&self, codes: &[&str], otps: &[&str]) {
        let registry = self
            .server
            .block_on(self.server.stores.registry.db().dump())
            .unwrap();
        let ballot_box = self
            .server
            .block_on(self.server.stores.ballot_box.db().dump())
            .unwrap();
        let logs = urne_server::log::captured();
        let pages = self.pages.borrow();
        let mut forbidden: Vec<String> = otps.iter().map(|s| (*s).to_owned()).collect();
        for code in codes {
            let parsed = CredentialCode::parse(code).unwrap();
            let seed = parsed.seed(UID);
            forbidden.push((*code).to_owned());
            forbidden.push(code.replace('-', ""));
            forbidden.push(hex::encode(seed.login_token().0));
            forbidden.push(hex::encode(*seed.bytes()));
            for election in ELECTIONS {
                forbidden.push(hex::encode(*seed.election_keys(election).secret_bytes()));
            }
        }
        for secret in &forbidden {
            for (place, values) in [
                ("page", &*pages),
                ("log", &logs),
                ("registry", &registry),
                ("ballot box", &ballot_box),
            ] {
                assert!(
                    !values.iter().any(|v| v.contains(secret.as_str())),
                    "a secret is in a {place}"
                );
            }
        }
        assert!(!pages.is_empty() && registry.len() > 50);
    }
}

fn digits_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).unwrap() + marker.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[test]
fn letter_then_sms_password_then_badge() {
    let scene = Scene::new("access_letter");
    let code = scene.codes["P1"].clone();
    let client = scene.server.client();
    assert_eq!(
        scene.identifiant(&client, &code).see_other(),
        format!("/vote/{UID}/phone")
    );
    let sent = scene.phone(&client, "06 12 34 56 78");
    assert!(sent
        .see_other()
        .starts_with(&format!("/vote/{UID}/password")));
    let otp = scene.last_sms_password("+33612345678");
    assert_eq!(otp.len(), 8);
    // A wrong badge fails with the message that names no factor.
    let failed = scene.password(&client, &otp, "0000");
    assert_eq!(failed.status, 401);
    assert!(failed
        .text()
        .contains("ne permettent pas de vous identifier"));
    let ok = scene.password(&client, &otp, BADGE);
    assert_eq!(ok.see_other(), format!("/vote/{UID}/elections"));
    let welcome = scene.get(&client, &format!("/vote/{UID}/elections"));
    assert!(
        welcome.text().contains("Hélène Martin"),
        "{}",
        welcome.text()
    );
    assert!(welcome.text().contains("Titulaires") || welcome.text().contains("titulaires"));

    // Another voter cannot use the same number: no SMS is sent, and the last step fails.
    let other = scene.server.client();
    scene.identifiant(&other, &scene.codes["P2"]);
    let before = scene.outbox().len();
    scene.phone(&other, "+33 6 12 34 56 78").see_other();
    assert_eq!(scene.outbox().len(), before);
    assert_eq!(scene.password(&other, &otp, BADGE).status, 401);

    // An unknown identifiant goes through the same steps and fails only at the end.
    let stranger = scene.server.client();
    let mut rng = rand::rngs::OsRng;
    let fake = CredentialCode::generate(&mut rng).to_text().to_string();
    assert_eq!(
        scene.identifiant(&stranger, &fake).see_other(),
        format!("/vote/{UID}/phone")
    );
    scene.phone(&stranger, "07 00 00 00 01").see_other();
    assert_eq!(scene.password(&stranger, "12345678", BADGE).status, 401);
    scene.assert_nowhere(&[&code, &scene.codes["P2"], &fake], &[&otp]);
}

#[test]
fn voters_abroad_get_both_codes_by_email_outside_europe() {
    let scene = Scene::new("access_abroad");
    let code = scene.codes["US"].clone();
    let client = scene.server.client();
    // Outside Europe: no number to declare, the password goes to the professional address.
    let next = scene.identifiant(&client, &code);
    assert_eq!(next.see_other(), format!("/vote/{UID}/password?by=email"));
    let email = scene.outbox().emails_to("us@acme.fr").pop().unwrap();
    let otp = digits_after(&email.body, "est :\n\n    ");
    assert_eq!(otp.len(), 8);
    assert_eq!(
        scene.password(&client, &otp, BADGE).see_other(),
        format!("/vote/{UID}/elections")
    );
    // In Europe (Germany), the password goes by SMS as at home.
    let de = scene.server.client();
    assert_eq!(
        scene.identifiant(&de, &scene.codes["DE"]).see_other(),
        format!("/vote/{UID}/phone")
    );
    scene.assert_nowhere(&[&code], &[&otp]);
}

#[test]
fn self_service_recovery_sends_a_new_identifiant_and_revokes_the_old() {
    let scene = Scene::new("access_recovery");
    let old = scene.codes["P1"].clone();
    let client = scene.server.client();
    let form = |ss: &str, badge: &str| {
        vec![
            ("last_name", "MARTIN".to_owned()),
            ("first_name", "helene".to_owned()),
            ("birth_date", "1985-06-15".to_owned()),
            ("ss_key", ss.to_owned()),
            ("badge", badge.to_owned()),
        ]
    };
    let post = |fields: Vec<(&str, String)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        scene.post(&client, &format!("/vote/{UID}/recovery"), &fields)
    };
    // A wrong badge: the same answer, nothing sent.
    let wrong = post(form(SS_KEY, "9999"));
    assert_eq!(wrong.status, 200);
    assert!(scene.outbox().emails_to("p1@acme.fr").is_empty());
    let right = post(form(SS_KEY, BADGE));
    assert_eq!(right.text(), wrong.text());
    let new = scene.last_emailed_code("p1@acme.fr");
    assert_ne!(new, old);
    // The old identifiant no longer opens a session; the new one does.
    let client = scene.server.client();
    scene.identifiant(&client, &old);
    scene.phone(&client, "06 11 11 11 11");
    assert!(scene.outbox().sms_to("+33611111111").is_empty());
    let client = scene.server.client();
    scene.identifiant(&client, &new);
    scene.phone(&client, "06 11 11 11 11");
    let otp = scene.last_sms_password("+33611111111");
    assert_eq!(scene.password(&client, &otp, BADGE).status, 303);
    // Counted: one server code revoked, one recovery code; the record has the new keys.
    let counts = scene
        .server
        .block_on(
            scene
                .server
                .stores
                .registry
                .access_code_counts(scene.scrutin.id),
        )
        .unwrap();
    assert_eq!(counts["server"], (3, 1));
    assert_eq!(counts["recovery"], (1, 0));
    let keys = scene
        .server
        .block_on(scene.server.stores.ballot_box.credential_counts("el-tit"))
        .unwrap();
    assert_eq!((keys["server"], keys["recovery"]), (4, 1));
    scene.assert_nowhere(&[&old, &new], &[&otp]);
}

#[test]
fn hotline_operator_validates_a_request_after_calling_back() {
    let scene = Scene::new("access_hotline");
    let voter_client = scene.server.client();
    let filed = scene.post(
        &voter_client,
        &format!("/vote/{UID}/help"),
        &[
            ("last_name", "Durand"),
            ("first_name", "Hélène"),
            ("birth_date", "1985-06-15"),
            ("email", "helene.perso@example.org"),
            ("phone", "06 22 33 44 55"),
            ("subject", "identifiant"),
            ("message", "Courrier jamais reçu"),
        ],
    );
    assert!(filed.text().contains("numéro"), "{}", filed.text());
    let operator = scene.server.logged_in(ORGANISER);
    let queue = scene.get(&operator, "/hotline");
    let ids = crate::link_ids(queue.text(), "/hotline/");
    assert_eq!(ids.len(), 1);
    let page = scene.get(&operator, &format!("/hotline/{}", ids[0]));
    assert!(page.text().contains("P2"));
    let voter_id = crate::attribute_after(page.text(), r#"name="voter" value=""#).unwrap();
    let decided = scene.post(
        &operator,
        &format!("/hotline/{}", ids[0]),
        &[
            ("csrf", &page.csrf()),
            ("voter", &voter_id),
            ("action", "identifiant_sms"),
            ("note", "identité vérifiée"),
        ],
    );
    assert_eq!(decided.see_other(), "/hotline");
    let sms = scene.outbox().sms_to("+33622334455");
    let new = sms[0]
        .text
        .split_whitespace()
        .map(|w| w.trim_end_matches('.'))
        .find(|w| w.len() == 20 && w.contains('-'))
        .unwrap()
        .to_owned();
    // The information e-mail went to the professional address, without the code.
    let info = scene.outbox().emails_to("p2@acme.fr").pop().unwrap();
    assert!(info.body.contains("SMS") && !info.body.contains(&new));
    // The journal has the request and the decision, with the operator's login.
    let queue = scene.get(&operator, "/hotline");
    assert!(queue.text().contains("request validated") && queue.text().contains(ORGANISER));
    // A decided request cannot be decided again.
    let again = scene.post(
        &operator,
        &format!("/hotline/{}", ids[0]),
        &[
            ("csrf", &page.csrf()),
            ("voter", &voter_id),
            ("action", "identifiant_sms"),
            ("note", ""),
        ],
    );
    assert_eq!(again.status, 400);
    // The new identifiant works.
    let client = scene.server.client();
    scene.identifiant(&client, &new);
    scene.phone(&client, "06 22 33 44 55");
    let otp = scene.last_sms_password("+33622334455");
    let reply = scene.password(&client, &otp, BADGE);
    assert_eq!(
        reply.status,
        303,
        "{:?} {}",
        scene.outbox().sms_to("+33622334455"),
        reply.text()
    );
    scene.assert_nowhere(&[&new, &scene.codes["P2"]], &[&otp]);
}

#[test]
fn brute_force_locks_every_step() {
    let scene = Scene::new("access_brute");
    // Password step: 5 failures lock the code, even with the right password afterwards.
    let code = scene.codes["P1"].clone();
    let client = scene.server.client();
    scene.identifiant(&client, &code);
    scene.phone(&client, "06 12 34 56 78");
    let otp = scene.last_sms_password("+33612345678");
    for guess in 0..5 {
        assert_eq!(
            scene
                .password(&client, &format!("{guess:08}"), BADGE)
                .status,
            401
        );
    }
    assert_eq!(scene.password(&client, &otp, BADGE).status, 401);
    // Locked codes get no SMS.
    let client = scene.server.client();
    scene.identifiant(&client, &code);
    let before = scene.outbox().len();
    scene.phone(&client, "06 12 34 56 78");
    assert_eq!(scene.outbox().len(), before);
    // After the lock, the code works again.
    scene.server.advance(SignedDuration::from_mins(31));
    let client = scene.server.client();
    scene.identifiant(&client, &code);
    scene.phone(&client, "06 12 34 56 78");
    let otp = scene.last_sms_password("+33612345678");
    assert_eq!(scene.password(&client, &otp, BADGE).status, 303);

    // Number step: 3 passwords per session.
    let client = scene.server.client();
    scene.identifiant(&client, &scene.codes["P2"]);
    for _ in 0..3 {
        scene.phone(&client, "06 99 99 99 99").see_other();
    }
    assert_eq!(scene.phone(&client, "06 99 99 99 99").status, 429);
    assert_eq!(scene.outbox().sms_to("+33699999999").len(), 3);

    // Identifiant step: unknown identifiants from one address lock it (30 in 15 minutes).
    let mut rng = rand::rngs::OsRng;
    let attacker = scene.server.client();
    let mut last = 0;
    for _ in 0..31 {
        let fake = CredentialCode::generate(&mut rng).to_text().to_string();
        last = scene
            .post(
                &attacker,
                &format!("/vote/{UID}/login"),
                &[("token", &Scene::token(&fake))],
            )
            .status;
    }
    assert_eq!(last, 429);

    // Recovery and help requests: 5 per address and hour.
    scene.server.advance(SignedDuration::from_mins(16));
    let client = scene.server.client();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            scene
                .post(
                    &client,
                    &format!("/vote/{UID}/recovery"),
                    &[
                        ("last_name", "X"),
                        ("first_name", "Y"),
                        ("birth_date", "1985-06-15"),
                        ("ss_key", "1"),
                        ("badge", "1"),
                    ],
                )
                .status,
        );
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);
    scene.assert_nowhere(&[&code], &[&otp]);
}

#[test]
fn an_offline_authoritys_credentials_are_accepted_and_the_server_never_sees_a_key() {
    use urne_access::authority::{
        check_upload, credential_list, read_registry_file, registry_file, CredentialList,
    };
    use urne_access::issue::{issue, Recipient};
    let scene = Scene::new("access_authority");
    let server = &scene.server;
    // The export: the electors and their elections, as `urne credentials export` writes them.
    let electors: BTreeMap<String, Vec<String>> = server.block_on(async {
        let registry = &server.stores.registry;
        let mut out = BTreeMap::new();
        for e in registry.scrutin_electors(scene.scrutin.id).await.unwrap() {
            let matricule = registry.voter(e.voter_id).await.unwrap().voter.matricule;
            out.insert(matricule, e.elections);
        }
        out
    });
    // On the authority's machine: codes drawn, two public files written.
    let recipients: Vec<Recipient> = electors
        .iter()
        .map(|(key, elections)| Recipient {
            key: key.clone(),
            elections: elections.clone(),
        })
        .collect();
    let issued = issue(UID, &recipients, 2, &|_| {});
    let rows: Vec<(String, [u8; 32])> = issued
        .codes
        .iter()
        .map(|c| (c.key.clone(), c.login_verifier))
        .collect();
    let registry_csv = registry_file(&rows);
    let list_json = serde_json::to_string(&credential_list(UID, &issued.public_keys)).unwrap();
    let codes: BTreeMap<String, String> = issued
        .codes
        .iter()
        .map(|c| (c.key.clone(), c.code.to_string()))
        .collect();
    drop(issued);
    // On the server: the files are read, checked and imported.
    let list: CredentialList = serde_json::from_str(&list_json).unwrap();
    let rows = read_registry_file("registry.csv", &registry_csv).unwrap();
    let upload = check_upload(
        UID,
        &electors,
        ("registry.csv", rows),
        ("ballot-box.json", &list),
    )
    .unwrap();
    let imported = server
        .block_on(urne_server::issuance::import_authority(
            &server.stores,
            &scene.scrutin,
            &upload,
            server.clock.now().as_second(),
        ))
        .unwrap();
    assert_eq!(imported, 4);
    // The authority's code logs in; the server's earlier one no longer does.
    let client = server.client();
    scene.identifiant(&client, &codes["P1"]);
    scene.phone(&client, "06 55 55 55 55");
    let otp = scene.last_sms_password("+33655555555");
    assert_eq!(scene.password(&client, &otp, BADGE).status, 303);
    let old = server.client();
    scene.identifiant(&old, &scene.codes["P1"]);
    scene.phone(&old, "06 55 55 55 55");
    assert_eq!(scene.outbox().sms_to("+33655555555").len(), 1);
    // Counted as the authority's, in the registry and in the ballot box.
    let counts = server
        .block_on(server.stores.registry.access_code_counts(scene.scrutin.id))
        .unwrap();
    assert_eq!(counts["authority"], (4, 0));
    let keys = server
        .block_on(server.stores.ballot_box.credential_counts("el-sup"))
        .unwrap();
    assert_eq!(keys["authority"], 4);
    // No store holds an authority code, seed, login token or signing key.
    let all: Vec<&str> = codes.values().map(String::as_str).collect();
    scene.assert_nowhere(&all, &[&otp]);
}

#[test]
fn a_voter_outside_europe_asks_for_the_password_again_by_email() {
    let scene = Scene::new("access_resend");
    let client = scene.server.client();
    scene.identifiant(&client, &scene.codes["US"]);
    let page = scene.get(&client, &format!("/vote/{UID}/password?by=email"));
    assert!(page.text().contains(&format!("/vote/{UID}/resend")));
    for _ in 0..2 {
        let again = scene.post(
            &client,
            &format!("/vote/{UID}/resend"),
            &[("csrf", &page.csrf())],
        );
        assert_eq!(again.see_other(), format!("/vote/{UID}/password?by=email"));
    }
    // Three passwords per session: the first, then two more.
    assert_eq!(scene.outbox().emails_to("us@acme.fr").len(), 3);
    let refused = scene.post(
        &client,
        &format!("/vote/{UID}/resend"),
        &[("csrf", &page.csrf())],
    );
    assert_eq!(refused.status, 429);
    // Only the last password works.
    let emails = scene.outbox().emails_to("us@acme.fr");
    let first = digits_after(&emails[0].body, "est :\n\n    ");
    let last = digits_after(&emails[2].body, "est :\n\n    ");
    if first != last {
        assert_eq!(scene.password(&client, &first, BADGE).status, 401);
    }
    assert_eq!(scene.password(&client, &last, BADGE).status, 303);
    scene.assert_nowhere(&[&scene.codes["US"]], &[&first, &last]);
}

#[test]
fn nobody_logs_in_or_recovers_outside_the_voting_hours() {
    let scene = Scene::new("access_closed");
    scene.server.advance(SignedDuration::from_hours(3 * 24 + 1));
    let client = scene.server.client();
    let page = scene.get(&client, &format!("/vote/{UID}"));
    assert!(
        page.text().contains("pas ouvert") || page.text().contains("not open"),
        "{}",
        page.text()
    );
    let refused = scene.identifiant(&client, &scene.codes["P1"]);
    assert_eq!(refused.status, 403);
    assert!(client.cookie(urne_server::voter::VOTER_COOKIE).is_none());
    let recovery = scene.post(
        &client,
        &format!("/vote/{UID}/recovery"),
        &[
            ("last_name", "Martin"),
            ("first_name", "Hélène"),
            ("birth_date", "1985-06-15"),
            ("ss_key", "42"),
            ("badge", BADGE),
        ],
    );
    assert!(recovery.text().contains("pas ouvert") || recovery.text().contains("not open"));
    assert!(scene.outbox().is_empty());
}
