//! The server's configuration (a TOML file, then environment variables) and its secrets file.
//!
//! [`Config::load`] reads an optional TOML file whose unknown keys are errors (a misspelt key
//! silently ignored would leave a default in force), then applies the `URNE_*` environment
//! variables over it. The environment is passed in as a function, so tests never touch the
//! process's environment. [`Secrets::load_or_create`] reads the three server keys from their own
//! file, created with random values and mode 0600 on first start.
//!
//! Left out: validation that needs I/O (whether `data_dir` is writable, whether the databases
//! answer), which `urne serve` does when it opens them; and reloading at run time (restart).

use std::{
    fmt,
    io::{self, Write},
    net::SocketAddr,
    path::{Path, PathBuf},
};

use rand::{rngs::OsRng, RngCore};
use serde::Deserialize;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Environment variables that override the file, with the field each sets.
pub const ENV_VARS: [&str; 6] = [
    "URNE_LISTEN",
    "URNE_PUBLIC_URL",
    "URNE_DATA_DIR",
    "URNE_REGISTRY_URL",
    "URNE_BALLOT_BOX_URL",
    "URNE_SECRETS_FILE",
];

/// The server's configuration.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address and port to listen on (`URNE_LISTEN`); default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// The URL people use to reach the server, `http://` or `https://` and a host, no path
    /// (`URNE_PUBLIC_URL`); default `http://127.0.0.1:8080`. It gives the origin checked against
    /// forged forms and whether HSTS is sent.
    pub public_url: String,
    /// Directory of the SQLite files and the default secrets file (`URNE_DATA_DIR`); default
    /// `./urne-data`.
    pub data_dir: PathBuf,
    /// Database URL of the registry (elections, voters, émargement): `postgres://…`
    /// (`URNE_REGISTRY_URL`); `None` means a SQLite file in `data_dir`.
    pub registry_url: Option<String>,
    /// Database URL of the ballot box, separate from the registry (DESIGN.md §2):
    /// `postgres://…` (`URNE_BALLOT_BOX_URL`); `None` means a SQLite file in `data_dir`.
    pub ballot_box_url: Option<String>,
    /// The secrets file (`URNE_SECRETS_FILE`); `None` means `data_dir/secrets.toml`.
    pub secrets_file: Option<PathBuf>,
    /// The hotline's number or address, printed in letters and messages.
    pub hotline: Option<String>,
    /// The SMTP relay (table `[smtp]`: host, port, security = "none" | "starttls" | "tls",
    /// username, password, from, timeout_secs); `None` keeps e-mails in memory, unsent.
    pub smtp: Option<urne_delivery::SmtpConfig>,
    /// The SMS provider's HTTP API (table `[sms]`: url, authorization, body_template with
    /// `{to}` and `{text}`, timeout_secs); `None` keeps SMS in memory, unsent.
    pub sms: Option<urne_delivery::HttpSmsConfig>,
    /// Also send the programmed communications by SMS to the mobiles of the voter file.
    pub sms_communications: bool,
    /// Show the in-memory outbox at `/outbox` to anyone (codes included): demos only.
    pub demo_outbox: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("./urne-data"),
            registry_url: None,
            ballot_box_url: None,
            secrets_file: None,
            hotline: None,
            smtp: None,
            sms: None,
            sms_communications: false,
            demo_outbox: false,
        }
    }
}

/// What went wrong reading the configuration or the secrets.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The configuration file is not valid TOML for [`Config`] (unknown key, wrong type, …);
    /// `message` names the key and the line.
    Toml {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// An environment variable has an invalid value.
    Env {
        /// The variable.
        var: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// `public_url` is not `http(s)://host[:port]`.
    PublicUrl(String),
    /// The secrets file is malformed (the message never contains a secret).
    Secrets {
        /// The file.
        path: PathBuf,
        /// 1-based line, 0 for the file as a whole.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The secrets file can be read by other users (Unix mode has group or other bits).
    SecretsPermissions {
        /// The file.
        path: PathBuf,
        /// Its mode.
        mode: u32,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ConfigError::Toml { path, message } => write!(f, "{}: {message}", path.display()),
            ConfigError::Env { var, message } => write!(f, "environment variable {var}: {message}"),
            ConfigError::PublicUrl(url) => write!(
                f,
                "public_url {url:?} must be http:// or https:// followed by a host and an \
                 optional port, with no path"
            ),
            ConfigError::Secrets {
                path,
                line,
                message,
            } => write!(f, "{}:{line}: {message}", path.display()),
            ConfigError::SecretsPermissions { path, mode } => write!(
                f,
                "{}: mode {mode:o} lets other users read the secrets; run chmod 600 on it",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Config {
    /// The file at `path` if given (defaults otherwise), then the `URNE_*` variables read
    /// through `env` (use `&|name| std::env::var(name).ok()` in `main`).
    ///
    /// # Errors
    /// [`ConfigError::Io`] or [`ConfigError::Toml`] for the file, [`ConfigError::Env`] for a
    /// variable, [`ConfigError::PublicUrl`] for a bad public URL from either.
    pub fn load(
        path: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = match path {
            None => Config::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
                    path: path.to_owned(),
                    source,
                })?;
                toml::from_str(&text).map_err(|error| ConfigError::Toml {
                    path: path.to_owned(),
                    message: error.to_string(),
                })?
            }
        };
        let var = |name: &'static str| env(name).filter(|value| !value.is_empty());
        if let Some(listen) = var("URNE_LISTEN") {
            config.listen = listen.parse().map_err(|error| ConfigError::Env {
                var: "URNE_LISTEN",
                message: format!("{listen:?} is not an address:port ({error})"),
            })?;
        }
        if let Some(url) = var("URNE_PUBLIC_URL") {
            config.public_url = url;
        }
        if let Some(dir) = var("URNE_DATA_DIR") {
            config.data_dir = PathBuf::from(dir);
        }
        if let Some(url) = var("URNE_REGISTRY_URL") {
            config.registry_url = Some(url);
        }
        if let Some(url) = var("URNE_BALLOT_BOX_URL") {
            config.ballot_box_url = Some(url);
        }
        if let Some(file) = var("URNE_SECRETS_FILE") {
            config.secrets_file = Some(PathBuf::from(file));
        }
        config.public_url = config.public_url.trim_end_matches('/').to_owned();
        parse_origin(&config.public_url)
            .ok_or_else(|| ConfigError::PublicUrl(config.public_url.clone()))?;
        Ok(config)
    }

    /// `scheme://host[:port]` of [`Config::public_url`], lowercase, as browsers send it in
    /// `Origin` (for [`crate::csrf::same_origin`]).
    pub fn public_origin(&self) -> String {
        parse_origin(&self.public_url).unwrap_or_else(|| self.public_url.clone())
    }

    /// Whether the public URL is `https` (then HSTS is sent and cookies are `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_origin().starts_with("https://")
    }

    /// The secrets file: [`Config::secrets_file`] or `data_dir/secrets.toml`.
    pub fn secrets_path(&self) -> PathBuf {
        self.secrets_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("secrets.toml"))
    }
}

/// The origin of `url` if it is `http(s)://host[:port]` with nothing after but an optional `/`,
/// normalised as browsers send it in `Origin`: lowercase, default port dropped.
pub fn parse_origin(url: &str) -> Option<String> {
    let lower = url.trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority, default_port) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https", rest, 443)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http", rest, 80)
    } else {
        return None;
    };
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        // An IPv6 literal: `[hex:hex::…]`.
        let (inside, after) = rest.split_once(']')?;
        let ipv6 = |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.';
        if inside.is_empty() || !inside.chars().all(ipv6) {
            return None;
        }
        let port = match after {
            "" => None,
            after => Some(after.strip_prefix(':')?),
        };
        (format!("[{inside}]"), port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let name = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
        if host.is_empty() || !host.chars().all(name) {
            return None;
        }
        (host.to_owned(), port)
    };
    match port.map(str::parse::<u16>) {
        None => Some(format!("{scheme}://{host}")),
        Some(Ok(port)) if port == default_port => Some(format!("{scheme}://{host}")),
        Some(Ok(port)) => Some(format!("{scheme}://{host}:{port}")),
        Some(Err(_)) => None,
    }
}

/// The server's secret keys, from the secrets file. Zeroized on drop; `Debug` shows no secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secrets {
    /// Key of the CSRF tokens ([`crate::csrf::CsrfKey`]).
    pub csrf_key: [u8; 32],
    /// Pepper mixed into the voters' login challenges.
    pub challenge_pepper: [u8; 32],
    /// Seed of the key that signs voters' receipts (its public half goes to each record).
    pub receipt_key: [u8; 32],
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secrets(..)")
    }
}

const SECRET_NAMES: [&str; 3] = ["csrf_key", "challenge_pepper", "receipt_key"];

impl Secrets {
    /// Fresh random secrets from the operating system's generator.
    pub fn random() -> Secrets {
        let mut secrets = Secrets {
            csrf_key: [0; 32],
            challenge_pepper: [0; 32],
            receipt_key: [0; 32],
        };
        OsRng.fill_bytes(&mut secrets.csrf_key);
        OsRng.fill_bytes(&mut secrets.challenge_pepper);
        OsRng.fill_bytes(&mut secrets.receipt_key);
        secrets
    }

    /// Reads the secrets at `path`, or creates the file with random secrets (mode 0600, parent
    /// directories created) when it does not exist.
    ///
    /// The file has one `name = "hex"` line per secret (64 hex digits; quotes optional), blank
    /// lines and `#` comments allowed: valid TOML, readable by hand, diffable when rotated.
    /// On Unix, a file readable by group or others is refused, as OpenSSH does for keys.
    ///
    /// # Errors
    /// [`ConfigError::Io`], [`ConfigError::Secrets`] (with the line) or
    /// [`ConfigError::SecretsPermissions`].
    pub fn load_or_create(path: &Path) -> Result<Secrets, ConfigError> {
        let io_error = |source| ConfigError::Io {
            path: path.to_owned(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                check_permissions(path)?;
                Secrets::parse(&text, path)
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let secrets = Secrets::random();
                match secrets.create(path) {
                    Ok(()) => Ok(secrets),
                    // Another process created it between our read and our write: use theirs.
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                        Secrets::load_or_create(path)
                    }
                    Err(error) => Err(io_error(error)),
                }
            }
            Err(error) => Err(io_error(error)),
        }
    }

    fn parse(text: &str, path: &Path) -> Result<Secrets, ConfigError> {
        let error = |line: usize, message: String| ConfigError::Secrets {
            path: path.to_owned(),
            line,
            message,
        };
        let mut values: [Option<Zeroizing<[u8; 32]>>; 3] = [None, None, None];
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = line.split_once('=') else {
                return Err(error(line_no, "expected `name = \"hex\"`".to_owned()));
            };
            let name = name.trim();
            let Some(slot) = SECRET_NAMES.iter().position(|known| *known == name) else {
                return Err(error(
                    line_no,
                    format!("unknown secret {name:?}; expected one of {SECRET_NAMES:?}"),
                ));
            };
            if values[slot].is_some() {
                return Err(error(line_no, format!("{name} is given twice")));
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            let mut bytes = Zeroizing::new([0u8; 32]);
            hex::decode_to_slice(value, bytes.as_mut_slice())
                .map_err(|_| error(line_no, format!("{name} must be 64 hex digits")))?;
            values[slot] = Some(bytes);
        }
        let mut secrets = Secrets {
            csrf_key: [0; 32],
            challenge_pepper: [0; 32],
            receipt_key: [0; 32],
        };
        let targets = [
            &mut secrets.csrf_key,
            &mut secrets.challenge_pepper,
            &mut secrets.receipt_key,
        ];
        for ((target, value), name) in targets.into_iter().zip(&values).zip(SECRET_NAMES) {
            let value = value
                .as_ref()
                .ok_or_else(|| error(0, format!("{name} is missing")))?;
            target.copy_from_slice(value.as_slice());
        }
        Ok(secrets)
    }

    /// Writes a new file (never overwrites one).
    fn create(&self, path: &Path) -> io::Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut text = Zeroizing::new(String::from(
            "# urne server secrets: keep private, back up with the databases.\n",
        ));
        for (name, value) in
            SECRET_NAMES
                .iter()
                .zip([&self.csrf_key, &self.challenge_pepper, &self.receipt_key])
        {
            let mut hex = hex::encode(value);
            text.push_str(&format!("{name} = \"{hex}\"\n"));
            hex.zeroize();
        }
        let mut file = options.open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(path).map_err(|source| ConfigError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ConfigError::SecretsPermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path) -> Result<(), ConfigError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh empty directory under the system temp dir (no `tempfile` crate).
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> TempDir {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!(
                "urne-server-config-{}-{n}-{:016x}",
                std::process::id(),
                rand::random::<u64>()
            ));
            std::fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults() {
        let config = Config::load(None, &no_env).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.public_origin(), "http://127.0.0.1:8080");
        assert!(!config.is_https());
        assert_eq!(
            config.secrets_path(),
            PathBuf::from("./urne-data/secrets.toml")
        );
    }

    #[test]
    fn file_then_environment() {
        let dir = TempDir::new();
        let path = dir.0.join("urne.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\npublic_url = \"https://vote.example.fr/\"\n\
             data_dir = \"/var/lib/urne\"\nregistry_url = \"postgres://db/registry\"\n",
        )
        .unwrap();
        let config = Config::load(Some(&path), &no_env).unwrap();
        assert_eq!(config.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(config.public_url, "https://vote.example.fr");
        assert_eq!(config.public_origin(), "https://vote.example.fr");
        assert!(config.is_https());
        assert_eq!(
            config.registry_url.as_deref(),
            Some("postgres://db/registry")
        );
        assert_eq!(config.ballot_box_url, None);

        let env: HashMap<&str, &str> = [
            ("URNE_LISTEN", "[::1]:8443"),
            ("URNE_PUBLIC_URL", "http://localhost:8443"),
            ("URNE_BALLOT_BOX_URL", "postgres://db/box"),
            ("URNE_SECRETS_FILE", "/run/secrets/urne"),
            ("URNE_DATA_DIR", ""),
        ]
        .into();
        let env = |name: &str| env.get(name).map(|v| v.to_string());
        let config = Config::load(Some(&path), &env).unwrap();
        assert_eq!(config.listen.to_string(), "[::1]:8443");
        assert_eq!(config.public_origin(), "http://localhost:8443");
        assert_eq!(
            config.data_dir,
            PathBuf::from("/var/lib/urne"),
            "empty var ignored"
        );
        assert_eq!(config.ballot_box_url.as_deref(), Some("postgres://db/box"));
        assert_eq!(config.secrets_path(), PathBuf::from("/run/secrets/urne"));
    }

    #[test]
    fn unknown_key_names_key_and_file() {
        let dir = TempDir::new();
        let path = dir.0.join("urne.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:1\"\npublic_ulr = \"https://x\"\n",
        )
        .unwrap();
        let error = Config::load(Some(&path), &no_env).unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, ConfigError::Toml { .. }));
        assert!(message.contains("public_ulr"), "{message}");
        assert!(message.contains("urne.toml"), "{message}");
    }

    #[test]
    fn bad_values() {
        let env = |name: &str| (name == "URNE_LISTEN").then(|| "localhost".to_owned());
        assert!(matches!(
            Config::load(None, &env),
            Err(ConfigError::Env {
                var: "URNE_LISTEN",
                ..
            })
        ));
        let missing = Path::new("/nonexistent/urne.toml");
        assert!(matches!(
            Config::load(Some(missing), &no_env),
            Err(ConfigError::Io { .. })
        ));
    }

    fn check_origin(url: &str, expected: Option<&str>) {
        assert_eq!(parse_origin(url).as_deref(), expected, "{url}");
    }

    #[test]
    fn public_url_origins() {
        check_origin("https://vote.example.fr", Some("https://vote.example.fr"));
        check_origin("https://Vote.Example.FR/", Some("https://vote.example.fr"));
        check_origin(
            "https://vote.example.fr:443",
            Some("https://vote.example.fr"),
        );
        check_origin("http://vote.example.fr:80", Some("http://vote.example.fr"));
        check_origin("http://127.0.0.1:8080", Some("http://127.0.0.1:8080"));
        check_origin("https://[::1]:8443", Some("https://[::1]:8443"));
        check_origin("https://[::1]", Some("https://[::1]"));
        check_origin("https://vote.example.fr/urne", None);
        check_origin("https://vote.example.fr:99999", None);
        check_origin("https://user@vote.example.fr", None);
        check_origin("ftp://vote.example.fr", None);
        check_origin("vote.example.fr", None);
        check_origin("https://", None);
        let env = |name: &str| (name == "URNE_PUBLIC_URL").then(|| "https://x/y".to_owned());
        assert!(matches!(
            Config::load(None, &env),
            Err(ConfigError::PublicUrl(_))
        ));
    }

    #[test]
    fn secrets_created_once_then_read_back() {
        let dir = TempDir::new();
        let path = dir.0.join("sub").join("secrets.toml");
        let created = Secrets::load_or_create(&path).unwrap();
        let read = Secrets::load_or_create(&path).unwrap();
        assert_eq!(created.csrf_key, read.csrf_key);
        assert_eq!(created.challenge_pepper, read.challenge_pepper);
        assert_eq!(created.receipt_key, read.receipt_key);
        assert_ne!(created.csrf_key, created.receipt_key);
        assert_eq!(format!("{created:?}"), "Secrets(..)");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().filter(|l| l.contains(" = ")).count(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn secrets_readable_by_others_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = TempDir::new();
        let path = dir.0.join("secrets.toml");
        Secrets::load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            Secrets::load_or_create(&path),
            Err(ConfigError::SecretsPermissions { mode: 0o644, .. })
        ));
    }

    fn check_secrets(text: &str, expected_line: Option<usize>) {
        let result = Secrets::parse(text, Path::new("s.toml"));
        match expected_line {
            None => assert!(result.is_ok(), "{text}: {result:?}"),
            Some(line) => match result {
                Err(ConfigError::Secrets {
                    line: got, message, ..
                }) => {
                    assert_eq!(got, line, "{text}: {message}");
                    assert!(!message.contains("aa"), "no secret in {message}");
                }
                other => panic!("{text}: {other:?}"),
            },
        }
    }

    #[test]
    fn secrets_file_format() {
        let a = "a".repeat(64);
        let good = format!(
            "# comment\n\ncsrf_key = \"{a}\"\nchallenge_pepper = {a}\nreceipt_key=\"{a}\"\n"
        );
        check_secrets(&good, None);
        check_secrets(
            &format!("csrf_key = \"{a}\"\nchallenge_pepper = \"{a}\"\n"),
            Some(0),
        );
        check_secrets(&format!("{good}csrf_key = \"{a}\"\n"), Some(6));
        check_secrets(&format!("{good}other = \"{a}\"\n"), Some(6));
        check_secrets(&format!("csrf_key = \"{}\"\n", &a[..62]), Some(1));
        check_secrets("csrf_key\n", Some(1));
    }
}
