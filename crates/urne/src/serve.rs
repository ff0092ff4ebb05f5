//! `urne serve`: the web server, and what every command working on an installation shares —
//! reading the configuration and the secrets file, opening the two stores, a tokio runtime.
//!
//! `main` stays synchronous; each command that needs async builds its own runtime with
//! [`runtime`], so `urne demo` and `urne rules` never start one. Left out: TLS (a reverse proxy
//! terminates it; `public_url` says whether it does), daemonising and log files (systemd or the
//! container runtime own those), and reloading the configuration (restart).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use urne_server::app::AppState;
use urne_server::clock::SystemClock;
use urne_server::config::{Config, Secrets};
use urne_server::csrf::CsrfKey;
use urne_setup::ChallengePepper;
use urne_store::Stores;

/// Options of `urne serve`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    config: ConfigArg,
}

/// `--config FILE`, shared by every command that works on an installation.
#[derive(clap::Args)]
pub(crate) struct ConfigArg {
    /// The TOML configuration file (keys: listen, public_url, data_dir, registry_url,
    /// ballot_box_url, secrets_file). Without it, defaults apply; the environment variables
    /// URNE_LISTEN, URNE_PUBLIC_URL, URNE_DATA_DIR, URNE_REGISTRY_URL, URNE_BALLOT_BOX_URL and
    /// URNE_SECRETS_FILE override the file.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// One installation, opened: its configuration, its secrets and its two stores.
pub(crate) struct Installation {
    /// The configuration, file then environment.
    pub(crate) config: Config,
    /// The server's keys (created on first use).
    pub(crate) secrets: Secrets,
    /// The registry and the ballot box.
    pub(crate) stores: Stores,
}

impl Installation {
    /// Reads the configuration (`path`, then the `URNE_*` variables) and the secrets file, and
    /// opens the stores.
    pub(crate) async fn open(path: Option<&Path>) -> Result<Installation> {
        let config = Config::load(path, &|name| std::env::var(name).ok())
            .context("configuration / configuration")?;
        let secrets = Secrets::load_or_create(&config.secrets_path())
            .context("fichier des secrets / secrets file")?;
        let stores = open_stores(&config).await?;
        Ok(Installation {
            config,
            secrets,
            stores,
        })
    }

    /// The pepper of the voters' challenge hashes.
    pub(crate) fn pepper(&self) -> ChallengePepper {
        ChallengePepper::from_bytes(self.secrets.challenge_pepper)
    }
}

/// Opens the two stores the configuration names: both URLs given means two PostgreSQL
/// databases or schemas (or SQLite files by `sqlite://` URL); neither means two SQLite files in
/// `data_dir`. One without the other is refused rather than guessed: putting the ballot box
/// next to the registry by accident would break their separation (DESIGN.md §2).
pub(crate) async fn open_stores(config: &Config) -> Result<Stores> {
    match (&config.registry_url, &config.ballot_box_url) {
        (Some(registry), Some(ballot_box)) => Stores::open_urls(registry, ballot_box)
            .await
            .context("ouverture des bases / opening the databases"),
        (None, None) => Stores::open_sqlite_dir(&config.data_dir)
            .await
            .with_context(|| {
                format!(
                    "ouverture des bases SQLite dans / opening the SQLite databases in {}",
                    config.data_dir.display()
                )
            }),
        _ => bail!(
            "registry_url et ballot_box_url vont ensemble : donnez les deux ou aucun / \
             registry_url and ballot_box_url go together: give both or neither"
        ),
    }
}

/// A multi-threaded tokio runtime for one command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du runtime / starting the runtime")
}

/// Runs the server until the process is stopped.
pub(crate) fn run(args: &Args) -> Result<()> {
    runtime()?.block_on(serve(args))
}

async fn serve(args: &Args) -> Result<()> {
    let installation = Installation::open(args.config.config.as_deref()).await?;
    let has_organisateur = installation.stores.registry.has_organisateur().await?;
    let listener = tokio::net::TcpListener::bind(installation.config.listen)
        .await
        .with_context(|| format!("écoute sur / listening on {}", installation.config.listen))?;
    let local = listener.local_addr()?;
    let pepper = installation.pepper();
    let Installation {
        config,
        secrets,
        stores,
    } = installation;
    let mut state = AppState::new(
        stores,
        Arc::new(SystemClock),
        CsrfKey::from_bytes(secrets.csrf_key),
        pepper,
        &config.public_url,
    );
    state.delivery = urne_server::delivery::Delivery::from_config(&config)
        .context("envoi des messages / message delivery")?;
    state.hotline = config.hotline.clone();
    state.sms_communications = config.sms_communications;
    state.receipt_key = urne_crypto::signing::SigningKey::from_seed(&secrets.receipt_key);
    state.crash_after_ballot = std::env::var_os(crate::demo::CRASH_VARIABLE).is_some();
    drop(secrets);
    state.show_outbox = config.demo_outbox && state.delivery.outbox.is_some();
    if state.show_outbox {
        println!(
            "ATTENTION : /outbox montre à tous les messages non envoyés, codes compris (démonstration) / \
             WARNING: /outbox shows unsent messages, codes included, to anyone (demo)"
        );
    }
    let state = Arc::new(state);
    urne_server::communications::spawn(state.clone());
    println!(
        "urne écoute sur / listening on {} ({local})",
        config.public_url
    );
    if has_organisateur {
        println!("Un compte organisateur existe / An organisateur account exists.");
    } else {
        let config_flag = args
            .config
            .config
            .as_ref()
            .map(|path| format!(" --config {}", path.display()))
            .unwrap_or_default();
        println!(
            "Aucun compte organisateur : créez-en un / No organisateur account: create one with\n  \
             urne staff add LOGIN --name \"Prénom Nom\" --role organisateur{config_flag}"
        );
    }
    urne_server::app::serve(state, listener)
        .await
        .context("serveur / server")
}
