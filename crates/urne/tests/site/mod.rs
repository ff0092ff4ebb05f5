//! A temporary urne installation for the command-line tests (shared by `cli.rs` and
//! `credentials.rs`): a data directory and, with `URNE_TEST_PG`, two PostgreSQL schemas.
#![allow(dead_code, unreachable_pub)]

use std::process::Command;

/// One installation for the `serve`, `staff` and `import` commands: a temporary data directory
/// and, on PostgreSQL (`URNE_TEST_PG`), two fresh schemas; configured through the `URNE_*`
/// variables only, as a container would be.
pub struct Site {
    pub dir: std::path::PathBuf,
    pub urls: Option<(String, String)>,
}

impl Site {
    /// The SQLite site, and the PostgreSQL one when `URNE_TEST_PG` is set.
    pub fn all(name: &str) -> Vec<Site> {
        let dir = |backend: &str| {
            let dir = std::env::temp_dir()
                .join(format!("urne-cli-{name}-{backend}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            dir
        };
        let mut sites = vec![Site {
            dir: dir("sqlite"),
            urls: None,
        }];
        if let Some(url) = std::env::var("URNE_TEST_PG").ok().filter(|u| !u.is_empty()) {
            let schema = |store: &str| format!("cli_{name}_{}_{store}", std::process::id());
            let site = Site {
                dir: dir("postgres"),
                urls: Some((
                    format!("{url}#{}", schema("registry")),
                    format!("{url}#{}", schema("ballot_box")),
                )),
            };
            site.drop_schemas();
            sites.push(site);
        }
        sites
    }

    pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Runtime::new().unwrap().block_on(future)
    }

    pub async fn stores(&self) -> urne_store::Stores {
        match &self.urls {
            Some((registry, ballot_box)) => urne_store::Stores::open_urls(registry, ballot_box)
                .await
                .unwrap(),
            None => urne_store::Stores::open_sqlite_dir(&self.dir)
                .await
                .unwrap(),
        }
    }

    pub fn drop_schemas(&self) {
        Site::block_on(async {
            let stores = self.stores().await;
            stores.registry.db().drop_schema().await.unwrap();
            stores.ballot_box.db().drop_schema().await.unwrap();
        });
    }

    /// An establishment, two colleges and a first-round scrutin: what the CLI cannot create.
    pub fn organisation(&self) -> urne_setup::Known {
        Site::block_on(async {
            let stores = self.stores().await;
            let registry = &stores.registry;
            registry
                .add_establishment("PAR", "Paris", "12345678900011", "1 rue de la Paix")
                .await
                .unwrap();
            registry.add_college("EMP", "Employés").await.unwrap();
            registry.add_college("CAD", "Cadres").await.unwrap();
            registry
                .add_scrutin(&urne_store::registry::NewScrutin {
                    record_uid: "cli-test".to_owned(),
                    name: "CSE 2027 — 1er tour".to_owned(),
                    round: 1,
                    first_round_id: None,
                    first_round_day: urne_rules::date::Date::new(2027, 3, 1).unwrap(),
                    opens_at: 1_803_000_000,
                    closes_at: 1_803_600_000,
                })
                .await
                .unwrap();
            registry.db().close().await;
        });
        urne_setup::Known {
            establishments: vec![("PAR".to_owned(), "Paris".to_owned())],
            colleges: vec![
                ("EMP".to_owned(), "Employés".to_owned()),
                ("CAD".to_owned(), "Cadres".to_owned()),
            ],
        }
    }

    pub fn voter_total(&self) -> u64 {
        Site::block_on(async { self.stores().await.registry.voter_total().await.unwrap() })
    }

    /// Runs `urne` with this site's variables, `stdin` on standard input, and the optional
    /// staff password.
    pub fn urne(
        &self,
        args: &[&str],
        stdin: &str,
        password: Option<&str>,
    ) -> (i32, String, String) {
        use std::io::Write;
        let mut command = Command::new(env!("CARGO_BIN_EXE_urne"));
        for var in urne_server_env_vars() {
            command.env_remove(var);
        }
        command
            .env_remove("URNE_STAFF_PASSWORD")
            .env("URNE_DATA_DIR", &self.dir);
        if let Some((registry, ballot_box)) = &self.urls {
            command
                .env("URNE_REGISTRY_URL", registry)
                .env("URNE_BALLOT_BOX_URL", ballot_box);
        }
        if let Some(password) = password {
            command.env("URNE_STAFF_PASSWORD", password);
        }
        let mut child = command
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run urne");
        let mut input = child.stdin.take().unwrap();
        // urne may exit before reading its input: a broken pipe is not the test's failure.
        let _ = input.write_all(stdin.as_bytes());
        drop(input);
        let output = child.wait_with_output().expect("wait for urne");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if self.urls.is_some() {
            self.drop_schemas();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The variables `urne_server::config::Config::load` reads, cleared so the caller's environment
/// does not leak into a test.
pub fn urne_server_env_vars() -> [&'static str; 6] {
    [
        "URNE_LISTEN",
        "URNE_PUBLIC_URL",
        "URNE_DATA_DIR",
        "URNE_REGISTRY_URL",
        "URNE_BALLOT_BOX_URL",
        "URNE_SECRETS_FILE",
    ]
}
