//! Voting end to end in headless Chromium (issue 7): a voter of the demo election logs in,
//! votes in two chained elections (a list with a strike, changing their mind at the review,
//! then a list with two strikes), gets each receipt and the signed receipt of both, and the
//! stores hold exactly one ballot and one émargement per election, with the receipts'
//! trackers. Every booth page passes axe-core.

use std::sync::Arc;

use serde_json::Value;
use urne_server::app::{serve, AppState};
use urne_server::clock::FixedClock;
use urne_server::csrf::CsrfKey;
use urne_server::delivery::Delivery;
use urne_setup::challenge::ChallengePepper;
use urne_store::Stores;

use crate::{tools, Browser};

const NOW: &str = "2027-01-04T09:00:00Z";

/// Logs in with the letter's identifiant, a declared mobile and its SMS password, the badge.
fn log_in(
    browser: &Browser,
    origin: &str,
    uid: &str,
    code: &str,
    badge: &str,
    otp: impl Fn() -> String,
) {
    browser.goto(&format!("{origin}/vote/{uid}"));
    browser.type_into("#code", code);
    browser.click_and_wait("#identifiant-form button[type=submit]");
    browser.type_into("#mobile", "06 12 34 56 78");
    browser.click_and_wait(&format!(
        "form[action='/vote/{uid}/phone'] button[type=submit]"
    ));
    browser.type_into("#password", &otp());
    browser.type_into("#challenge", badge);
    browser.click_and_wait(&format!(
        "form[action='/vote/{uid}/password'] button[type=submit]"
    ));
    assert!(browser.url().ends_with("/elections"), "{}", browser.url());
}

fn visible(browser: &Browser, css: &str) -> bool {
    browser.script(&format!("return !document.querySelector({css:?}).hidden;")) == Value::Bool(true)
}

#[test]
fn a_voter_votes_in_two_chained_elections_with_strikes_and_gets_receipts() {
    let Some((driver, axe)) = tools() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("urne-browser-booth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let now = NOW.parse::<jiff::Timestamp>().unwrap().as_second();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let stores = runtime.block_on(Stores::open_sqlite_dir(&dir)).unwrap();
    let delivery = Delivery::outbox();
    let outbox = delivery.outbox.clone().unwrap();
    let mut state = AppState::new(
        stores.clone(),
        Arc::new(FixedClock::new(NOW.parse().unwrap())),
        CsrfKey::random(),
        ChallengePepper::from_bytes([7; 32]),
        &origin,
    );
    state.delivery = delivery;
    let state = Arc::new(state);
    let demo = runtime
        .block_on(urne_server::demo::seed(&state, now, 6))
        .unwrap();
    runtime.spawn(serve(state.clone(), listener));
    let voter = &demo.voters[0];
    let uid = demo.uid.clone();

    let browser = Browser::start(&driver);
    let audit = || {
        if let Some(source) = &axe {
            let violations = browser.axe_violations(source);
            assert!(violations.is_empty(), "{}: {violations:#?}", browser.url());
        }
    };
    let otp = || {
        let sms = outbox.sms_to("+33612345678").pop().unwrap();
        let start = sms.text.find("est ").unwrap() + 4;
        sms.text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    log_in(
        &browser,
        &origin,
        &uid,
        voter.code.as_str(),
        &voter.badge,
        otp,
    );
    audit();
    assert!(
        browser.source().contains("Pas encore voté") || browser.source().contains("Not voted yet")
    );

    // Election 1: no choice is refused in the page; then list 2, strike its first candidate.
    browser.click_and_wait("main a.button");
    assert!(browser.url().contains("/elections/"), "{}", browser.url());
    audit();
    // The rest in English: the switch keeps the voter on the booth.
    browser.click_and_wait("a[hreflang=en]");
    assert!(browser.url().contains("/elections/"), "{}", browser.url());
    assert!(browser.source().contains("Review my ballot"));
    browser.click("#to-review");
    assert!(
        browser.wait_for_text("#choice-error", "Choisissez")
            || browser.wait_for_text("#choice-error", "Choose")
    );
    assert!(!visible(&browser, "#review"));
    browser.click("label[for=choice-1]");
    browser.click("label[for=strike-1-0]");
    let struck = browser.script("return document.querySelector('#strike-1-0').dataset.name;");
    browser.click("#to-review");
    assert!(visible(&browser, "#review") && !visible(&browser, "#choose"));
    let review = browser.script("return document.querySelector('#review-ballot').textContent;");
    let review = review.as_str().unwrap();
    assert!(
        review.contains(struck.as_str().unwrap())
            && (review.contains("rayé") || review.contains("struck")),
        "{review}"
    );
    audit();
    // Change of mind at the review: back, and list 1 with its first candidate struck.
    browser.click("#back");
    assert!(visible(&browser, "#choose"));
    browser.click("label[for=choice-0]");
    assert_eq!(
        browser.script("return document.querySelector('#strike-1-0').checked;"),
        Value::Bool(false),
        "choosing another list clears the strikes of the first"
    );
    browser.click("label[for=strike-0-0]");
    browser.click("#to-review");
    browser.click_and_wait("#confirm");
    let done = browser.source();
    assert!(
        done.contains("Votre vote a été enregistré")
            || done.contains("Your vote has been recorded"),
        "{done}"
    );
    audit();

    // Chaining: election 2, list 1 with two strikes.
    browser.click_and_wait("main a.button");
    assert!(browser.url().contains("/elections/"), "{}", browser.url());
    browser.click("label[for=choice-1]");
    browser.click("label[for=strike-1-0]");
    browser.click("label[for=strike-1-1]");
    browser.click("#to-review");
    browser.click_and_wait("#confirm");
    assert!(browser.source().contains("receipt-vote"));
    // No election left: the summary and receipt of both.
    browser.click_and_wait("main a.button");
    assert!(browser.url().ends_with("/receipt"), "{}", browser.url());
    audit();
    browser.click_and_wait("#receipt-form button[type=submit]");
    let receipt = browser.source();
    audit();
    assert_eq!(
        receipt.matches("class=\"receipt-vote\"").count(),
        2,
        "{receipt}"
    );

    // The stores: one ballot and one émargement per election, with the receipts' trackers.
    runtime.block_on(async {
        let registry = &stores.registry;
        let scrutin = registry.scrutin_by_uid(&uid).await.unwrap();
        let mut voted = 0;
        for election in registry.elections(scrutin.id).await.unwrap() {
            let ballots = stores
                .ballot_box
                .ballot_count(&election.election_uid)
                .await
                .unwrap();
            let marks = registry.emargement_count(election.id).await.unwrap();
            assert_eq!(ballots, marks, "{}", election.election_uid);
            voted += ballots;
        }
        assert_eq!(voted, 2);
        for tracker in receipt.match_indices("class=\"tracker\">").map(|(i, m)| {
            receipt[i + m.len()..]
                .split('<')
                .next()
                .unwrap()
                .replace(' ', "")
        }) {
            let bytes = hex::decode(&tracker).unwrap();
            let found = has_tracker(&stores, &scrutin.id, &bytes).await;
            assert!(found, "tracker {tracker} is in a ballot box");
        }
    });
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether any election of the scrutin holds a ballot with this tracker.
async fn has_tracker(stores: &Stores, scrutin_id: &i64, tracker: &[u8]) -> bool {
    for election in stores.registry.elections(*scrutin_id).await.unwrap() {
        if stores
            .ballot_box
            .has_tracker(&election.election_uid, tracker)
            .await
            .unwrap()
        {
            return true;
        }
    }
    false
}
