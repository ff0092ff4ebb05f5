//! The bureau's scripts in headless Chromium (issue 8): member 1 of a BVC of three draws their
//! séquence secrète on the ceremony page, types it back and lets `static/ceremony.js` run the
//! four steps in wasm while members 2 and 3 take part natively; the election key is published.
//! After the closing, member 1 types a wrong séquence on the counting page (refused), then
//! theirs: `static/counting.js` publishes their decryption shares; member 2's shares complete
//! the count. Every bureau page visited, by a BVC member and then by a BVE member, passes
//! axe-core.

use std::sync::Arc;

use serde_json::Value;
use urne_crypto::dkg::{CeremonyOutcome, SecretSequence};
use urne_record::ceremony as wire;
use urne_server::app::{serve, AppState};
use urne_server::ceremony::{self, Step};
use urne_server::clock::FixedClock;
use urne_server::counting::{self, Target};
use urne_server::csrf::CsrfKey;
use urne_setup::challenge::ChallengePepper;
use urne_store::registry::{Role, ScrutinStatus};
use urne_store::Stores;

use crate::{tools, Browser, PASSWORD};

/// Waits (in bounded rounds of probes, no clock) until `css`'s text contains `text`.
fn wait_for(browser: &Browser, css: &str, text: &str) {
    for _ in 0..30 {
        if browser.wait_for_text(css, text) {
            return;
        }
    }
    let now = browser.script(&format!(
        "return document.querySelector({css:?}).textContent;"
    ));
    panic!("{css} never said {text:?}; it says {now}");
}

#[test]
fn a_member_runs_the_ceremony_and_decrypts_in_the_browser() {
    let Some((driver, axe)) = tools() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("urne-browser-bureau-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let stores = runtime.block_on(Stores::open_sqlite_dir(&dir)).unwrap();
    let now: jiff::Timestamp = "2027-01-04T09:00:00Z".parse().unwrap();
    let state = Arc::new(AppState::new(
        stores.clone(),
        Arc::new(FixedClock::new(now)),
        CsrfKey::random(),
        ChallengePepper::from_bytes([7; 32]),
        &origin,
    ));
    let prepared = runtime
        .block_on(urne_server::demo::prepare(&state, now.as_second(), 4))
        .unwrap();
    let scrutin = runtime.block_on(async {
        let registry = &stores.registry;
        let phc = urne_server::password::hash_password(PASSWORD).unwrap();
        let mut ids = Vec::new();
        for i in 1..=3 {
            let login = format!("bvc{i}");
            ids.push(
                registry
                    .add_staff(&login, &login, &phc, Role::Bvc, None)
                    .await
                    .unwrap(),
            );
        }
        registry
            .set_bureau(prepared.scrutin_id, &ids, 2)
            .await
            .unwrap();
        let scrutin = registry.scrutin(prepared.scrutin_id).await.unwrap();
        ceremony::start(&state, &scrutin).await.unwrap();
        registry.scrutin(prepared.scrutin_id).await.unwrap()
    });
    runtime.spawn(serve(state.clone(), listener));
    let uid = prepared.uid.clone();

    let browser = Browser::start(&driver);
    let audit = |browser: &Browser| {
        if let Some(source) = &axe {
            let violations = browser.axe_violations(source);
            assert!(violations.is_empty(), "{}: {violations:#?}", browser.url());
        }
    };
    browser.goto(&format!("{origin}/bureau/{uid}/ceremony"));
    browser.type_into("#login", "bvc1");
    browser.type_into("#password", PASSWORD);
    browser.click_and_wait("form[action='/login'] button[type=submit]");
    assert!(browser.url().ends_with("/ceremony"), "{}", browser.url());
    audit(&browser);
    // Member 1 draws, copies and types back their séquence; a mistyped copy is refused.
    browser.click("#draw");
    wait_for(&browser, "#sequence-box", "-");
    let drawn = browser.script("return document.getElementById('sequence').textContent;");
    let drawn = drawn.as_str().unwrap().to_owned();
    browser.type_into("#retype", "ABCD-EFGH");
    browser.click("#go");
    wait_for(&browser, "#step-status", "does not match");
    browser.type_into("#retype", &drawn);
    browser.click("#go");

    // Members 2 and 3, natively, each step once the previous one is complete.
    let board = || {
        runtime
            .block_on(ceremony::board(&state, &scrutin))
            .unwrap()
            .unwrap()
    };
    let params = board().params().unwrap();
    let mut rng = rand::rngs::OsRng;
    let sequences: Vec<SecretSequence> =
        (0..2).map(|_| SecretSequence::generate(&mut rng)).collect();
    let trustees: Vec<_> = sequences
        .iter()
        .zip(2..)
        .map(|(s, i)| s.trustee(&params, i))
        .collect();
    let publish = |member: u32, step: Step, text: &str| {
        runtime
            .block_on(ceremony::publish(&state, &scrutin, member, step, text))
            .unwrap()
    };
    // Member 1's browser takes each step in wasm once the previous one is complete: given up
    // to three minutes (a loaded 2-core CI machine is slow), the board read every 50 ms.
    let wait_complete = |step: Step| {
        let done = runtime.block_on(async {
            let complete = async {
                while !ceremony::board(&state, &scrutin)
                    .await
                    .unwrap()
                    .unwrap()
                    .complete(step)
                {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            };
            tokio::time::timeout(std::time::Duration::from_secs(180), complete).await
        });
        assert!(done.is_ok(), "{step:?} never completed");
    };
    for t in &trustees {
        publish(
            t.index(),
            Step::Announcement,
            &wire::announcement_to_json(&t.announce(&params, &mut rng)),
        );
    }
    wait_complete(Step::Announcement);
    let messages = board().decoded().unwrap();
    for t in &trustees {
        let dealing = t.deal(&params, &messages.announcements, &mut rng).unwrap();
        publish(t.index(), Step::Dealing, &wire::dealing_to_json(&dealing));
    }
    wait_complete(Step::Dealing);
    let messages = board().decoded().unwrap();
    for t in &trustees {
        let complaints = t.check_dealings(&params, &messages.dealings, &mut rng);
        publish(
            t.index(),
            Step::Complaints,
            &wire::complaints_to_json(&complaints),
        );
    }
    wait_complete(Step::Complaints);
    let messages = board().decoded().unwrap();
    let outcome = CeremonyOutcome::compute(
        &params,
        &messages.announcements,
        &messages.dealings,
        &messages.complaints,
        &mut rng,
    )
    .unwrap();
    for t in &trustees {
        let (_, confirmation) = t
            .key_share(&params, &outcome, &messages.dealings, &mut rng)
            .unwrap();
        publish(
            t.index(),
            Step::Confirmation,
            &wire::confirmation_to_json(&confirmation),
        );
    }
    wait_complete(Step::Confirmation);
    wait_for(&browser, "#step-status", "key published");
    let scrutin = runtime
        .block_on(stores.registry.scrutin(scrutin.id))
        .unwrap();
    assert_eq!(scrutin.status, ScrutinStatus::Keyed);

    // After the closing, the counting page.
    runtime.block_on(counting::close(&state, &scrutin)).unwrap();
    let scrutin = runtime
        .block_on(stores.registry.scrutin(scrutin.id))
        .unwrap();
    browser.goto(&format!("{origin}/bureau/{uid}/counting"));
    audit(&browser);
    browser.type_into("#sequence", &sequences[0].to_text());
    browser.click("#go");
    wait_for(&browser, "#decrypt-status", "Refused");
    browser.type_into("#sequence", &drawn);
    browser.click("#go");
    wait_for(
        &browser,
        "#decrypt-status",
        "Other members are still needed",
    );
    let target = Target::vote(&scrutin);
    let published = runtime.block_on(counting::load(&state, &target)).unwrap();
    assert_eq!(published.members_shared(), [1]);
    // Member 2 completes the count.
    let key = trustees[0]
        .key_share(&params, &outcome, &messages.dealings, &mut rng)
        .unwrap()
        .0;
    for m in &published.manifests {
        let sums = published.tally(&m.election).unwrap().sums().unwrap();
        let share = key.decrypt_share(&m.fingerprint(), &sums, &mut rng);
        runtime
            .block_on(counting::publish_share(
                &state,
                &target,
                2,
                &m.election,
                &share.to_bytes(),
            ))
            .unwrap();
    }
    let results = runtime
        .block_on(counting::results(&state, &target))
        .unwrap()
        .unwrap();
    assert_eq!(results.len(), 4);
    assert!(results.iter().all(|r| r.votants == 0));
    // The other pages, for accessibility: the BVC member's, then a BVE member's.
    for page in ["", "/participation", "/seal", "/blanc", "/results"] {
        browser.goto(&format!("{origin}/bureau/{uid}{page}"));
        audit(&browser);
    }
    browser.click_and_wait("form[action='/logout'] button[type=submit]");
    browser.goto(&format!("{origin}/bureau/{uid}"));
    browser.type_into("#login", "bve");
    browser.type_into("#password", PASSWORD);
    browser.click_and_wait("form[action='/login'] button[type=submit]");
    for page in [
        "",
        "/emargement",
        "/journal/events",
        "/journal/hotline",
        "/results",
    ] {
        browser.goto(&format!("{origin}/bureau/{uid}{page}"));
        audit(&browser);
    }
    // The public record's pages, counted, as anyone reads them.
    let election = &published.manifests[0].election;
    for page in [
        String::new(),
        format!("?tracker={}", "0".repeat(64)),
        format!("/trackers/{election}"),
    ] {
        browser.goto(&format!("{origin}/record/{uid}{page}"));
        audit(&browser);
    }
    let _: Value = browser.script("return 1;");
    let _ = std::fs::remove_dir_all(&dir);
}
