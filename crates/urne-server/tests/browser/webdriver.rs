//! A minimal W3C WebDriver client over HTTP (ureq), enough to drive headless Chromium through
//! chromedriver: sessions, navigation, finding elements, typing, clicking, reading the page.
//! <https://www.w3.org/TR/webdriver2/>

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

/// The key of an element reference in WebDriver responses.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver and one browser session; both end on drop.
pub(crate) struct Browser {
    driver: Child,
    base: String,
}

/// Where chromedriver is, if installed.
pub(crate) fn chromedriver() -> Option<String> {
    let path = std::env::var("URNE_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    Command::new(&path)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| path)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub(crate) fn start(driver_path: &str) -> Browser {
        let port = free_port();
        let mut driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // chromedriver prints one line once it listens: wait for it instead of polling.
        let stdout = driver.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines.next().expect("chromedriver exited").unwrap();
            if line.contains("started successfully") {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        let binary =
            std::env::var("URNE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
        };
        let created = browser.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": binary,
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--window-size=1280,1024"]
                }
            }}}),
        );
        let session = created["sessionId"].as_str().unwrap().to_owned();
        browser.base = format!("{}/session/{session}", browser.base);
        browser
    }

    fn try_call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let request = ureq::request(method, &url);
        let response = if method == "GET" || method == "DELETE" {
            request.call()
        } else {
            request.send_json(body)
        };
        match response {
            Ok(response) => Ok(response.into_json::<Value>().unwrap()["value"].clone()),
            Err(ureq::Error::Status(code, response)) => {
                let text = response.into_string().unwrap_or_default();
                Err(format!("WebDriver {method} {path}: HTTP {code}: {text}"))
            }
            Err(error) => Err(format!("WebDriver {method} {path}: {error}")),
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Clicks the element matching `css` and waits until the page it was on is gone (the
    /// old document's root goes stale), then until the new one has loaded.
    pub(crate) fn click_and_wait(&self, css: &str) {
        let root = self.find("html");
        self.click(css);
        // Each probe is a round trip to the browser; 2 000 of them is far more than any page
        // of ours needs, and bounds the wait without a clock or a sleep.
        for _ in 0..2000 {
            if self
                .try_call("GET", &format!("/element/{root}/name"), Value::Null)
                .is_err()
            {
                for _ in 0..2000 {
                    let state = self.call(
                        "POST",
                        "/execute/sync",
                        json!({"script": "return document.readyState;", "args": []}),
                    );
                    if state == "complete" {
                        return;
                    }
                }
            }
        }
        panic!("clicking {css} did not load a new page");
    }

    /// Opens `url`.
    pub(crate) fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    /// The current URL.
    pub(crate) fn url(&self) -> String {
        self.call("GET", "/url", Value::Null)
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The page's HTML.
    pub(crate) fn source(&self) -> String {
        self.call("GET", "/source", Value::Null)
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The element matching a CSS selector (fails the test when there is none).
    pub(crate) fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    /// Types `text` into the element matching `css` (for a file input: a path).
    pub(crate) fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call("POST", &format!("/element/{element}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    /// Sets a file input to `path`.
    pub(crate) fn attach(&self, css: &str, path: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": path }),
        );
    }

    /// Sets an input's value directly (date and time inputs, whose typing is locale-dependent).
    pub(crate) fn set_value(&self, css: &str, value: &str) {
        let script = "document.querySelector(arguments[0]).value = arguments[1];";
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": [css, value]}),
        );
    }

    /// Runs axe-core (`source` is axe.min.js) on the current page against WCAG 2.1 A and AA and
    /// returns its violations as "rule: target, …" lines; empty when there are none.
    pub(crate) fn axe_violations(&self, source: &str) -> Vec<String> {
        let script = format!(
            "{source}\nconst done = arguments[arguments.length - 1];\n\
             axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}}})\n\
             .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\n\
             .catch(e => done(['axe failed: ' + e]));"
        );
        let result = self.call(
            "POST",
            "/execute/async",
            json!({"script": script, "args": []}),
        );
        result
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("unexpected axe result {result}")])
    }

    /// Waits until the text of the element matching `css` contains `text` (after a script
    /// changed it); false if it never does within a bounded number of probes.
    pub(crate) fn wait_for_text(&self, css: &str, text: &str) -> bool {
        let element = self.find(css);
        (0..2000).any(|_| {
            self.call("GET", &format!("/element/{element}/text"), Value::Null)
                .as_str()
                .is_some_and(|t| t.contains(text))
        })
    }

    /// Runs `script` in the page (a function body; `return` gives the value) and returns its
    /// result.
    pub(crate) fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Clicks the element matching `css`.
    pub(crate) fn click(&self, css: &str) {
        let element = self.find(css);
        self.call("POST", &format!("/element/{element}/click"), json!({}));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
