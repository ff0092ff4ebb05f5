//! `urne demo`: a demonstration election one can vote in, on embedded SQLite, within a minute
//! of the build finishing (the README's first command).
//!
//! It creates the stores and the secrets file in a new temporary directory (or `--data DIR`),
//! seeds the demo scrutin ([`urne_server::demo_bureau::seed_with_bureau`]: organisation, two
//! colleges, titulaires and suppléants, union lists, voters with identifiants and badge digits,
//! a bureau of three staff accounts whose key ceremony runs here through the bulletin board),
//! an organisateur account, and serves it on 127.0.0.1. The sheet it prints gives the bureau's
//! logins and séquences: close the vote and decrypt it on the bureau's pages. Messages are kept
//! in memory and shown at `/outbox` (the SMS passwords), which only a demo does. Run again with
//! the same `--data DIR`, it serves the same election and prints its voters again.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use rand::Rng;
use urne_server::app::AppState;
use urne_server::clock::{Clock, SystemClock};
use urne_server::config::Secrets;
use urne_server::csrf::CsrfKey;
use urne_server::password::hash_password;
use urne_setup::ChallengePepper;
use urne_store::registry::Role;
use urne_store::Stores;

use crate::serve::runtime;

/// Options of `urne demo`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where the SQLite files, the secrets and the demo's voter sheet go (default: a new
    /// temporary directory). Given again, the same election is served.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The port to listen on, on 127.0.0.1.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Number of demo voters (3 to 500).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(3..=500))]
    voters: u16,
}

/// For the recovery test of DESIGN.md §3 only: the process aborts right after storing a
/// ballot, before its émargement.
pub(crate) const CRASH_VARIABLE: &str = "URNE_TEST_CRASH_AFTER_BALLOT";

/// The file, in the data directory, that lists the demo's voters and their codes.
const SHEET: &str = "demo-voters.txt";

pub(crate) fn run(args: &Args) -> Result<()> {
    runtime()?.block_on(demo(args))
}

async fn demo(args: &Args) -> Result<()> {
    let dir = match &args.data {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!(
            "urne-demo-{}-{:06x}",
            std::process::id(),
            rand::thread_rng().gen::<u32>() & 0xff_ffff
        )),
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .with_context(|| {
            format!(
                "le port {0} est pris : essayez --port / port {0} is taken: try --port",
                args.port
            )
        })?;
    let url = format!("http://127.0.0.1:{}", args.port);
    let stores = Stores::open_sqlite_dir(&dir)
        .await
        .with_context(|| format!("ouverture de / opening {}", dir.display()))?;
    let secrets = Secrets::load_or_create(&dir.join("secrets.toml"))
        .context("fichier des secrets / secrets file")?;
    let mut state = AppState::new(
        stores,
        Arc::new(SystemClock),
        CsrfKey::from_bytes(secrets.csrf_key),
        ChallengePepper::from_bytes(secrets.challenge_pepper),
        &url,
    );
    state.receipt_key = urne_crypto::signing::SigningKey::from_seed(&secrets.receipt_key);
    state.show_outbox = true;
    state.crash_after_ballot = std::env::var_os(CRASH_VARIABLE).is_some();
    drop(secrets);
    let sheet_path = dir.join(SHEET);
    let sheet = if state.stores.registry.scrutins().await?.is_empty() {
        println!("Préparation de l'élection de démonstration / preparing the demo election…");
        let sheet = seed(&state, &url, args.voters).await?;
        write_private(&sheet_path, &sheet)?;
        sheet
    } else {
        std::fs::read_to_string(&sheet_path)
            .with_context(|| format!("lecture de / reading {}", sheet_path.display()))?
    };
    println!("{sheet}");
    println!(
        "Données / data: {} (SQLite). Ctrl-C arrête la démonstration / stops the demo.",
        dir.display()
    );
    urne_server::app::serve(Arc::new(state), listener)
        .await
        .context("serveur / server")
}

/// Seeds the election and an organisateur; returns the sheet to print.
async fn seed(state: &AppState, url: &str, voters: u16) -> Result<String> {
    let now = SystemClock.now().as_second();
    let password = format!(
        "demo-{:012x}",
        rand::thread_rng().gen::<u64>() & 0xffff_ffff_ffff
    );
    let phc = hash_password(&password)?;
    let demo = urne_server::demo_bureau::seed_with_bureau(state, now, usize::from(voters), &phc)
        .await
        .context("élection de démonstration / demo election")?;
    state
        .stores
        .registry
        .add_staff(
            "organisateur",
            "Organisateur (démo)",
            &phc,
            Role::Organisateur,
            None,
        )
        .await?;
    let mut sheet = String::new();
    let _ = writeln!(
        sheet,
        "\nurne — élection de démonstration / demo election\n\n\
         Voter / vote:  {url}/vote/{uid}\n\
         SMS (démo) :   {url}/outbox  (le mot de passe reçu par SMS s'y affiche / the SMS password shows there)\n\
         Organisateur : {url}/login  (organisateur / {password})\n\n\
         Pour voter : l'identifiant, puis un numéro de mobile au choix (ex. 06 12 34 56 78), le mot\n\
         de passe de {url}/outbox, puis les 4 chiffres du badge. / To vote: the identifiant, then\n\
         any mobile number, the password from /outbox, then the badge digits.\n",
        uid = demo.uid
    );
    let _ = writeln!(
        sheet,
        "{:<24} {:<22} {:<22} Badge",
        "Électeur / voter", "Collège / college", "Identifiant"
    );
    for voter in &demo.voters {
        let _ = writeln!(
            sheet,
            "{:<24} {:<22} {:<22} {}",
            voter.name,
            voter.college,
            voter.code.as_str(),
            voter.badge
        );
    }
    let _ = writeln!(
        sheet,
        "\nBureau de vote centralisateur (3 membres, 2 suffisent pour dépouiller) / central polling\n\
         board (3 members, any 2 decrypt): {url}/bureau/{uid}, mot de passe / password {password}\n\
         Pour dépouiller : « Clore le vote maintenant », puis « Dépouillement » avec deux séquences.\n\
         To count: \"Close voting now\", then \"Counting\" with two sequences.",
        uid = demo.uid
    );
    for (login, sequence) in urne_server::demo_bureau::MEMBERS
        .iter()
        .zip(&demo.sequences)
    {
        let _ = writeln!(
            sheet,
            "  {login}: séquence secrète / secret sequence {}",
            sequence.as_str()
        );
    }
    Ok(sheet)
}

/// Writes the sheet readable by its owner only: it holds codes.
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("écriture de / writing {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(())
}
