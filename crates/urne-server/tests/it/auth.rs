//! Login, lockout, logout, CSRF and origin checks, security headers.

use jiff::SignedDuration;
use urne_server::auth::SESSION_COOKIE;
use urne_server::security_headers::CSP;

use crate::{Client, Origin, Server, ORGANISER, PASSWORD};

const GENERIC: &str = "Identifiant ou mot de passe incorrect, ou compte verrouillé";

#[test]
fn pages_behind_a_login_redirect_to_it() {
    let server = Server::sqlite("redirect");
    let client = server.client();
    assert_eq!(client.get("/admin").see_other(), "/login?next=/admin");
    assert_eq!(
        client.get("/admin/scrutins/3?lang=en").see_other(),
        "/login?next=/admin/scrutins/3%3Flang%3Den"
    );
    assert_eq!(client.get("/lists").see_other(), "/login?next=/lists");
    // The login page keeps a local `next` and drops another site's.
    let page = client.get("/login?next=/lists");
    assert!(
        page.text().contains(r#"name="next" value="/lists""#),
        "{}",
        page.text()
    );
    let page = client.get("/login?next=//evil.example/");
    assert!(
        page.text().contains(r#"name="next" value="""#),
        "{}",
        page.text()
    );
    // After the login, the browser goes back where it was going.
    let reply = client.post_form(
        "/login",
        &[
            ("login", ORGANISER),
            ("password", PASSWORD),
            ("next", "/admin/voters"),
        ],
    );
    assert_eq!(reply.see_other(), "/admin/voters");
    assert_eq!(client.get("/admin/voters").status, 200);
}

#[test]
fn a_failed_login_shows_one_generic_message() {
    let server = Server::sqlite("generic");
    let client = server.client();
    for (login, password) in [(ORGANISER, "wrong password!"), ("nobody", PASSWORD)] {
        let reply = client.login(login, password);
        assert_eq!(reply.status, 401, "{login}");
        assert!(reply.text().contains(GENERIC), "{}", reply.text());
        assert!(client.cookie(SESSION_COOKIE).is_none());
    }
    assert_eq!(client.get("/admin").status, 303, "no session was opened");
}

#[test]
fn five_failures_lock_the_account_for_fifteen_minutes() {
    let server = Server::sqlite("lockout");
    let client = server.client();
    for attempt in 1..=5 {
        let reply = client.login(ORGANISER, "not the password");
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    // The in-memory limiter refuses even the right password, before checking it.
    let reply = client.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 429, "{}", reply.text());
    assert!(
        reply.text().contains("Trop de tentatives"),
        "{}",
        reply.text()
    );
    assert_eq!(reply.header("retry-after"), Some("900"));

    // A second front end has a fresh limiter: the account's lock in the registry refuses the
    // right password there, with the same message as a wrong one.
    let other = Client::new(&server.front());
    let reply = other.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert!(reply.text().contains(GENERIC));

    // Fourteen minutes later the limiter still refuses (trying the second front end again
    // would restart the account lock: see the next test).
    server.advance(SignedDuration::from_mins(14));
    let reply = client.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after"), Some("60"));

    server.advance(SignedDuration::from_secs(60));
    let reply = client.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 303, "{}", reply.text());
    assert_eq!(reply.see_other(), "/admin");
    assert_eq!(client.get("/admin").status, 200);
}

#[test]
fn the_account_lock_alone_holds_for_fifteen_minutes() {
    let server = Server::sqlite("account_lock");
    // Each failure from its own front end: no in-memory limiter ever counts five.
    for _ in 0..5 {
        let reply = Client::new(&server.front()).login(ORGANISER, "not the password");
        assert_eq!(reply.status, 401);
    }
    server.advance(SignedDuration::from_secs(15 * 60 - 1));
    let fresh = Client::new(&server.front());
    let reply = fresh.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 401, "locked until minute 15");
    // Attempts while locked do not extend the lock: it opens 15 minutes after the fifth
    // failure, whoever keeps trying (`record_login_failure`).
    server.advance(SignedDuration::from_secs(1));
    let reply = fresh.login(ORGANISER, PASSWORD);
    assert_eq!(reply.status, 303, "{}", reply.text());
    // A success resets the count: one more failure does not lock.
    let again = Client::new(&server.front());
    assert_eq!(again.login(ORGANISER, "not the password").status, 401);
    assert_eq!(again.login(ORGANISER, PASSWORD).status, 303);
}

#[test]
fn logout_ends_the_session() {
    let server = Server::sqlite("logout");
    let client = server.logged_in(ORGANISER);
    let token = client.cookie(SESSION_COOKIE).unwrap();
    let page = client.get("/admin");
    assert_eq!(page.status, 200);

    // The wrong token does not log out.
    let reply = client.post_form("/logout", &[("csrf", &"0".repeat(64))]);
    assert_eq!(reply.status, 403);
    assert_eq!(client.get("/admin").status, 200);

    let reply = client.post_form("/logout", &[("csrf", &page.csrf())]);
    assert_eq!(reply.see_other(), "/login");
    assert!(client.cookie(SESSION_COOKIE).is_none(), "cookie cleared");
    // The old token no longer opens anything, even replayed.
    client.set_cookie(SESSION_COOKIE, &token);
    assert_eq!(client.get("/admin").see_other(), "/login?next=/admin");
}

#[test]
fn sessions_expire_after_a_working_day() {
    let server = Server::sqlite("expiry");
    let client = server.logged_in(ORGANISER);
    server.advance(SignedDuration::from_hours(8) - SignedDuration::from_secs(1));
    assert_eq!(client.get("/admin").status, 200);
    server.advance(SignedDuration::from_secs(1));
    assert_eq!(client.get("/admin").status, 303);
}

#[test]
fn posts_from_elsewhere_or_with_a_wrong_token_are_refused() {
    let server = Server::sqlite("csrf");
    let client = server.logged_in(ORGANISER);
    let csrf = client.get("/admin").csrf();
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Forgée SA"),
        ("siren", ""),
    ];
    for from in [
        Origin::Absent,
        Origin::Other("http://evil.example"),
        Origin::Other("null"),
    ] {
        let reply = client.post_form_from("/admin/organisation", &fields, from);
        assert_eq!(reply.status, 403, "{from:?}");
        assert!(
            reply.text().contains("Formulaire expiré"),
            "{}",
            reply.text()
        );
    }
    // Not even the login form is accepted from another site.
    let anonymous = server.client();
    let reply = anonymous.post_form_from(
        "/login",
        &[("login", ORGANISER), ("password", PASSWORD)],
        Origin::Other("http://evil.example"),
    );
    assert_eq!(reply.status, 403);
    assert!(anonymous.cookie(SESSION_COOKIE).is_none());

    // Our origin but a wrong, empty or missing token.
    let wrong = "0".repeat(64);
    for token in [wrong.as_str(), ""] {
        let reply = client.post_form(
            "/admin/organisation",
            &[("csrf", token), ("name", "Forgée SA"), ("siren", "")],
        );
        assert_eq!(reply.status, 403, "{token:?}");
    }
    // Another session's token is wrong here too.
    let other = server.logged_in(ORGANISER);
    let other_csrf = other.get("/admin").csrf();
    assert_ne!(other_csrf, csrf);
    let reply = client.post_form(
        "/admin/organisation",
        &[("csrf", &other_csrf), ("name", "Forgée SA"), ("siren", "")],
    );
    assert_eq!(reply.status, 403);
    assert!(
        !client.get("/admin").text().contains("Forgée"),
        "nothing stored"
    );

    // The same form, done right, is stored.
    let reply = client.post_form("/admin/organisation", &fields);
    assert_eq!(reply.see_other(), "/admin");
    assert!(client.get("/admin").text().contains("Forgée SA"));
}

#[test]
fn pages_carry_the_security_headers() {
    let server = Server::sqlite("headers");
    let client = server.client();
    let check = |reply: &crate::Reply| {
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("same-origin"));
        assert_eq!(
            reply.header("strict-transport-security"),
            None,
            "plain http"
        );
    };
    let login = client.get("/login");
    assert_eq!(login.status, 200);
    check(&login);
    assert_eq!(login.header("cache-control"), Some("no-store"));

    let reply = client.login(ORGANISER, PASSWORD);
    check(&reply);
    let cookies = reply.headers("set-cookie");
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = cookies[0];
    let token = client.cookie(SESSION_COOKIE).unwrap();
    assert_eq!(token.len(), 64, "256 random bits in hex");
    assert!(
        cookie.starts_with(&format!("{SESSION_COOKIE}={token};")),
        "{cookie}"
    );
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(
            cookie.split("; ").any(|a| a == attribute),
            "{attribute} in {cookie}"
        );
    }
    assert!(
        !cookie.contains("Secure"),
        "no Secure on plain http: {cookie}"
    );

    let admin = client.get("/admin");
    assert_eq!(admin.status, 200);
    check(&admin);
    assert_eq!(admin.header("cache-control"), Some("no-store"));
    // Error pages too.
    let missing = client.get("/admin/scrutins/999");
    assert_eq!(missing.status, 404);
    check(&missing);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
}

#[test]
fn a_member_changes_their_password_and_other_sessions_end() {
    let server = Server::sqlite("password_change");
    let first = server.logged_in(ORGANISER);
    let second = server.logged_in(ORGANISER);
    assert_eq!(
        first.get("/").see_other(),
        "/admin",
        "the organisateur's home"
    );
    let new_password = "Un-autre-mot-de-passe-9";
    // Wrong current password, mismatched or weak new ones: refused, nothing changes.
    for (current, new, confirm) in [
        ("not the password", new_password, new_password),
        (PASSWORD, new_password, "something else 123"),
        (PASSWORD, "short", "short"),
    ] {
        let reply = first.submit(
            "/account",
            "/account",
            &[("current", current), ("new", new), ("confirm", confirm)],
        );
        assert_eq!(reply.status, 400, "{}", reply.text());
    }
    assert_eq!(second.get("/admin").status, 200);
    let reply = first.submit(
        "/account",
        "/account",
        &[
            ("current", PASSWORD),
            ("new", new_password),
            ("confirm", new_password),
        ],
    );
    assert_eq!(reply.see_other(), "/account?changed=1");
    assert_eq!(first.get("/admin").status, 200, "this session goes on");
    assert_eq!(second.get("/admin").status, 303, "the other one ended");
    assert_eq!(server.client().login(ORGANISER, PASSWORD).status, 401);
    assert_eq!(server.client().login(ORGANISER, new_password).status, 303);
}
