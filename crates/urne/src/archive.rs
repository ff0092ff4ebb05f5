//! `urne archive`: retention and destruction (Article 10 of the agreement, R2314-17).
//!
//! - `create --scrutin UID --out FILE` writes one ZIP file: the public record (every event,
//!   every ballot, the credential lists), the émargement lists, the procès-verbaux, the journals
//!   with their hash chains and the seal, plus `SHA256SUMS` of every file. The SHA-256 of that
//!   sums file is the archive's fingerprint, printed to be written on the sealed envelope.
//! - `recount FILE` re-runs the count from the archive alone, with no database: each election's
//!   ballots are summed again and compared with its published tally, the published decryption
//!   shares are checked and combined, and the results recomputed with the counting rules and
//!   compared with the published ones. Exit code 0 when everything matches, 1 otherwise.
//! - `destroy --scrutin UID --yes` removes the scrutin's personal data from the registry once the
//!   contestation period (15 days after the closing) is over, and journals it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::TallyAccumulator;
use urne_record::bureau::BureauKey;
use urne_record::counting::decrypt;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::results::{ElectionResult, Electorate};
use urne_record::tally::{EncryptedTally, PartialDecryption};
use urne_server::app::AppState;
use urne_server::clock::{Clock, SystemClock};
use urne_server::csrf::CsrfKey;

use crate::serve::{runtime, ConfigArg, Installation};
use crate::staff::CLI_ACTOR;
use crate::BadUsage;

/// The contestation period: 15 days after the proclamation (Article 10), counted from the
/// closing.
const CONTESTATION_SECS: i64 = 15 * 86_400;

/// Options of `urne archive`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Writes the scrutin's sealed archive (ZIP) and prints its fingerprint.
    Create {
        /// The scrutin's public identifier.
        #[arg(long)]
        scrutin: String,
        /// Where to write the archive.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Re-runs the count from an archive alone (no database): exit code 0 when the tallies,
    /// decryptions and results all match the published ones, 1 otherwise, 2 for a file that is
    /// not an archive.
    Recount {
        /// The archive written by `urne archive create`.
        file: PathBuf,
    },
    /// Removes the scrutin's personal data (émargement, access codes, sessions, declared
    /// mobiles, hotline requests, returned letters) after the contestation period.
    Destroy {
        /// The scrutin's public identifier.
        #[arg(long)]
        scrutin: String,
        /// Confirms the destruction.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        config: ConfigArg,
    },
}

pub(crate) fn run(args: &Args) -> Result<()> {
    match &args.what {
        What::Create {
            scrutin,
            out,
            config,
        } => runtime()?.block_on(create(scrutin, out, config)),
        What::Recount { file } => recount(file),
        What::Destroy {
            scrutin,
            yes,
            config,
        } => {
            if !yes {
                return Err(
                    BadUsage("--yes is required: the destruction cannot be undone".into()).into(),
                );
            }
            runtime()?.block_on(destroy(scrutin, config))
        }
    }
}

fn state(installation: &Installation) -> AppState {
    AppState::new(
        installation.stores.clone(),
        std::sync::Arc::new(SystemClock),
        CsrfKey::random(),
        installation.pepper(),
        &installation.config.public_url,
    )
}

async fn create(uid: &str, out: &Path, config: &ConfigArg) -> Result<()> {
    let installation = Installation::open(config.config.as_deref()).await?;
    let state = state(&installation);
    let scrutin = installation.stores.registry.scrutin_by_uid(uid).await?;
    let files = urne_server::archive::files(&state, &scrutin)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    let file = std::fs::File::create(out).with_context(|| format!("{}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut sums = String::new();
    for (path, bytes) in &files {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)?;
        sums.push_str(&format!("{}  {path}\n", hex::encode(Sha256::digest(bytes))));
    }
    zip.start_file("SHA256SUMS", options)?;
    zip.write_all(sums.as_bytes())?;
    zip.finish()?;
    println!(
        "{}: {} fichiers / files; empreinte de l'archive / archive fingerprint (SHA-256 of SHA256SUMS): {}",
        out.display(),
        files.len() + 1,
        hex::encode(Sha256::digest(sums.as_bytes()))
    );
    Ok(())
}

async fn destroy(uid: &str, config: &ConfigArg) -> Result<()> {
    let installation = Installation::open(config.config.as_deref()).await?;
    let state = state(&installation);
    let scrutin = installation.stores.registry.scrutin_by_uid(uid).await?;
    let now = SystemClock.now().as_second();
    let done = urne_server::archive::destroy(&state, &scrutin, now, CONTESTATION_SECS, CLI_ACTOR)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    println!(
        "{}: {} émargements, {} codes d'accès / access codes, {} sessions détruits / destroyed",
        scrutin.name, done.emargements, done.access_codes, done.sessions
    );
    Ok(())
}

/// One file of the archive, as text.
fn entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Result<String> {
    let mut text = String::new();
    zip.by_name(name)
        .map_err(|_| BadUsage(format!("the archive has no {name}")))?
        .read_to_string(&mut text)
        .with_context(|| name.to_owned())?;
    Ok(text)
}

/// The events of the archived record: `(kind, payload)`.
fn events(zip: &mut zip::ZipArchive<std::fs::File>) -> Result<Vec<(String, Vec<u8>)>> {
    entry(zip, "record/events.jsonl")?
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let bad = || BadUsage(format!("record/events.jsonl line {}: not an event", i + 1));
            let value: serde_json::Value = serde_json::from_str(line).map_err(|_| bad())?;
            let kind = value["kind"].as_str().ok_or_else(bad)?.to_owned();
            let payload = match (&value["payload"]["json"], &value["payload"]["hex"]) {
                (serde_json::Value::String(text), _) => text.clone().into_bytes(),
                (_, serde_json::Value::String(h)) => hex::decode(h).map_err(|_| bad())?,
                _ => return Err(bad().into()),
            };
            Ok((kind, payload))
        })
        .collect()
}

fn recount(path: &Path) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| BadUsage(format!("{}: not an archive: {e}", path.display())))?;
    let events = events(&mut zip)?;
    let of = |k: &'static str| {
        events
            .iter()
            .filter(move |(kind, _)| kind == k)
            .map(|(_, p)| p)
    };
    let bureau = of(kind::BUREAU)
        .next()
        .map(|p| BureauKey::from_bytes(p))
        .transpose()?
        .context("no bureau key in the record")?;
    let shares: Vec<PartialDecryption> = of(kind::DECRYPTION)
        .map(|p| PartialDecryption::from_bytes(p))
        .collect::<Result<_, _>>()?;
    let mut failures = 0;
    for payload in of(kind::MANIFEST) {
        let manifest = Manifest::from_bytes(payload)?;
        let uid = &manifest.election;
        let shape = manifest.shape()?;
        let mut sum = TallyAccumulator::new(&shape);
        for (i, line) in entry(&mut zip, &format!("record/ballots/{uid}.txt"))?
            .lines()
            .enumerate()
        {
            let bytes =
                hex::decode(line).map_err(|_| anyhow!("ballot {} of {uid}: not hex", i + 1))?;
            sum.add_bytes(&bytes)
                .map_err(|e| anyhow!("ballot {} of {uid}: {e}", i + 1))?;
        }
        let recomputed = EncryptedTally::new(uid, sum.ballots(), sum.sums());
        let published = of(kind::TALLY)
            .map(|p| EncryptedTally::from_bytes(p))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .find(|t| &t.election == uid);
        let Some(published) = published else {
            println!("—  {uid}: no tally published (not counted)");
            continue;
        };
        if published != recomputed {
            failures += 1;
            println!("DIFFERENT {uid}: the published tally is not the sum of the archived ballots");
            continue;
        }
        let table = DlogTable::new(published.ballots);
        let count = decrypt(
            &bureau,
            &manifest,
            &published,
            &shares,
            &table,
            &mut rand::rngs::OsRng,
        )
        .map_err(|e| anyhow!("{uid}: {e}"))?;
        let stated = of(kind::RESULT)
            .map(|p| ElectionResult::from_bytes(p))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .find(|r| &r.election == uid)
            .context("no result published")?;
        let electorate = Electorate {
            inscrits: stated.inscrits,
            birthdates: None,
        };
        match ElectionResult::compute(&manifest, &count.tally, &electorate) {
            Ok(result) if result == stated => println!(
                "ok  {uid}: {} ballots, results recomputed (members {:?})",
                published.ballots, count.combined
            ),
            Ok(_) => {
                failures += 1;
                println!("DIFFERENT {uid}: the published results are not the count's");
            }
            Err(e) => println!("—  {uid}: counts match; seats need the bureau's tie-break: {e}"),
        }
    }
    if failures > 0 {
        bail!("{failures} election(s) differ from the archive");
    }
    Ok(())
}
