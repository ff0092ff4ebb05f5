//! `urne import voters`: the employer's voter file into the registry, from the command line —
//! the same reading, comparison and storage as the web page, for files too large to upload
//! comfortably or for scripted re-imports.
//!
//! A file with any problem is reported in full (every line, French then English) and nothing is
//! stored (STYLE.md §4). A good file is compared with the registry and the differences shown
//! before they are applied, after a confirmation unless `--yes`. Left out: importing candidate
//! lists (the délégués do it in the pages) and creating establishments, colleges or scrutins,
//! which the file must name and which the organisateur creates first.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use urne_server::clock::{Clock, SystemClock};
use urne_server::error::WebError;
use urne_server::import::import_context;
use urne_setup::{
    diff_voters, read_voter_file, ChallengePepper, FileErrors, FileFormat, Known, ReadOptions,
    Voter, VoterDiff, VoterFile,
};
use urne_store::registry::JournalKind;

use crate::serve::{runtime, ConfigArg, Installation};
use crate::staff::CLI_ACTOR;

/// Examples of each kind of change shown before applying.
const EXAMPLES: usize = 20;

/// Options of `urne import`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(clap::Subcommand)]
enum ImportWhat {
    /// Reads a voter file (CSV in UTF-8 or Windows-1252 with `;`, `,` or tab, or XLSX), shows
    /// what it changes in the registry (voters added, removed, changed) and applies it after
    /// confirmation. A file with any error is reported line by line and nothing is stored (exit
    /// code 1). The establishments, colleges and first-round scrutin must exist first.
    Voters(VotersArgs),
}

#[derive(clap::Args)]
struct VotersArgs {
    /// The voter file.
    file: PathBuf,
    /// Apply without asking.
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `urne import`.
pub(crate) fn run(args: &Args) -> Result<()> {
    match &args.what {
        ImportWhat::Voters(voters_args) => runtime()?.block_on(import_voters(voters_args)),
    }
}

async fn import_voters(args: &VotersArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("lecture / reading {}", args.file.display()))?;
    let installation = Installation::open(args.config.config.as_deref()).await?;
    let registry = &installation.stores.registry;
    let (known, conditions) = import_context(registry).await.map_err(web_error)?;
    let file_name = args.file.display().to_string();
    let pepper = installation.pepper();
    let file = parse_with_progress(file_name.clone(), bytes, known, conditions, pepper).await?;
    let file = match file {
        Ok(file) => file,
        Err(errors) => {
            report_errors(&errors);
            return Err(anyhow!(
                "rien n'a été enregistré / nothing was stored ({} erreur(s) / error(s))",
                errors.errors.len()
            ));
        }
    };
    println!(
        "Lu / Read: {} électeurs / voters ({})",
        file.voters.len(),
        describe(file.format)
    );
    let current: Vec<Voter> = registry
        .voters()
        .await?
        .into_iter()
        .map(|stored| stored.voter)
        .collect();
    let diff = diff_voters(&current, &file.voters);
    show_diff(&diff);
    if diff.is_empty() {
        println!("Rien à changer / Nothing to change.");
        return Ok(());
    }
    if !args.yes && !confirm()? {
        println!("Rien n'a été appliqué / Nothing was applied.");
        return Ok(());
    }
    let now = SystemClock.now().as_second();
    let revoked = registry.apply_voter_diff(&diff, now).await?;
    let summary = format!(
        "{file_name}: +{} -{} ~{} ({revoked} codes revoked)",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    registry
        .journal(
            JournalKind::Setup,
            now,
            CLI_ACTOR,
            "fichier des électeurs importé / voter file imported",
            &summary,
        )
        .await?;
    println!(
        "Importé / Imported: {} ajoutés / added, {} retirés / removed, {} modifiés / changed; \
         {revoked} codes d'accès révoqués / access codes revoked.",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    Ok(())
}

/// The server's error as a command-line message: a refused request says why in both languages
/// (its `Display` gives only the page title, "Invalid request").
pub(crate) fn web_error(error: WebError) -> anyhow::Error {
    match error {
        WebError::BadRequest(message) => anyhow!("{} / {}", message.fr, message.en),
        other => anyhow!("{other}"),
    }
}

/// Reads the file on a blocking thread, with a progress bar on stderr (indicatif hides it when
/// stderr is not a terminal).
async fn parse_with_progress(
    file_name: String,
    bytes: Vec<u8>,
    known: Known,
    conditions: urne_rules::eligibility::Conditions,
    pepper: ChallengePepper,
) -> Result<Result<VoterFile, FileErrors>> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} lecture / reading [{bar:40}] {pos}/{len} lignes / lines ({eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let progress = bar.clone();
    let result = tokio::task::spawn_blocking(move || {
        let options = ReadOptions {
            known: &known,
            conditions: &conditions,
            pepper: &pepper,
        };
        read_voter_file(&file_name, &bytes, &options, &mut |done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        })
    })
    .await
    .context("lecture du fichier / reading the file")?;
    bar.finish_and_clear();
    Ok(result)
}

/// Every error of the file on stderr, in French then in English.
fn report_errors(errors: &FileErrors) {
    let mut err = std::io::stderr().lock();
    // A closed stderr leaves nothing to report to: the exit code still says it failed.
    let _ = writeln!(
        err,
        "Le fichier contient {n} erreur(s) / The file has {n} error(s).\n\n\
         En français :\n{}\n\nIn English:\n{errors}\n",
        errors.to_french(),
        n = errors.errors.len(),
    );
}

fn describe(format: FileFormat) -> String {
    match format {
        FileFormat::Csv {
            encoding,
            delimiter,
        } => {
            let delimiter = match delimiter {
                b'\t' => "tab".to_owned(),
                other => format!("'{}'", char::from(other)),
            };
            format!("CSV, {encoding}, {delimiter}")
        }
        FileFormat::Xlsx => "XLSX".to_owned(),
    }
}

fn who(voter: &Voter) -> String {
    format!(
        "{} {} {} ({}, {})",
        voter.matricule, voter.last_name, voter.first_name, voter.establishment, voter.college
    )
}

/// The counts and up to [`EXAMPLES`] examples of each kind of change.
fn show_diff(diff: &VoterDiff) {
    println!(
        "Ajoutés / added: {}, retirés / removed: {}, modifiés / changed: {}, \
         inchangés / unchanged: {}",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len(),
        diff.unchanged
    );
    let more = |total: usize| {
        if total > EXAMPLES {
            println!(
                "  … et {} autres / and {} more",
                total - EXAMPLES,
                total - EXAMPLES
            );
        }
    };
    if !diff.added.is_empty() {
        println!("Ajoutés / Added:");
        for voter in diff.added.iter().take(EXAMPLES) {
            println!("  + {}", who(voter));
        }
        more(diff.added.len());
    }
    if !diff.removed.is_empty() {
        println!("Retirés (leurs codes seront révoqués) / Removed (their codes will be revoked):");
        for voter in diff.removed.iter().take(EXAMPLES) {
            println!("  - {}", who(voter));
        }
        more(diff.removed.len());
    }
    if !diff.changed.is_empty() {
        println!("Modifiés / Changed:");
        for (_, new, fields) in diff.changed.iter().take(EXAMPLES) {
            println!("  ~ {}: {}", who(new), fields.join(", "));
        }
        more(diff.changed.len());
    }
}

/// Asks on stderr, reads one line of stdin; only `o`, `oui`, `y` or `yes` apply.
fn confirm() -> Result<bool> {
    eprint!("Appliquer ? / Apply? [o/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("lecture de la réponse / reading the answer")?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "o" | "oui" | "y" | "yes"
    ))
}
