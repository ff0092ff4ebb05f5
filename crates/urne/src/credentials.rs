//! `urne credentials`: the voters' codes (DESIGN.md §2, issue 6).
//!
//! - `export` (on the server): the scrutin's electors, for an offline credential authority;
//! - `generate` (on the authority's machine, no database): draws the codes, writes the letters
//!   (PDF), the e-mails of voters abroad (mbox), and the two public files to upload;
//! - `import` (on the server): checks and stores those public files; the server never sees a
//!   code;
//! - `issue` (on the server, mode 1): urne draws the codes itself, writes the letters and
//!   e-mails, and forgets them; the record counts them as the server's.
//!
//! The letters and mbox files hold codes: they are written once, for the printer and the mail
//! relay, and never read back by urne.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use urne_access::authority::{
    check_upload, credential_list, read_registry_file, registry_file, CredentialList, Export,
    EXPORT_FORMAT,
};
use urne_access::factors::channels;
use urne_access::issue::{issue, Recipient};
use urne_access::messages::{self, Context as MessageContext};
use urne_letters::Letter;
use urne_server::clock::{Clock, SystemClock};
use urne_server::issuance::{
    authority_export, import_authority, issue_credentials, letter, letter_batch,
};
use urne_store::registry::{CodeOrigin, JournalKind, Scrutin};

use crate::serve::{runtime, ConfigArg, Installation};
use crate::staff::CLI_ACTOR;

/// Options of `urne credentials`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Writes the electors of a scrutin (names, addresses, elections) as JSON, for an offline
    /// credential authority.
    Export {
        /// The scrutin's public identifier.
        #[arg(long)]
        scrutin: String,
        /// Where to write the export.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// On the authority's machine: draws a code per elector of EXPORT and writes, in DIR,
    /// letters.pdf, emails.mbox (voters abroad), registry.csv and ballot-box.json (to upload).
    Generate {
        /// The export written by `urne credentials export`.
        export: PathBuf,
        /// The directory to write (created; must not hold previous files).
        #[arg(long)]
        out: PathBuf,
        /// Leave the QR code of the voting address out of the letters.
        #[arg(long)]
        no_qr: bool,
    },
    /// Checks and stores registry.csv and ballot-box.json from DIR; nothing is stored if any
    /// check fails (each problem is printed with its file, line and field).
    Import {
        /// The directory written by `urne credentials generate`.
        dir: PathBuf,
        /// The scrutin's public identifier.
        #[arg(long)]
        scrutin: String,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// urne draws every elector's code, publishes the keys, writes the letters (PDF) in DIR,
    /// sends the e-mails of voters abroad through the configured SMTP relay (or, without one,
    /// writes them to DIR/emails.mbox), and forgets the codes. Replaces earlier codes.
    Issue {
        /// The scrutin's public identifier.
        #[arg(long)]
        scrutin: String,
        /// The directory to write.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// Runs `urne credentials`.
pub(crate) fn run(args: &Args) -> Result<()> {
    match &args.what {
        What::Export {
            scrutin,
            out,
            config,
        } => runtime()?.block_on(export(scrutin, out, config)),
        What::Generate { export, out, no_qr } => generate(export, out, !no_qr),
        What::Import {
            dir,
            scrutin,
            config,
        } => runtime()?.block_on(import(dir, scrutin, config)),
        What::Issue {
            scrutin,
            out,
            config,
        } => runtime()?.block_on(issue_on_server(scrutin, out, config)),
    }
}

async fn find_scrutin(installation: &Installation, uid: &str) -> Result<Scrutin> {
    installation
        .stores
        .registry
        .scrutins()
        .await?
        .into_iter()
        .find(|s| s.record_uid == uid)
        .ok_or_else(|| anyhow!("scrutin inconnu / unknown scrutin: {uid}"))
}

async fn message_context(installation: &Installation, scrutin: &Scrutin) -> Result<MessageContext> {
    Ok(urne_server::issuance::message_context(
        &installation.stores,
        &installation.config.public_url,
        None,
        scrutin,
    )
    .await?)
}

async fn export(uid: &str, out: &Path, config: &ConfigArg) -> Result<()> {
    let installation = Installation::open(config.config.as_deref()).await?;
    let scrutin = find_scrutin(&installation, uid).await?;
    let ctx = message_context(&installation, &scrutin).await?;
    let export = authority_export(&installation.stores, &scrutin, ctx).await?;
    std::fs::write(out, serde_json::to_vec_pretty(&export)?)
        .with_context(|| format!("écriture / writing {}", out.display()))?;
    println!(
        "{} électeurs exportés / electors exported to {}",
        export.voters.len(),
        out.display()
    );
    Ok(())
}

fn progress_bar(total: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// One mbox entry (RFC 4155) per e-mail: for the authority's own mail relay.
fn mbox_entry(to: &str, text: &messages::Text) -> String {
    let body = text.body.replace("\nFrom ", "\n>From ");
    format!(
        "From urne\nTo: {to}\nSubject: {}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n",
        text.subject
    )
}

/// Writes the letters and, unless they were sent, the e-mails of `codes`.
fn write_letters(
    dir: &Path,
    ctx: &MessageContext,
    qr: bool,
    postal: &[Letter],
    emails: &[(String, String)],
) -> Result<()> {
    write_pdf(dir, ctx, qr, postal)?;
    let mut mbox = String::new();
    for (to, code) in emails {
        mbox.push_str(&mbox_entry(to, &messages::identifiant_email(ctx, code)));
    }
    std::fs::write(dir.join("emails.mbox"), mbox).context("emails.mbox")?;
    Ok(())
}

/// Writes the letters as one PDF, with a progress bar.
fn write_pdf(dir: &Path, ctx: &MessageContext, qr: bool, postal: &[Letter]) -> Result<()> {
    let bar = progress_bar(postal.len(), "lettres / letters");
    let pdf = urne_letters::render(&letter_batch(ctx, qr), postal, &mut |done, _| {
        bar.set_position(done as u64);
    });
    bar.finish();
    std::fs::write(dir.join("letters.pdf"), pdf).context("letters.pdf")?;
    Ok(())
}

fn create_dir(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("création / creating {}", out.display()))?;
    for name in [
        "letters.pdf",
        "emails.mbox",
        "registry.csv",
        "ballot-box.json",
    ] {
        if out.join(name).exists() {
            bail!("{} existe déjà / already exists", out.join(name).display());
        }
    }
    Ok(())
}

fn generate(export_path: &Path, out: &Path, qr: bool) -> Result<()> {
    let text = std::fs::read_to_string(export_path)
        .with_context(|| format!("lecture / reading {}", export_path.display()))?;
    let export: Export = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: export illisible / unreadable export",
            export_path.display()
        )
    })?;
    if export.format != EXPORT_FORMAT {
        bail!(
            "{}: format {} attendu / expected",
            export_path.display(),
            EXPORT_FORMAT
        );
    }
    create_dir(out)?;
    let recipients: Vec<Recipient> = export
        .voters
        .iter()
        .map(|v| Recipient {
            key: v.matricule.clone(),
            elections: v.elections.clone(),
        })
        .collect();
    let bar = progress_bar(recipients.len(), "codes");
    let issued = issue(&export.scrutin_uid, &recipients, 0, &|n| {
        bar.set_position(n as u64)
    });
    bar.finish();
    if issued.codes.len() != export.voters.len() {
        bail!(
            "{} codes tirés pour / drawn for {} électeurs / electors",
            issued.codes.len(),
            export.voters.len()
        );
    }
    let ctx = &export.context;
    let mut postal = Vec::new();
    let mut emails = Vec::new();
    for (voter, code) in export.voters.iter().zip(&issued.codes) {
        match &voter.email {
            Some(email) => emails.push((email.clone(), code.code.to_string())),
            None => postal.push(Letter {
                name: voter.name.clone(),
                address_lines: voter.address_lines.clone(),
                postcode: voter.postcode.clone(),
                city: voter.city.clone(),
                country: voter.country.clone(),
                code: code.code.to_string(),
            }),
        }
    }
    write_letters(out, ctx, qr, &postal, &emails)?;
    let rows: Vec<(String, [u8; 32])> = issued
        .codes
        .iter()
        .map(|c| (c.key.clone(), c.login_verifier))
        .collect();
    std::fs::write(out.join("registry.csv"), registry_file(&rows))?;
    let list = credential_list(&export.scrutin_uid, &issued.public_keys);
    std::fs::write(
        out.join("ballot-box.json"),
        serde_json::to_vec_pretty(&list)?,
    )?;
    println!(
        "{} lettres, {} e-mails ; à téléverser / to upload: registry.csv, ballot-box.json",
        postal.len(),
        emails.len()
    );
    Ok(())
}

async fn import(dir: &Path, uid: &str, config: &ConfigArg) -> Result<()> {
    let installation = Installation::open(config.config.as_deref()).await?;
    let scrutin = find_scrutin(&installation, uid).await?;
    let registry = &installation.stores.registry;
    let registry_text =
        std::fs::read_to_string(dir.join("registry.csv")).context("registry.csv")?;
    let list_text =
        std::fs::read_to_string(dir.join("ballot-box.json")).context("ballot-box.json")?;
    let list: CredentialList = serde_json::from_str(&list_text).map_err(|e| {
        anyhow!(
            "ballot-box.json, line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let electors: BTreeMap<String, Vec<String>> = registry
        .scrutin_elector_voters(scrutin.id)
        .await?
        .into_iter()
        .map(|(e, v)| (v.voter.matricule, e.elections))
        .collect();
    let checked = read_registry_file("registry.csv", &registry_text).and_then(|rows| {
        check_upload(
            uid,
            &electors,
            ("registry.csv", rows),
            ("ballot-box.json", &list),
        )
    });
    let upload = match checked {
        Ok(upload) => upload,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem} / {}", problem.fr);
            }
            bail!(
                "rien n'a été enregistré / nothing was stored ({} problème(s) / problem(s))",
                problems.len()
            );
        }
    };
    let now = SystemClock.now().as_second();
    let n = import_authority(&installation.stores, &scrutin, &upload, now).await?;
    registry
        .journal(
            JournalKind::Setup,
            now,
            CLI_ACTOR,
            "identifiants importés (autorité) / credentials imported (authority)",
            &format!("{uid}: {n}"),
        )
        .await?;
    println!("{n} identifiants importés / credentials imported");
    Ok(())
}

async fn issue_on_server(uid: &str, out: &Path, config: &ConfigArg) -> Result<()> {
    let installation = Installation::open(config.config.as_deref()).await?;
    let scrutin = find_scrutin(&installation, uid).await?;
    let ctx = message_context(&installation, &scrutin).await?;
    create_dir(out)?;
    let registry = &installation.stores.registry;
    let (electors, voters): (Vec<_>, Vec<_>) = registry
        .scrutin_elector_voters(scrutin.id)
        .await?
        .into_iter()
        .unzip();
    let bar = progress_bar(electors.len(), "codes");
    let progress_bar = bar.clone();
    let now = SystemClock.now().as_second();
    let codes = issue_credentials(
        &installation.stores,
        &scrutin,
        &electors,
        CodeOrigin::Server,
        now,
        move |n| {
            progress_bar.set_position(n as u64);
        },
    )
    .await?;
    bar.finish();
    let mut postal = Vec::new();
    let mut emails = Vec::new();
    for ((_, code), stored) in codes.iter().zip(&voters) {
        let v = &stored.voter;
        match v
            .professional_email
            .clone()
            .filter(|_| channels(&v.address.country, true).identifiant_by_email)
        {
            Some(email) => emails.push((email, code.code.to_string())),
            None => postal.push(letter(v, &code.code)),
        }
    }
    drop(codes);
    if installation.config.smtp.is_some() {
        let delivery = urne_server::delivery::Delivery::from_config(&installation.config)?;
        write_pdf(out, &ctx, true, &postal)?;
        let mut failed = 0;
        for (to, code) in &emails {
            if let Err(error) = delivery
                .email(to, &messages::identifiant_email(&ctx, code))
                .await
            {
                failed += 1;
                eprintln!("{}: {error}", urne_server::delivery::masked(true, to));
            }
        }
        if failed > 0 {
            eprintln!(
                "{failed} e-mail(s) non envoyé(s) : ces électeurs obtiendront un nouvel identifiant \
                 par la restitution en ligne ou l'assistance / not sent: these voters can get a new \
                 identifiant through online recovery or the hotline"
            );
        }
    } else {
        write_letters(out, &ctx, true, &postal, &emails)?;
    }
    registry
        .journal(
            JournalKind::Setup,
            now,
            CLI_ACTOR,
            "identifiants émis (serveur) / credentials issued (server)",
            &format!("{uid}: {} lettres, {} e-mails", postal.len(), emails.len()),
        )
        .await?;
    println!(
        "{} lettres, {} e-mails dans / in {}",
        postal.len(),
        emails.len(),
        out.display()
    );
    Ok(())
}
