//! The organisateur's access page end to end: the challenge chosen per scrutin, the electors
//! exported for an offline authority and its upload imported (a tampered one refused), codes
//! issued by urne as a PDF of letters and e-mails abroad, returned letters recorded and re-sent,
//! and the programmed communications sent once per day whatever the number of ticks.

use jiff::SignedDuration;
use urne_access::authority::{credential_list, registry_file, Export};
use urne_access::issue::{issue, Recipient};
use urne_server::app::AppState;
use urne_server::communications;

use crate::access::{Scene, BADGE, UID};
use urne_store::registry::Role;

use crate::ORGANISER;

#[test]
fn challenge_export_import_and_issue_from_the_access_page() {
    let scene = Scene::new("admin_access");
    let id = scene.scrutin.id;
    let org = scene.server.logged_in(ORGANISER);
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/access"));
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains("4 électeurs") || page.text().contains("4 electors"),
        "{}",
        page.text()
    );
    // The challenge becomes the social-security key: the last login step asks for it.
    let set = scene.post(
        &org,
        &format!("/admin/scrutins/{id}/challenge"),
        &[("csrf", &page.csrf()), ("challenge", "ss_key")],
    );
    assert_eq!(set.status, 303);
    let voter = scene.server.client();
    scene.identifiant(&voter, &scene.codes["P1"]);
    scene.phone(&voter, "06 10 20 30 40");
    let otp = scene.last_sms_password("+33610203040");
    assert_eq!(scene.password(&voter, &otp, BADGE).status, 401);
    let voter = scene.server.client();
    scene.identifiant(&voter, &scene.codes["P1"]);
    scene.phone(&voter, "06 10 20 30 40");
    let otp = scene.last_sms_password("+33610203040");
    assert_eq!(scene.password(&voter, &otp, "42").status, 303);

    // Export, generate as the authority would, import; a tampered list is refused whole.
    let export = scene.get(&org, &format!("/admin/scrutins/{id}/credentials/export"));
    let export: Export = serde_json::from_slice(&export.body).unwrap();
    assert_eq!(export.voters.len(), 4);
    assert_eq!(
        export.voters.iter().filter(|v| v.email.is_some()).count(),
        2
    );
    let recipients: Vec<Recipient> = export
        .voters
        .iter()
        .map(|v| Recipient {
            key: v.matricule.clone(),
            elections: v.elections.clone(),
        })
        .collect();
    let issued = issue(UID, &recipients, 1, &|_| {});
    let rows: Vec<(String, [u8; 32])> = issued
        .codes
        .iter()
        .map(|c| (c.key.clone(), c.login_verifier))
        .collect();
    let csv = registry_file(&rows);
    let mut list = credential_list(UID, &issued.public_keys);
    let good = serde_json::to_vec(&list).unwrap();
    list.elections.get_mut("el-sup").unwrap().pop();
    let bad = serde_json::to_vec(&list).unwrap();
    let csrf = page.csrf();
    let path = format!("/admin/scrutins/{id}/credentials/import");
    let refused = org.post_multipart(
        &path,
        &[("csrf", &csrf), ("registry", &csv)],
        "ballot_box",
        "ballot-box.json",
        &bad,
    );
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .text()
            .contains("elections.el-sup: 3 keys for 4 electors"),
        "{}",
        refused.text()
    );
    let accepted = org.post_multipart(
        &path,
        &[("csrf", &csrf), ("registry", &csv)],
        "ballot_box",
        "ballot-box.json",
        &good,
    );
    assert_eq!(accepted.status, 303, "{}", accepted.text());
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/access"));
    assert!(
        page.text().contains("Autorité indépendante"),
        "{}",
        page.text()
    );

    // Issued by urne: the letters of the two voters at home as a PDF, e-mails to the two abroad.
    let before = scene.outbox().emails_to("us@acme.fr").len();
    let pdf = scene.post(
        &org,
        &format!("/admin/scrutins/{id}/credentials/issue"),
        &[("csrf", &csrf)],
    );
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("cache-control"), Some("no-store"));
    assert!(pdf.body.starts_with(b"%PDF"));
    assert!(
        pdf.body.windows(8).any(|w| w == b"/Count 2"),
        "two letters: P1 and P2"
    );
    assert_eq!(scene.outbox().emails_to("us@acme.fr").len(), before + 1);
    let new = scene.last_emailed_code("de@acme.fr");
    let voter = scene.server.client();
    assert_eq!(
        scene.identifiant(&voter, &new).see_other(),
        format!("/vote/{UID}/phone")
    );
    let counts = scene
        .server
        .block_on(scene.server.stores.registry.access_code_counts(id))
        .unwrap();
    assert_eq!(counts["server"].0, 4);
    assert_eq!(counts["authority"], (0, 4));
}

#[test]
fn returned_letters_are_journaled_and_resent_by_the_hotline() {
    let scene = Scene::new("admin_pnd");
    let id = scene.scrutin.id;
    scene.server.block_on(async {
        let phc = urne_server::password::hash_password(crate::PASSWORD).unwrap();
        let registry = &scene.server.stores.registry;
        registry
            .add_staff("assistance", "Assistance", &phc, Role::Hotline, None)
            .await
            .unwrap();
        registry
            .add_staff("direction", "Direction", &phc, Role::Direction, None)
            .await
            .unwrap();
    });
    // Rights: the hotline works the queue and the returned letters, not the access page; the
    // direction's representative does neither.
    let direction = scene.server.logged_in("direction");
    for path in [
        "/hotline".to_owned(),
        format!("/admin/scrutins/{id}/returned"),
        format!("/admin/scrutins/{id}/access"),
    ] {
        assert_eq!(direction.get(&path).status, 403, "{path}");
    }
    let org = scene.server.logged_in("assistance");
    assert_eq!(org.get(&format!("/admin/scrutins/{id}/access")).status, 403);
    let queue = scene.get(&org, "/hotline");
    assert!(queue
        .text()
        .contains(&format!("/admin/scrutins/{id}/returned")));
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/returned"));
    let csrf = page.csrf();
    let unknown = scene.post(
        &org,
        &format!("/admin/scrutins/{id}/returned"),
        &[("csrf", &csrf), ("matricule", "ZZ"), ("note", "NPAI")],
    );
    assert_eq!(unknown.status, 400);
    for matricule in ["P1", "P2"] {
        let recorded = scene.post(
            &org,
            &format!("/admin/scrutins/{id}/returned"),
            &[("csrf", &csrf), ("matricule", matricule), ("note", "NPAI")],
        );
        assert_eq!(recorded.status, 303);
    }
    let letters = scene
        .server
        .block_on(scene.server.stores.registry.returned_letters(id))
        .unwrap();
    assert_eq!(letters.len(), 2);
    // P2 by e-mail, P1 by post.
    let by_email = letters.iter().find(|l| l.matricule == "P2").unwrap().id;
    let by_post = letters.iter().find(|l| l.matricule == "P1").unwrap().id;
    let sent = scene.post(
        &org,
        &format!("/admin/returned/{by_email}/resend"),
        &[("csrf", &csrf), ("channel", "email")],
    );
    assert_eq!(sent.status, 303);
    let new = scene.last_emailed_code("p2@acme.fr");
    assert_ne!(new, scene.codes["P2"]);
    let pdf = scene.post(
        &org,
        &format!("/admin/returned/{by_post}/resend"),
        &[("csrf", &csrf), ("channel", "post")],
    );
    assert!(pdf.body.starts_with(b"%PDF"));
    let again = scene.post(
        &org,
        &format!("/admin/returned/{by_post}/resend"),
        &[("csrf", &csrf), ("channel", "post")],
    );
    assert_eq!(again.status, 400);
    let journal = scene
        .server
        .block_on(
            scene
                .server
                .stores
                .registry
                .journal_entries(urne_store::registry::JournalKind::Pnd, 10),
        )
        .unwrap();
    assert_eq!(journal.len(), 4, "{journal:?}");
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/returned"));
    assert!(
        page.text().contains("fait par assistance") || page.text().contains("done by assistance"),
        "{}",
        page.text()
    );
    // The old codes no longer log in.
    let voter = scene.server.client();
    scene.identifiant(&voter, &scene.codes["P2"]);
    scene.phone(&voter, "06 40 40 40 40");
    assert!(scene.outbox().sms_to("+33640404040").is_empty());
    scene.assert_nowhere(&[&new, &scene.codes["P1"]], &[]);
}

#[test]
fn programmed_communications_go_once_a_day_with_the_edited_texts() {
    let scene = Scene::new("admin_comms");
    let id = scene.scrutin.id;
    let org = scene.server.logged_in(ORGANISER);
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/access"));
    let edited = scene.post(
        &org,
        &format!("/admin/scrutins/{id}/communications/opening"),
        &[
            ("csrf", &page.csrf()),
            ("subject_fr", "C'est ouvert"),
            ("body_fr", "Votez pour « {scrutin} » avant le {closes}."),
            ("subject_en", "It is open"),
            ("body_en", "Vote in \"{scrutin}\" before {closes}."),
        ],
    );
    assert_eq!(edited.status, 303);
    let mut state = AppState::new(
        scene.server.stores.clone(),
        scene.server.clock.clone(),
        urne_server::csrf::CsrfKey::random(),
        urne_setup::challenge::ChallengePepper::from_bytes([7; 32]),
        &scene.server.origin,
    );
    state.delivery = scene.server.delivery.clone();
    state.sms_communications = true;
    let state = std::sync::Arc::new(state);
    // Opened an hour ago (Monday 10:00 Paris): the opening mailing, once, however many ticks.
    assert_eq!(
        scene.server.block_on(communications::tick(&state)).unwrap(),
        1
    );
    assert_eq!(
        scene.server.block_on(communications::tick(&state)).unwrap(),
        0
    );
    let emails = scene.outbox().emails_to("p1@acme.fr");
    assert_eq!(emails.len(), 1);
    assert!(
        emails[0].subject.contains("C'est ouvert")
            && emails[0].body.contains("Votez pour « CSE 2027 »")
    );
    // Tuesday 8:00 Paris: the reminder; Wednesday, within 24 h of the closing: reminder and notice.
    scene.server.advance(SignedDuration::from_hours(22));
    assert_eq!(
        scene.server.block_on(communications::tick(&state)).unwrap(),
        1
    );
    scene.server.advance(SignedDuration::from_hours(26));
    assert_eq!(
        scene.server.block_on(communications::tick(&state)).unwrap(),
        2
    );
    assert_eq!(scene.outbox().emails_to("us@acme.fr").len(), 4);
    let org = scene.server.logged_in(ORGANISER);
    let page = scene.get(&org, &format!("/admin/scrutins/{id}/access"));
    let runs = crate::table_rows(page.text(), "Journal des envois");
    assert_eq!(runs.len(), 4, "{runs:?}");
    // 4 e-mails and 1 SMS (only P1 has a mobile in the voter file) per mailing.
    assert!(runs.iter().all(|r| r[2] == "5" && r[3] == "0"), "{runs:?}");
    assert_eq!(scene.outbox().sms_to("+33601020304").len(), 4);

    // The outbox page: a 404 on a real server, the messages on the demo's.
    assert_eq!(scene.server.client().get("/outbox").status, 404);
    let demo = crate::Client::new(&scene.server.front_with(|state| state.show_outbox = true));
    let page = demo.get("/outbox");
    assert_eq!(page.status, 200);
    let text = crate::unescape(page.text());
    assert!(
        text.contains("us@acme.fr") && text.contains("C'est ouvert"),
        "{text}"
    );
}
