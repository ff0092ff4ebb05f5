//! `urne bench cast`: casting under load, each ballot's proofs fully checked (issue 7).
//!
//! It prepares a scrutin with one election of 5 lists × 8 candidates and as many voters as
//! ballots, each with a credential in the sealed list and a voter session already logged in
//! (the login is not what is measured), encrypts every ballot beforehand, then starts real
//! `urne serve` processes on the same stores: on PostgreSQL two of them behind a round-robin
//! balancer, on SQLite one. The load is open-loop ([`crate::load`]): ballots arrive at
//! `--rate` per second from `--voters` simultaneous voters' connections, and each latency runs
//! from when the ballot was due. At the end it checks that the box holds exactly one ballot and
//! the émargement one mark per successful cast.
//!
//! Targets (PostgreSQL, 2 instances): at least 300 ballots/s sustained, p99 under 250 ms with
//! 2 000 simultaneous voters; the command fails (exit code 1) when they are missed.
#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use urne_crypto::credential::CredentialSeed;
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_crypto::EncryptedBallot;
use urne_server::app::AppState;
use urne_server::clock::SystemClock;
use urne_server::config::Secrets;
use urne_server::csrf::{self, CsrfKey};
use urne_setup::ChallengePepper;
use urne_store::registry::CodeOrigin;
use urne_store::Stores;

use crate::bench_scrutin::{cse_scrutin, CseScrutin};

use crate::load::{self, Outcome, Post};
use crate::serve::runtime;

const TARGET_RATE: f64 = 300.0;
const TARGET_P99_MS: f64 = 250.0;

/// Options of `urne bench cast`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Ballots offered per second.
    #[arg(long, default_value_t = 300.0)]
    rate: f64,
    /// Seconds of load.
    #[arg(long, default_value_t = 20)]
    seconds: u32,
    /// Simultaneous voters (connections).
    #[arg(long, default_value_t = 2000)]
    voters: usize,
    /// PostgreSQL server to run on, with 2 instances (default: URNE_TEST_PG); without one,
    /// SQLite with 1 instance.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
    /// Force SQLite even when URNE_TEST_PG is set.
    #[arg(long, conflicts_with = "postgres")]
    sqlite: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Where the stores are, for this process and the servers'.
struct Place {
    dir: PathBuf,
    /// PostgreSQL URLs of the registry and the ballot box (schemas in the fragment).
    urls: Option<(String, String)>,
}

impl Place {
    async fn stores(&self) -> Result<Stores> {
        Ok(match &self.urls {
            Some((registry, ballot_box)) => Stores::open_urls(registry, ballot_box).await?,
            None => Stores::open_sqlite_dir(&self.dir).await?,
        })
    }
}

/// The scrutin, its voters' credentials and sessions, and their ballots: the requests to send.
async fn prepare(
    place: &Place,
    secrets: &Secrets,
    ballots: usize,
    origin: &str,
) -> Result<(Vec<Post>, String)> {
    let stores = place.stores().await?;
    let registry = &stores.registry;
    let now = urne_server::clock::Clock::now(&SystemClock).as_second();
    let uid = "bench-cast".to_owned();
    let CseScrutin {
        scrutin_id,
        election_uid,
    } = cse_scrutin(registry, &uid, ballots, now - 60, now + 86_400, now).await?;
    let electors = registry.scrutin_electors(scrutin_id).await?;
    // Credentials without PBKDF2 (the browser's cost, not the server's): random seeds.
    let mut rng = rand::rngs::OsRng;
    let mut seeds = Vec::with_capacity(electors.len());
    let mut verifiers = Vec::with_capacity(electors.len());
    for elector in &electors {
        let mut seed = [0u8; 64];
        rng.fill_bytes(&mut seed);
        let seed = CredentialSeed::from_bytes(seed);
        verifiers.push((elector.voter_id, seed.login_token().verifier()));
        seeds.push(seed);
    }
    let keys: Vec<[u8; 32]> = seeds
        .iter()
        .map(|s| {
            s.election_keys(&election_uid)
                .public_key()
                .compressed()
                .to_bytes()
        })
        .collect();
    stores
        .ballot_box
        .add_credentials(&election_uid, &keys, "server")
        .await?;
    registry
        .issue_access_codes(scrutin_id, &verifiers, CodeOrigin::Server, now)
        .await?;
    let ceremony = SimulatedCeremony::run([7; 32], 3, 2, &mut rng)?;
    registry.set_lists_locked(scrutin_id, true).await?;
    let mut state = AppState::new(
        stores.clone(),
        Arc::new(SystemClock),
        CsrfKey::from_bytes(secrets.csrf_key),
        ChallengePepper::from_bytes(secrets.challenge_pepper),
        origin,
    );
    state.receipt_key = urne_crypto::signing::SigningKey::from_seed(&secrets.receipt_key);
    let scrutin = registry.scrutin(scrutin_id).await?;
    urne_server::opening::publish(&state, &scrutin, &urne_server::demo::bureau_key(&ceremony))
        .await
        .context("publication")?;
    let manifest = urne_server::opening::manifests(&stores, &scrutin)
        .await?
        .remove(0);
    let ctx = urne_crypto::ballot::BallotContext {
        fingerprint: manifest.fingerprint(),
        key: ceremony.outcome.election_key.clone(),
        shape: manifest.shape()?,
    };
    // Sessions, logged in, one per voter.
    let csrf_key = CsrfKey::from_bytes(secrets.csrf_key);
    let mut sessions = Vec::with_capacity(electors.len());
    for (_, verifier) in &verifiers {
        let code = registry
            .access_code_by_verifier(verifier)
            .await?
            .context("code just issued")?;
        let mut token = [0u8; 32];
        rng.fill_bytes(&mut token);
        let token = hex::encode(token);
        let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        registry
            .create_voter_session(&hash, scrutin_id, Some(code.id), "in", now + 86_400)
            .await?;
        sessions.push((csrf::token(&csrf_key, &token), token));
    }
    // Every ballot encrypted beforehand, on every core: the browser's work, not measured.
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = seeds.len().div_ceil(threads);
    let bodies: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .chunks(chunk)
            .map(|chunk| {
                let (ctx, election_uid) = (&ctx, &election_uid);
                scope.spawn(move || {
                    let mut rng = rand::rngs::OsRng;
                    chunk
                        .iter()
                        .map(|seed| {
                            let keys = seed.election_keys(election_uid);
                            let choice = crate::simulation::random_choice(&ctx.shape, &mut rng);
                            EncryptedBallot::encrypt(ctx, &choice, &keys, &mut rng)
                                .map(|b| hex::encode(b.to_bytes()))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("encryption thread panicked"))?
                    .map_err(anyhow::Error::from)
            })
            .collect::<Result<Vec<Vec<String>>>>()
    })?
    .into_iter()
    .flatten()
    .collect();
    eprintln!(
        "{} ballots encrypted in {:.1} s (not measured)",
        bodies.len(),
        started.elapsed().as_secs_f64()
    );
    let posts = sessions
        .into_iter()
        .zip(bodies)
        .map(|((csrf, token), ballot)| Post {
            path: format!("/vote/{uid}/elections/{election_uid}/cast"),
            cookie: format!("urne_voter={token}"),
            body: format!("csrf={csrf}&ballot={ballot}"),
        })
        .collect();
    Ok((posts, election_uid))
}

/// An `urne serve` on `port`, on the stores of `place`.
fn serve(place: &Place, secrets_file: &Path, port: u16, public: &str) -> Result<Child> {
    let mut command = Command::new(std::env::current_exe()?);
    command
        .arg("serve")
        .env("URNE_LISTEN", format!("127.0.0.1:{port}"))
        .env("URNE_PUBLIC_URL", public)
        .env("URNE_DATA_DIR", &place.dir)
        .env("URNE_SECRETS_FILE", secrets_file)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some((registry, ballot_box)) = &place.urls {
        command
            .env("URNE_REGISTRY_URL", registry)
            .env("URNE_BALLOT_BOX_URL", ballot_box);
    }
    command.spawn().context("urne serve")
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

pub(crate) fn run(args: &Args) -> Result<()> {
    ensure!(
        args.rate > 0.0 && args.seconds > 0 && args.voters > 0,
        "--rate, --seconds and --voters must be positive"
    );
    let postgres = if args.sqlite {
        None
    } else {
        args.postgres
            .clone()
            .or_else(|| std::env::var("URNE_TEST_PG").ok().filter(|u| !u.is_empty()))
    };
    let tag = format!("bench_cast_{}", std::process::id());
    let dir = std::env::temp_dir().join(&tag);
    std::fs::create_dir_all(&dir)?;
    let place = Place {
        urls: postgres.as_ref().map(|url| {
            (
                format!("{url}#{tag}_registry"),
                format!("{url}#{tag}_ballot_box"),
            )
        }),
        dir,
    };
    let instances = if place.urls.is_some() { 2 } else { 1 };
    let outcome = runtime()?.block_on(measure(args, &place, instances));
    runtime()?.block_on(async {
        if place.urls.is_some() {
            if let Ok(stores) = place.stores().await {
                let _ = stores.registry.db().drop_schema().await;
                let _ = stores.ballot_box.db().drop_schema().await;
            }
        }
    });
    let _ = std::fs::remove_dir_all(&place.dir);
    outcome
}

async fn measure(args: &Args, place: &Place, instances: usize) -> Result<()> {
    let ballots = (args.rate * f64::from(args.seconds)).round() as usize;
    let secrets_file = place.dir.join("secrets.toml");
    let secrets = Secrets::load_or_create(&secrets_file)?;
    let front_port = free_port()?;
    let origin = format!("http://127.0.0.1:{front_port}");
    let backend = if instances == 1 {
        "SQLite, 1 instance"
    } else {
        "PostgreSQL, 2 instances behind a balancer"
    };
    eprintln!("urne bench cast — {backend}: preparing {ballots} voters and ballots…");
    let (posts, election) = prepare(place, &secrets, ballots, &origin).await?;
    let mut servers = Vec::new();
    let mut addresses = Vec::new();
    if instances == 1 {
        servers.push(serve(place, &secrets_file, front_port, &origin)?);
        addresses.push(format!("127.0.0.1:{front_port}"));
    } else {
        for _ in 0..instances {
            let port = free_port()?;
            servers.push(serve(place, &secrets_file, port, &origin)?);
            addresses.push(format!("127.0.0.1:{port}"));
        }
    }
    for address in &addresses {
        load::wait_for(address).await?;
    }
    if instances > 1 {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", front_port)).await?;
        load::balance(listener, addresses.clone());
    }
    eprintln!(
        "casting {ballots} ballots at {} per second from {} voters…",
        args.rate, args.voters
    );
    let started = Instant::now();
    let outcomes = load::run(
        &format!("127.0.0.1:{front_port}"),
        &origin,
        posts,
        args.rate,
        args.voters,
    )
    .await;
    let wall = started.elapsed().as_secs_f64();
    for server in &mut servers {
        let _ = server.kill();
        let _ = server.wait();
    }
    report(args, backend, instances, &outcomes, wall, place, &election).await
}

async fn report(
    args: &Args,
    backend: &str,
    instances: usize,
    outcomes: &[Outcome],
    wall: f64,
    place: &Place,
    election: &str,
) -> Result<()> {
    let ok: Vec<&Outcome> = outcomes.iter().filter(|o| o.status == 200).collect();
    let mut latencies: Vec<Duration> = ok.iter().map(|o| o.latency).collect();
    latencies.sort();
    let last = ok
        .iter()
        .map(|o| o.done)
        .max()
        .unwrap_or_default()
        .as_secs_f64();
    let throughput = ok.len() as f64 / last.max(f64::EPSILON);
    let (p50, p99, max) = (
        load::quantile(&latencies, 0.5).as_secs_f64() * 1e3,
        load::quantile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    let stores = place.stores().await?;
    let in_box = stores.ballot_box.ballot_count(election).await?;
    let scrutin = stores.registry.scrutin_by_uid("bench-cast").await?;
    let id = stores.registry.elections(scrutin.id).await?[0].id;
    let marks = stores.registry.emargement_count(id).await?;
    let pass = throughput >= TARGET_RATE * 0.98 && p99 < TARGET_P99_MS;
    if args.json {
        println!(
            "{}",
            json!({
                "backend": backend, "instances": instances, "offered_per_s": args.rate,
                "voters": args.voters, "ballots": outcomes.len(), "accepted": ok.len(),
                "throughput_per_s": throughput, "p50_ms": p50, "p99_ms": p99, "max_ms": max,
                "wall_s": wall, "ballots_in_box": in_box, "emargements": marks, "pass": pass,
            })
        );
    } else {
        println!(
            "urne bench cast — {backend}, {} simultaneous voters",
            args.voters
        );
        println!(
            "  offered {:.0} ballots/s for {} s: {} ballots",
            args.rate,
            args.seconds,
            outcomes.len()
        );
        println!(
            "  accepted {} ({} refused or failed)",
            ok.len(),
            outcomes.len() - ok.len()
        );
        println!("  throughput {throughput:.0} ballots/s (each ballot's proofs checked)");
        println!("  latency from when due: p50 {p50:.0} ms, p99 {p99:.0} ms, max {max:.0} ms");
        println!("  ballot box {in_box}, émargement {marks}");
        println!(
            "  targets (PostgreSQL, 2 instances): ≥ {TARGET_RATE:.0}/s, p99 < {TARGET_P99_MS:.0} ms — {}",
            if pass { "met" } else { "missed" }
        );
    }
    ensure!(in_box == marks && in_box == ok.len() as u64, "the ballot box ({in_box}) and the émargement ({marks}) disagree with the accepted casts ({})", ok.len());
    if instances > 1 {
        ensure!(pass, "targets missed");
    }
    Ok(())
}
