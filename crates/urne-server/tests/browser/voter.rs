//! A voter's login in headless Chromium (issue 6): the identifiant typed on the first page is
//! turned into the login token by `static/login.js` (WebCrypto) and never sent; then the
//! declared mobile, the SMS password read from the outbox, and the badge digits. A typing
//! mistake is caught in the page before anything is sent. Every voter page passes axe-core.

use std::sync::Arc;

use urne_rules::date::Date;
use urne_server::app::{serve, AppState};
use urne_server::clock::FixedClock;
use urne_server::csrf::CsrfKey;
use urne_server::delivery::Delivery;
use urne_server::issuance::issue_credentials;
use urne_setup::challenge::{hash_badge, ChallengePepper};
use urne_setup::diff::diff_voters;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};
use urne_store::registry::{Body, CodeOrigin, NewScrutin};
use urne_store::Stores;

use crate::{tools, Browser};

const NOW: &str = "2027-01-04T09:00:00Z";

fn voter() -> Voter {
    let pepper = ChallengePepper::from_bytes([7; 32]);
    Voter {
        matricule: "M1".to_owned(),
        civility: Civility::Madame,
        last_name: "Martin".to_owned(),
        first_name: "Hélène".to_owned(),
        birth_date: Date::new(1985, 6, 15).unwrap(),
        establishment: "SIEGE".to_owned(),
        college: "1".to_owned(),
        seniority: Seniority::EntryDate(Date::new(2015, 9, 1).unwrap()),
        professional_email: Some("m1@acme.fr".to_owned()),
        mobile: None,
        address: PostalAddress {
            lines: vec!["3 rue des Lilas".to_owned()],
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: String::new(),
        },
        challenge: ChallengeHashes {
            badge: Some(hash_badge(&pepper, "M1", "4821")),
            ss_key: None,
        },
        eligibility: VoterEligibility {
            elector: true,
            eligible: true,
            reasons: vec![],
        },
    }
}

#[test]
fn a_voter_logs_in_with_the_letter_the_sms_and_the_badge() {
    let Some((driver, axe)) = tools() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("urne-browser-voter-{}", std::process::id()));
    let now = NOW.parse::<jiff::Timestamp>().unwrap().as_second();
    let (stores, listener, code) = runtime.block_on(async {
        let stores = Stores::open_sqlite_dir(&dir).await.unwrap();
        let registry = &stores.registry;
        let siege = registry
            .add_establishment("SIEGE", "Siège", "77812761300041", "Paris")
            .await
            .unwrap();
        let college = registry.add_college("1", "Employés").await.unwrap();
        let id = registry
            .add_scrutin(&NewScrutin {
                record_uid: "cse-2027".to_owned(),
                name: "CSE 2027".to_owned(),
                round: 1,
                first_round_id: None,
                first_round_day: Date::new(2027, 1, 4).unwrap(),
                opens_at: now - 3600,
                closes_at: now + 86400,
            })
            .await
            .unwrap();
        registry
            .add_election("el-1", id, siege, college, Body::Titulaires, 3)
            .await
            .unwrap();
        registry
            .apply_voter_diff(&diff_voters(&[], &[voter()]), now)
            .await
            .unwrap();
        let scrutin = registry.scrutin(id).await.unwrap();
        let electors = registry.scrutin_electors(id).await.unwrap();
        let mut codes = issue_credentials(
            &stores,
            &scrutin,
            &electors,
            CodeOrigin::Server,
            now,
            |_| {},
        )
        .await
        .unwrap();
        let code = codes.pop().unwrap().1.code.to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        (stores, listener, code)
    });
    let origin = format!("http://{}", listener.local_addr().unwrap());
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
    runtime.spawn(serve(Arc::new(state), listener));

    let browser = Browser::start(&driver);
    let audit = || {
        if let Some(source) = &axe {
            let violations = browser.axe_violations(source);
            assert!(violations.is_empty(), "{}: {violations:#?}", browser.url());
        }
    };
    for page in ["recovery", "help"] {
        browser.goto(&format!("{origin}/vote/cse-2027/{page}"));
        audit();
    }
    browser.goto(&format!("{origin}/vote/cse-2027"));
    audit();
    // A typing mistake: the page says so and nothing is sent.
    // One symbol changed; the check symbols catch all but 1 in 1 024 changes: take one they do.
    let typo = ['A', 'B', 'C', 'D']
        .iter()
        .map(|c| format!("{c}{}", &code[1..]))
        .find(|t| urne_crypto::CredentialCode::parse(t).is_err())
        .unwrap();
    browser.type_into("#code", &typo);
    browser.click("#identifiant-form button[type=submit]");
    assert!(
        browser.wait_for_text("#code-hint", "faute de frappe")
            || browser.wait_for_text("#code-hint", "typing mistake"),
        "{}",
        browser.source()
    );
    assert!(
        browser.url().ends_with("/vote/cse-2027"),
        "{}",
        browser.url()
    );
    browser.set_value("#code", "");
    browser.type_into("#code", &code.to_lowercase());
    browser.click_and_wait("#identifiant-form button[type=submit]");
    assert!(
        browser.url().ends_with("/vote/cse-2027/phone"),
        "{}",
        browser.url()
    );
    audit();
    browser.type_into("#mobile", "06 12 34 56 78");
    browser.click_and_wait("form[action='/vote/cse-2027/phone'] button[type=submit]");
    assert!(
        browser.url().contains("/vote/cse-2027/password"),
        "{}",
        browser.url()
    );
    audit();
    let sms = outbox.sms_to("+33612345678").pop().unwrap();
    let start = sms.text.find("est ").unwrap() + 4;
    let otp: String = sms.text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    browser.type_into("#password", &otp);
    browser.type_into("#challenge", "4821");
    browser.click_and_wait("form[action='/vote/cse-2027/password'] button[type=submit]");
    assert!(
        browser.url().ends_with("/vote/cse-2027/elections"),
        "{}",
        browser.url()
    );
    assert!(
        browser.source().contains("Hélène Martin"),
        "{}",
        browser.source()
    );
    audit();
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}
