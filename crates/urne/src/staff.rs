//! `urne staff add`: creates a staff account from the command line — the first organisateur's
//! only way in, since the web pages need someone logged in to create accounts.
//!
//! The password comes from `URNE_STAFF_PASSWORD` (scripts, tests) or one line of stdin, and is
//! checked and hashed by the server's own rules ([`urne_server::password`]), so an account made
//! here is indistinguishable from one made in the pages. Left out: hiding the typed password
//! (that needs a terminal library; the prompt says the input is visible and points to the
//! variable), and changing or removing accounts (the web pages do it).

use std::io::BufRead;

use anyhow::{anyhow, Context, Result};
use urne_server::clock::{Clock, SystemClock};
use urne_server::password::{check_strength, hash_password};
use urne_store::registry::{JournalKind, Role};

use crate::serve::{runtime, ConfigArg, Installation};
use crate::BadUsage;

/// The environment variable that gives the password without a prompt.
const PASSWORD_VAR: &str = "URNE_STAFF_PASSWORD";

/// Who the journal says did it.
pub(crate) const CLI_ACTOR: &str = "urne (ligne de commande)";

/// Options of `urne staff`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: StaffCommand,
}

#[derive(clap::Subcommand)]
enum StaffCommand {
    /// Creates a staff account. The password is read from the environment variable
    /// URNE_STAFF_PASSWORD when set, otherwise from one line of standard input (the input is
    /// visible). It must have at least 12 characters of at least two kinds.
    Add(AddArgs),
}

/// A role, as typed on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    /// The employer's organiser: sets everything up.
    Organisateur,
    /// A union's délégué de liste (needs --union).
    Delegue,
    /// Member of the bureau de vote centralisateur.
    Bvc,
    /// Member of a bureau de vote d'établissement.
    Bve,
    /// Hotline operator.
    Hotline,
    /// Representative of the direction (observer).
    Direction,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Organisateur => Role::Organisateur,
            RoleArg::Delegue => Role::Delegue,
            RoleArg::Bvc => Role::Bvc,
            RoleArg::Bve => Role::Bve,
            RoleArg::Hotline => Role::Hotline,
            RoleArg::Direction => Role::Direction,
        }
    }
}

#[derive(clap::Args)]
struct AddArgs {
    /// The login name, unique.
    login: String,
    /// The name shown in pages and journals.
    #[arg(long)]
    name: String,
    /// What the account may do.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// The délégué's union (created if new); required for, and only for, --role delegue.
    #[arg(long, value_name = "NAME", required_if_eq("role", "delegue"))]
    union: Option<String>,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `urne staff`.
pub(crate) fn run(args: &Args) -> Result<()> {
    match &args.command {
        StaffCommand::Add(add_args) => add(add_args),
    }
}

fn add(args: &AddArgs) -> Result<()> {
    let role = Role::from(args.role);
    if role != Role::Delegue && args.union.is_some() {
        return Err(BadUsage(
            "--union ne vaut que pour --role delegue / --union is only for --role delegue"
                .to_owned(),
        )
        .into());
    }
    let login = args.login.trim();
    if login.is_empty() || args.name.trim().is_empty() {
        return Err(BadUsage(
            "l'identifiant et le nom ne peuvent être vides / the login and the name cannot be empty"
                .to_owned(),
        )
        .into());
    }
    runtime()?.block_on(async {
        let installation = Installation::open(args.config.config.as_deref()).await?;
        let registry = &installation.stores.registry;
        if registry.staff_by_login(login).await?.is_some() {
            return Err(anyhow!(
                "le compte {login} existe déjà / account {login} already exists"
            ));
        }
        let password = read_password()?;
        check_strength(&password).map_err(|weak| anyhow!("{} / {}", weak.fr(), weak.en()))?;
        let phc = hash_password(&password)?;
        let union_id = match &args.union {
            Some(union) => Some(registry.ensure_union(union.trim()).await?),
            None => None,
        };
        registry
            .add_staff(login, args.name.trim(), &phc, role, union_id)
            .await?;
        let mut detail = format!("{login} ({})", role.as_str());
        if let Some(union) = &args.union {
            detail.push_str(&format!(", {}", union.trim()));
        }
        registry
            .journal(
                JournalKind::Setup,
                SystemClock.now().as_second(),
                CLI_ACTOR,
                "compte créé / account created",
                &detail,
            )
            .await?;
        println!("Compte créé / Account created: {detail}");
        Ok(())
    })
}

/// The password from [`PASSWORD_VAR`], or one line of stdin without its line ending.
fn read_password() -> Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VAR) {
        return Ok(password);
    }
    eprintln!(
        "Mot de passe (la saisie est visible ; pour un script, utilisez {PASSWORD_VAR}) /\n\
         Password (input is visible; for scripts, set {PASSWORD_VAR}):"
    );
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("lecture du mot de passe / reading the password")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    Ok(password)
}
