//! The server driven over HTTP like a browser: a real server on `127.0.0.1:0` with fresh stores
//! (SQLite in a temporary directory, or two fresh PostgreSQL schemas when `URNE_TEST_PG` holds a
//! connection URL), a [`FixedClock`] moved by hand, and a small client with a cookie jar that
//! sends `Origin` on every POST and does not follow redirects.
//!
//! Each test starts its own server on its own runtime and drives it synchronously with `ureq`;
//! the registry is read directly only to check what the pages cannot show.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod access;
mod access_admin;
mod auth;
mod bureau;
mod lists;
mod login_js;
mod record;
mod rights;
mod round2;
mod setup;
mod voters;
mod voting;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jiff::SignedDuration;
use urne_server::app::{serve, AppState};
use urne_server::clock::FixedClock;
use urne_server::csrf::CsrfKey;
use urne_setup::challenge::ChallengePepper;
use urne_setup::voter_file::Known;
use urne_store::registry::Role;
use urne_store::{BallotBox, Db, Registry, Stores};

/// The organisateur seeded in every server.
pub(crate) const ORGANISER: &str = "rh";
/// Every staff password of the tests (12+ characters, several kinds).
pub(crate) const PASSWORD: &str = "Motdepasse-2027!";
/// Where the fixed clock starts: a working Monday morning, long before the scrutin.
pub(crate) const START: &str = "2027-01-04T09:00:00Z";

/// Where the stores live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(name: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("t{}_{}_{}", std::process::id(), n, name)
}

/// A running server and what the test needs to reach behind it.
pub(crate) struct Server {
    runtime: tokio::runtime::Runtime,
    pub(crate) stores: Stores,
    pub(crate) clock: Arc<FixedClock>,
    /// `http://127.0.0.1:port`.
    pub(crate) origin: String,
    backend: Backend,
    dir: Option<PathBuf>,
    /// What every front end sends through: an in-memory outbox.
    pub(crate) delivery: urne_server::delivery::Delivery,
}

impl Server {
    /// A server on fresh SQLite stores.
    pub(crate) fn sqlite(name: &str) -> Server {
        Server::start(name, Backend::Sqlite).unwrap()
    }

    /// A server on fresh stores of `backend`; `None` (after saying so) for PostgreSQL when
    /// `URNE_TEST_PG` is not set.
    pub(crate) fn start(name: &str, backend: Backend) -> Option<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let base = unique(name);
        let (stores, dir) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("urne-server-{base}"));
                let stores = runtime.block_on(Stores::open_sqlite_dir(&dir)).unwrap();
                (stores, Some(dir))
            }
            Backend::Postgres => {
                let Ok(url) = std::env::var("URNE_TEST_PG") else {
                    eprintln!("{name}: PostgreSQL skipped (URNE_TEST_PG is not set)");
                    return None;
                };
                let stores = runtime.block_on(async {
                    let open = |suffix: &str| {
                        let schema = format!("{base}_{suffix}");
                        let url = url.clone();
                        async move { Db::open_postgres(&url, Some(&schema)).await.unwrap() }
                    };
                    Stores {
                        registry: Registry::open(open("registry").await).await.unwrap(),
                        ballot_box: BallotBox::open(open("ballot_box").await).await.unwrap(),
                    }
                });
                (stores, None)
            }
        };
        runtime.block_on(async {
            let phc = urne_server::password::hash_password(PASSWORD).unwrap();
            stores
                .registry
                .add_staff(ORGANISER, "Direction RH", &phc, Role::Organisateur, None)
                .await
                .unwrap();
        });
        let clock = Arc::new(FixedClock::new(START.parse().unwrap()));
        let mut server = Server {
            runtime,
            stores,
            clock,
            origin: String::new(),
            backend,
            dir,
            delivery: urne_server::delivery::Delivery::outbox(),
        };
        server.origin = server.front();
        Some(server)
    }

    /// Starts one more front end on the same stores and clock, with its own in-memory login
    /// limiter (as a second `urne serve` behind a load balancer would have); returns its origin.
    pub(crate) fn front(&self) -> String {
        self.front_with(|_| {})
    }

    /// A state over this server's stores and clock, for calling the server's functions
    /// directly (as the minute's tasks and the command line do).
    pub(crate) fn state(&self) -> AppState {
        AppState::new(
            self.stores.clone(),
            self.clock.clone(),
            CsrfKey::random(),
            ChallengePepper::from_bytes([7; 32]),
            &self.origin,
        )
    }

    /// [`Server::front`] with a state changed by `change` first (e.g. the demo's outbox page).
    pub(crate) fn front_with(&self, change: impl FnOnce(&mut AppState)) -> String {
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let mut state = AppState::new(
            self.stores.clone(),
            self.clock.clone(),
            CsrfKey::random(),
            ChallengePepper::from_bytes([7; 32]),
            &origin,
        );
        state.delivery = self.delivery.clone();
        change(&mut state);
        let state = Arc::new(state);
        self.runtime.spawn(serve(state, listener));
        origin
    }

    /// A client without a session.
    pub(crate) fn client(&self) -> Client {
        Client::new(&self.origin)
    }

    /// A client logged in as `login`.
    pub(crate) fn logged_in(&self, login: &str) -> Client {
        let client = self.client();
        let reply = client.login(login, PASSWORD);
        assert_eq!(reply.status, 303, "login of {login}: {}", reply.text());
        client
    }

    /// Runs a future on the server's runtime (to read the registry).
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Moves the clock.
    pub(crate) fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.backend == Backend::Postgres {
            let (registry, ballot_box) =
                (self.stores.registry.clone(), self.stores.ballot_box.clone());
            self.runtime.block_on(async {
                let _ = registry.db().drop_schema().await;
                let _ = ballot_box.db().drop_schema().await;
            });
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Runs `body` on a fresh server on PostgreSQL when `URNE_TEST_PG` is set; says it skipped
/// otherwise. (Each test has a `_on_sqlite` twin, so nextest runs the two in parallel.)
pub(crate) fn on_postgres(name: &str, body: impl Fn(&Server)) {
    if let Some(server) = Server::start(name, Backend::Postgres) {
        body(&server);
    }
}

/// A response: status, headers, body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The body as text.
    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("<binary body>")
    }

    /// The first value of header `name`.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`.
    pub(crate) fn headers(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The `Location` of a 303, checked.
    pub(crate) fn see_other(&self) -> &str {
        assert_eq!(self.status, 303, "expected a redirect: {}", self.text());
        self.header("location").unwrap()
    }

    /// The CSRF token of the page's forms.
    pub(crate) fn csrf(&self) -> String {
        csrf_from(self.text())
    }
}

/// The value of the first hidden `csrf` field of `body`.
pub(crate) fn csrf_from(body: &str) -> String {
    attribute_after(body, r#"name="csrf" value=""#).unwrap_or_else(|| panic!("no csrf in {body}"))
}

/// The text after `marker` up to the next `"`.
pub(crate) fn attribute_after(body: &str, marker: &str) -> Option<String> {
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(unescape(&body[start..start + end]))
}

/// Undoes askama's HTML escaping.
pub(crate) fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The cells of each row of the first `<table>` after `marker` (tags stripped, unescaped).
pub(crate) fn table_rows(body: &str, marker: &str) -> Vec<Vec<String>> {
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {body}"));
    let rest = &body[start..];
    let tbody = rest.find("<tbody>").unwrap();
    let end = rest.find("</tbody>").unwrap();
    rest[tbody..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|cell| unescape(strip_tags(&cell[..cell.find("</td>").unwrap()]).trim()))
                .collect()
        })
        .collect()
}

/// `html` without its tags.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The ids in the links `href="{prefix}{id}"` of `body`, in order, without repeats.
pub(crate) fn link_ids(body: &str, prefix: &str) -> Vec<i64> {
    let marker = format!(r#"href="{prefix}"#);
    let mut ids = Vec::new();
    for piece in body.split(&marker).skip(1) {
        let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(id) = digits.parse() {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The value of the `<option>` whose label contains `label`, in the `<select id=…>` of `body`.
pub(crate) fn option_value(body: &str, select_id: &str, label: &str) -> String {
    let start = body
        .find(&format!(r#"<select id="{select_id}""#))
        .unwrap_or_else(|| panic!("no select {select_id} in {body}"));
    let select = &body[start..start + body[start..].find("</select>").unwrap()];
    select
        .split("<option value=\"")
        .skip(1)
        .find(|option| {
            let text = &option[option.find('>').unwrap() + 1..];
            unescape(&text[..text.find("</option>").unwrap()]).contains(label)
        })
        .map(|option| option[..option.find('"').unwrap()].to_owned())
        .unwrap_or_else(|| panic!("no option {label:?} in {select}"))
}

const BOUNDARY: &str = "urne-it-boundary-5b1c0e7a";

/// A `multipart/form-data` body: text `fields`, then one file.
pub(crate) fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (field, file_name, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// What a POST says about where it comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Origin<'a> {
    /// `Origin:` the server's own origin, as a browser on its pages.
    Ours,
    /// No `Origin`, `Referer` or `Sec-Fetch-Site` (a script, or a very old browser).
    Absent,
    /// `Origin:` another site.
    Other(&'a str),
}

/// A browser-like client: a cookie jar, `Origin` on POSTs, no redirect following.
pub(crate) struct Client {
    agent: ureq::Agent,
    origin: String,
    cookies: RefCell<BTreeMap<String, String>>,
}

impl Client {
    pub(crate) fn new(origin: &str) -> Client {
        Client {
            agent: ureq::AgentBuilder::new()
                .redirects(0)
                .timeout(Duration::from_secs(300))
                .build(),
            origin: origin.to_owned(),
            cookies: RefCell::new(BTreeMap::new()),
        }
    }

    /// The value of cookie `name` in the jar.
    pub(crate) fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    /// Puts a cookie in the jar (to replay an old session).
    pub(crate) fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .borrow_mut()
            .insert(name.to_owned(), value.to_owned());
    }

    fn request(&self, method: &str, path: &str, from: Origin<'_>) -> ureq::Request {
        let mut request = self
            .agent
            .request(method, &format!("{}{path}", self.origin));
        let jar = self.cookies.borrow();
        if !jar.is_empty() {
            let header: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.set("Cookie", &header.join("; "));
        }
        if method == "POST" {
            match from {
                Origin::Ours => request = request.set("Origin", &self.origin),
                Origin::Other(site) => request = request.set("Origin", site),
                Origin::Absent => {}
            }
        }
        request
    }

    fn receive(&self, result: Result<ureq::Response, ureq::Error>) -> Reply {
        let response = match result {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(error) => panic!("transport error: {error}"),
        };
        let headers: Vec<(String, String)> = response
            .headers_names()
            .into_iter()
            .flat_map(|name| {
                response
                    .all(&name)
                    .into_iter()
                    .map(|value| (name.clone(), value.to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (name, value) in &headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                let pair = value.split(';').next().unwrap_or_default();
                let (key, val) = pair.split_once('=').unwrap();
                let expired = value.to_ascii_lowercase().contains("max-age=0") || val.is_empty();
                let mut jar = self.cookies.borrow_mut();
                if expired {
                    jar.remove(key.trim());
                } else {
                    jar.insert(key.trim().to_owned(), val.trim().to_owned());
                }
            }
        }
        let status = response.status();
        let mut body = Vec::new();
        response.into_reader().read_to_end(&mut body).unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub(crate) fn get(&self, path: &str) -> Reply {
        self.receive(self.request("GET", path, Origin::Ours).call())
    }

    /// `POST path` of a url-encoded form, from our own pages.
    pub(crate) fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_form_from(path, fields, Origin::Ours)
    }

    /// `POST path` of a url-encoded form, from `from`.
    pub(crate) fn post_form_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        from: Origin<'_>,
    ) -> Reply {
        self.receive(self.request("POST", path, from).send_form(fields))
    }

    /// `POST path` of a multipart form with text `fields` and one file.
    pub(crate) fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let body = multipart(fields, (file_field, file_name, bytes));
        let request = self.request("POST", path, Origin::Ours).set(
            "Content-Type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        );
        self.receive(request.send_bytes(&body))
    }

    /// Posts the login form.
    pub(crate) fn login(&self, login: &str, password: &str) -> Reply {
        self.post_form("/login", &[("login", login), ("password", password)])
    }

    /// GETs `page` and posts `fields` plus the page's CSRF token to `action`.
    pub(crate) fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = self.get(page).csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form(action, &all)
    }

    /// GETs `page` and uploads a file to `action` with `fields` and the page's CSRF token.
    pub(crate) fn upload(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let csrf = self.get(page).csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_multipart(action, &all, "file", file_name, bytes)
    }
}

/// The codes of the set-up every test shares: one establishment, two colleges.
pub(crate) fn known() -> Known {
    Known {
        establishments: vec![("TLS".to_owned(), "Toulouse".to_owned())],
        colleges: vec![
            ("1".to_owned(), "Ouvriers et employés".to_owned()),
            ("2".to_owned(), "Cadres".to_owned()),
        ],
    }
}

/// Ids of what [`set_up`] created.
pub(crate) struct SetUp {
    pub(crate) scrutin: i64,
    /// Ids of the establishment and of college 1, as the forms give them.
    pub(crate) establishment: String,
    pub(crate) college: String,
    /// The titulaires and suppléants elections of college 1.
    pub(crate) elections: Vec<i64>,
    pub(crate) unions: Vec<(String, String)>,
}

/// The organisateur creates the organisation, the establishment and colleges of [`known`], the
/// unions CFDT and CGT, a round-1 scrutin opening 21/11/2027 and the elections of college 1 with
/// 4 seats, checking each step redirects.
pub(crate) fn set_up(admin: &Client) -> SetUp {
    let post = |action: &str, fields: &[(&str, &str)]| -> String {
        let reply = admin.submit("/admin", action, fields);
        reply.see_other().to_owned()
    };
    post(
        "/admin/organisation",
        &[("name", "Exemple SA"), ("siren", "552 100 554")],
    );
    post(
        "/admin/establishments",
        &[
            ("code", "TLS"),
            ("name", "Toulouse"),
            ("siret", ""),
            ("address", ""),
        ],
    );
    post(
        "/admin/colleges",
        &[("code", "1"), ("name", "Ouvriers et employés")],
    );
    post("/admin/colleges", &[("code", "2"), ("name", "Cadres")]);
    post("/admin/unions", &[("name", "CFDT")]);
    post("/admin/unions", &[("name", "CGT")]);
    let location = post(
        "/admin/scrutins",
        &[
            ("name", "CSE 2027 — 1er tour"),
            ("round", "1"),
            ("opens", "2027-11-21T08:00"),
            ("closes", "2027-11-23T17:00"),
        ],
    );
    let scrutin: i64 = location
        .strip_prefix("/admin/scrutins/")
        .unwrap()
        .parse()
        .unwrap();
    let page = admin.get(&location);
    let establishment = option_value(page.text(), "el-est", "Toulouse");
    let college = option_value(page.text(), "el-col", "Ouvriers");
    let reply = admin.post_form(
        &format!("{location}/elections"),
        &[
            ("csrf", &page.csrf()),
            ("establishment", &establishment),
            ("college", &college),
            ("seats", "4"),
        ],
    );
    assert_eq!(reply.see_other(), format!("{location}#elections"));
    let page = admin.get(&location);
    let elections = link_ids(page.text(), "/lists/election/");
    let staff = admin.get("/admin/staff");
    let unions = ["CFDT", "CGT"]
        .iter()
        .map(|name| {
            (
                (*name).to_owned(),
                option_value(staff.text(), "s-union", name),
            )
        })
        .collect();
    SetUp {
        scrutin,
        establishment,
        college,
        elections,
        unions,
    }
}

/// The `<strong>` numbers of the preview's summary: added, removed, changed, unchanged.
pub(crate) fn diff_summary(body: &str) -> [usize; 4] {
    let start = body
        .find(r#"id="diff-summary""#)
        .unwrap_or_else(|| panic!("no diff summary in {body}"));
    let list = &body[start..start + body[start..].find("</ul>").unwrap()];
    let numbers: Vec<usize> = list
        .split("<strong>")
        .skip(1)
        .map(|piece| piece[..piece.find('<').unwrap()].parse().unwrap())
        .collect();
    numbers.try_into().unwrap()
}

/// The voter total shown on `/admin/voters`.
pub(crate) fn voter_total(admin: &Client) -> u64 {
    let page = admin.get("/admin/voters");
    assert_eq!(page.status, 200, "{}", page.text());
    let marker = r#"<h2 id="h-counts">"#;
    let text = page.text();
    let start = text.find(marker).unwrap() + marker.len();
    let heading = &text[start..start + text[start..].find("</h2>").unwrap()];
    let open = heading.rfind('(').unwrap();
    heading[open + 1..heading.len() - 1].parse().unwrap()
}

/// Uploads a voter file and applies it, checking the preview's counts.
pub(crate) fn import_voters(admin: &Client, csv: &str, expected: [usize; 4]) {
    let preview = admin.upload(
        "/admin/voters",
        "/admin/voters/preview",
        &[],
        "electeurs.csv",
        csv.as_bytes(),
    );
    assert_eq!(preview.status, 200, "{}", preview.text());
    assert_eq!(diff_summary(preview.text()), expected);
    let token = attribute_after(preview.text(), r#"name="token" value=""#).unwrap();
    let reply = admin.post_form(
        "/admin/voters/apply",
        &[("csrf", &preview.csrf()), ("token", &token)],
    );
    let [added, removed, changed, _] = expected;
    assert_eq!(
        reply.see_other(),
        format!("/admin/voters?applied={added},{removed},{changed}")
    );
}
