//! End-to-end in headless Chromium (issue 5): the organisateur logs in, creates an
//! establishment, a college, a scrutin and its elections, imports voters and creates a délégué
//! account; the délégué logs in, adds a list with candidates and uploads a profession de foi.
//! The test then reads the registry to check what the pages did.
//!
//! It needs chromedriver and Chromium (`.ci/run` installs both). Without them it says so and
//! passes, unless `URNE_REQUIRE_BROWSER` is set, as CI does, where their absence fails it.
//!
//! On every page it visits it runs axe-core (WCAG 2.1 A and AA rules) when `URNE_AXE_JS` names
//! `axe.min.js` (`.ci/run` installs it from npm), and fails on any violation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod booth;
mod bureau;
mod voter;
mod webdriver;

use std::sync::Arc;

use urne_server::app::{serve, AppState};
use urne_server::clock::FixedClock;
use urne_server::csrf::CsrfKey;
use urne_setup::challenge::ChallengePepper;
use urne_setup::voter_file::Known;
use urne_store::registry::Role;
use urne_store::Stores;
pub(crate) use webdriver::{chromedriver, Browser};

pub(crate) const PASSWORD: &str = "Motdepasse-2027!";

/// chromedriver's path and axe-core's source, or `None` (after saying why) when the browser
/// tests are skipped; with `URNE_REQUIRE_BROWSER` set, a missing tool fails instead.
pub(crate) fn tools() -> Option<(String, Option<String>)> {
    let required = std::env::var_os("URNE_REQUIRE_BROWSER").is_some();
    let Some(driver) = chromedriver() else {
        assert!(
            !required,
            "URNE_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!("browser test skipped: chromedriver not found");
        return None;
    };
    let axe = std::env::var("URNE_AXE_JS")
        .ok()
        .map(|path| std::fs::read_to_string(path).expect("URNE_AXE_JS names a readable file"));
    if axe.is_none() {
        assert!(
            !required,
            "URNE_REQUIRE_BROWSER is set but URNE_AXE_JS is not"
        );
        eprintln!("accessibility checks skipped: URNE_AXE_JS is not set");
    }
    Some((driver, axe))
}

#[test]
fn organisateur_sets_up_and_a_delegue_files_a_list() {
    let Some((driver, axe)) = tools() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("urne-browser-{}", std::process::id()));
    let (stores, listener) = runtime.block_on(async {
        let stores = Stores::open_sqlite_dir(&dir).await.unwrap();
        let phc = urne_server::password::hash_password(PASSWORD).unwrap();
        stores
            .registry
            .add_staff("rh", "Direction RH", &phc, Role::Organisateur, None)
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        (stores, listener)
    });
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let clock = FixedClock::new("2027-01-04T09:00:00Z".parse().unwrap());
    let state = Arc::new(AppState::new(
        stores.clone(),
        Arc::new(clock),
        CsrfKey::random(),
        ChallengePepper::from_bytes([7; 32]),
        &origin,
    ));
    runtime.spawn(serve(state, listener));

    let browser = Browser::start(&driver);
    let audited = std::cell::RefCell::new(Vec::new());
    let audit = || {
        if let Some(source) = &axe {
            let violations = browser.axe_violations(source);
            assert!(violations.is_empty(), "{}: {violations:#?}", browser.url());
            audited.borrow_mut().push(browser.url());
        }
    };
    let submit = |form_action: &str| {
        browser.click_and_wait(&format!("form[action='{form_action}'] button[type=submit]"));
        audit();
    };

    // The organisateur logs in.
    browser.goto(&format!("{origin}/admin"));
    assert!(browser.url().contains("/login"), "{}", browser.url());
    audit();
    // Headless Chromium asks for English; the switch sets French, and the page comes back.
    assert!(browser.source().contains("<html lang=\"en\""));
    browser.click_and_wait("a[hreflang='fr']");
    assert!(browser.source().contains("<html lang=\"fr\""));
    assert!(browser.url().contains("/login"), "{}", browser.url());
    browser.type_into("#login", "rh");
    browser.type_into("#password", PASSWORD);
    submit("/login");
    assert!(browser.url().ends_with("/admin"), "{}", browser.url());

    // An establishment, a college, a union.
    browser.type_into("#est-code", "TLS");
    browser.type_into("#est-name", "Toulouse");
    submit("/admin/establishments");
    browser.type_into("#col-code", "1");
    browser.type_into("#col-name", "Ouvriers et employés");
    submit("/admin/colleges");
    browser.type_into("#union-name", "CFDT");
    submit("/admin/unions");
    let page = browser.source();
    assert!(
        page.contains("Toulouse") && page.contains("Ouvriers et employés"),
        "{page}"
    );

    // A first-round scrutin; its page opens, with the suggested calendar.
    browser.type_into("#scr-name", "CSE 2027 — 1er tour");
    browser.set_value("#scr-opens", "2027-11-21T08:00");
    browser.set_value("#scr-closes", "2027-11-23T17:00");
    submit("/admin/scrutins");
    assert!(
        browser.url().contains("/admin/scrutins/"),
        "{}",
        browser.url()
    );
    let scrutin_path = browser.url().replace(&origin, "");
    assert!(
        browser.source().contains("2027-10-27T12:00"),
        "suggested deadline for lists"
    );

    // Its elections: titulaires and suppléants of college 1, 4 seats.
    browser.type_into("#el-seats", "4");
    submit(&format!("{scrutin_path}/elections"));
    let page = browser.source();
    assert!(
        page.contains("titulaires") && page.contains("suppléants"),
        "{page}"
    );

    // Voters: a file of 40, checked, then applied.
    let known = Known {
        establishments: vec![("TLS".to_owned(), "Toulouse".to_owned())],
        colleges: vec![("1".to_owned(), "Ouvriers et employés".to_owned())],
    };
    let voter_file = dir.join("electeurs.csv");
    std::fs::write(&voter_file, urne_setup::sample_voter_csv(40, &known, 5)).unwrap();
    browser.goto(&format!("{origin}/admin/voters"));
    audit();
    browser.attach("#voter-file", voter_file.to_str().unwrap());
    submit("/admin/voters/preview");
    assert!(
        browser.source().contains("<strong>40</strong>"),
        "{}",
        browser.source()
    );
    submit("/admin/voters/apply");
    assert!(
        browser.url().contains("applied=40,0,0"),
        "{}",
        browser.url()
    );

    // A délégué account for the CFDT.
    browser.goto(&format!("{origin}/admin/staff"));
    audit();
    browser.type_into("#s-login", "delegue.cfdt");
    browser.type_into("#s-name", "Délégué CFDT");
    browser.type_into("#s-password", PASSWORD);
    browser.click("#s-role option[value='delegue']");
    browser.click("#s-union option:nth-child(2)");
    submit("/admin/staff");
    assert!(browser.source().contains("delegue.cfdt"));
    browser.click_and_wait("form[action='/logout'] button");

    // The délégué files a list with two candidates and a profession de foi.
    browser.type_into("#login", "delegue.cfdt");
    browser.type_into("#password", PASSWORD);
    submit("/login");
    assert!(browser.url().ends_with("/lists"), "{}", browser.url());
    audit();
    browser.click_and_wait("h2 a");
    audit();
    browser.type_into("#list-name", "CFDT — Ensemble");
    browser.click_and_wait("form.stack button[type=submit]");
    assert!(browser.url().contains("/lists/"), "{}", browser.url());
    browser.click("#sex_1 option[value='F']");
    browser.type_into("#last_name_1", "Martin");
    browser.type_into("#first_name_1", "Alice");
    browser.click("#sex_2 option[value='H']");
    browser.type_into("#last_name_2", "Durand");
    browser.type_into("#first_name_2", "Bruno");
    // The live check (static/parity.js) answers before anything is saved: two women for this
    // college's roughly even split is not a valid list.
    browser.click("#sex_2 option[value='F']");
    assert!(
        browser.wait_for_text("#parity-live", "Non conforme"),
        "{}",
        browser.source()
    );
    browser.click("#sex_2 option[value='H']");
    assert!(
        browser.wait_for_text("#parity-live", "Conforme."),
        "{}",
        browser.source()
    );
    browser.click_and_wait("#save-candidates");
    assert!(
        browser.source().contains("parity-status"),
        "parity check shown"
    );
    let pdf = dir.join("profession-de-foi.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% urne test\n%%EOF\n").unwrap();
    browser.attach("#pdf", pdf.to_str().unwrap());
    browser.click_and_wait("#upload-pdf");
    assert!(
        browser.source().contains("pdf-link"),
        "{}",
        browser.source()
    );
    drop(browser);

    // What the pages did, read back from the registry.
    runtime.block_on(async {
        let registry = &stores.registry;
        assert_eq!(registry.voter_total().await.unwrap(), 40);
        let scrutin = registry.scrutins().await.unwrap().remove(0);
        let elections = registry.elections(scrutin.id).await.unwrap();
        assert_eq!(elections.len(), 2);
        let lists = registry.lists(elections[0].id).await.unwrap();
        assert_eq!(lists.len(), 1);
        let names: Vec<String> = registry
            .candidates(lists[0].id)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.last_name)
            .collect();
        assert_eq!(names, ["Martin", "Durand"]);
        let pdf = registry.profession_de_foi(lists[0].id).await.unwrap();
        assert!(pdf.content.starts_with(b"%PDF-1.4"));
        let journal = registry
            .journal_entries(urne_store::registry::JournalKind::Setup, 100)
            .await
            .unwrap();
        assert!(journal
            .iter()
            .any(|e| e.actor == "delegue.cfdt" && e.action.contains("fichier")));
        assert!(journal
            .iter()
            .any(|e| e.actor == "rh" && e.action.contains("établissement")));
    });
}
