//! `urne simulate`: a whole CSE election simulated in this process, step by step, with the real
//! cryptography and no server (`urne demo` is the web election one can vote in).

use std::collections::HashSet;

use anyhow::{ensure, Result};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, RngCore};
use urne_crypto::acceptance::check_ballots_vartime;
use urne_crypto::ballot::tracker_of;
use urne_crypto::tally::{encrypted_tally, Tally};
use urne_crypto::{BallotShape, Choice, EncryptedBallot};

use crate::simulation::{random_choice, Bureau, Electorate};

/// Options of `urne simulate`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Number of voters who cast a ballot.
    #[arg(long, default_value_t = 20)]
    voters: usize,
    /// Members of the bureau de vote centralisateur.
    #[arg(long, default_value_t = 3)]
    members: u32,
    /// Members needed to decrypt (at least 2).
    #[arg(long, default_value_t = 2)]
    threshold: u32,
    /// Seed for reproducible runs (default: fresh randomness).
    #[arg(long)]
    seed: Option<u64>,
}

const LISTS: [(&str, &[&str]); 3] = [
    (
        "CFDT",
        &[
            "Alice Martin",
            "Bruno Petit",
            "Chloé Durand",
            "David Moreau",
        ],
    ),
    ("CGT", &["Emma Laurent", "Farid Benali", "Gaëlle Roux"]),
    (
        "Liste libre « Ensemble »",
        &["Hugo Fournier", "Inès Girard"],
    ),
];

fn describe(choice: &Choice) -> String {
    match choice {
        Choice::Blank => "vote blanc".into(),
        Choice::Nul => "vote nul".into(),
        Choice::List { list, struck } => {
            let (name, candidates) = LISTS[*list];
            if struck.is_empty() {
                name.to_string()
            } else {
                let names: Vec<&str> = struck.iter().map(|&c| candidates[c]).collect();
                format!("{name}, rature : {}", names.join(", "))
            }
        }
    }
}

/// Runs the demo.
pub(crate) fn run(args: &Args) -> Result<()> {
    ensure!(args.voters > 0, "--voters must be at least 1");
    let seed = args.seed.unwrap_or_else(|| OsRng.next_u64());
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let scrutin = "demo-cse-2026";
    let manifest = format!("{scrutin}/titulaires/cadres: {LISTS:?}");
    let shape = BallotShape::new(LISTS.iter().map(|(_, c)| c.len() as u32).collect())?;

    println!("urne simulate — élection CSE, titulaires, collège cadres (seed {seed})");
    println!(
        "\n1. Cérémonie des clés / key ceremony: {} members, threshold {}",
        args.members, args.threshold
    );
    let bureau = Bureau::ceremony([0x42; 32], args.members, args.threshold, &mut rng)?;
    for (index, sequence) in bureau.sequences.iter().enumerate() {
        let text = sequence.to_text();
        println!(
            "   member {}: séquence secrète {}…{} (written down, never stored)",
            index + 1,
            &text[..4],
            &text[text.len() - 4..]
        );
    }
    println!(
        "   qualified dealers {:?}; election key {}",
        bureau.outcome.qualified,
        hex::encode(bureau.outcome.election_key.compressed().as_bytes())
    );
    let ctx = bureau.context(manifest.as_bytes(), shape.clone());
    println!("   election fingerprint {}", hex::encode(ctx.fingerprint.0));

    println!(
        "\n2. Codes: {} voters receive a letter with their secret code",
        args.voters
    );
    let electorate = Electorate::new(args.voters, scrutin, "titulaires-cadres", &mut rng);
    println!(
        "   e.g. {} (the browser stretches it into a login token and a signing key)",
        electorate.codes[0].to_text().as_str()
    );
    println!(
        "   sealed credential list: {} public keys",
        electorate.sealed.len()
    );

    println!("\n3. Vote: ballots encrypted, proved and signed");
    let mut choices = Vec::with_capacity(args.voters);
    let mut ballots = Vec::with_capacity(args.voters);
    for (voter, keys) in electorate.keys.iter().enumerate() {
        let choice = random_choice(&shape, &mut rng);
        let ballot = EncryptedBallot::encrypt(&ctx, &choice, keys, &mut rng)?;
        let bytes = ballot.to_bytes();
        if voter < 5 || voter + 1 == args.voters {
            println!(
                "   voter {:>3}: tracker {} ({} bytes) — in clear, only the voter knows: {}",
                voter + 1,
                &hex::encode(tracker_of(&bytes))[..16],
                bytes.len(),
                describe(&choice)
            );
        } else if voter == 5 {
            println!("   …");
        }
        choices.push(choice);
        ballots.push(ballot);
    }

    println!("\n4. Checking the ballot box: sealed list, one ballot per credential, proofs");
    let results = check_ballots_vartime(&ctx, &electorate.sealed, &ballots, &mut rng);
    let accepted: Vec<&EncryptedBallot> = ballots
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_ok())
        .map(|(b, _)| b)
        .collect();
    println!(
        "   {} accepted, {} rejected",
        accepted.len(),
        results.len() - accepted.len()
    );
    let trackers: HashSet<[u8; 32]> = accepted.iter().map(|b| b.tracker()).collect();
    ensure!(
        trackers.len() == accepted.len(),
        "two accepted ballots share a tracker"
    );

    println!("\n5. Tally: the encrypted ballots are added, none is decrypted");
    let tally = encrypted_tally(&shape, accepted.iter().copied());
    println!("   {} encrypted sums", tally.len());

    let deciders: Vec<u32> = (1..=args.threshold).map(|i| args.members + 1 - i).collect();
    println!("\n6. Dépouillement: members {deciders:?} type their séquences secrètes and decrypt the sums");
    let (result, shares) =
        bureau.decrypt(&ctx, &tally, &deciders, accepted.len() as u64, &mut rng)?;
    println!(
        "   {} decryption shares, each with {} proofs, all valid",
        shares.len(),
        tally.len()
    );

    println!("\n7. Résultat / result");
    print_result(&result);
    let mut expected = vec![0u64; shape.choice_count() + shape.strike_count()];
    for choice in &choices {
        let (c, s) = choice.bits(&shape);
        for (sum, bit) in expected.iter_mut().zip(c.iter().chain(&s)) {
            *sum += bit;
        }
    }
    ensure!(
        Tally::from_counts(&shape, &expected).as_ref() == Some(&result),
        "decrypted tally differs from the ballots cast"
    );
    println!("\n   The decrypted counts equal the choices the simulated voters made.");
    Ok(())
}

fn print_result(result: &Tally) {
    for (list, (name, candidates)) in LISTS.iter().enumerate() {
        println!("   {name:<28} {:>5} bulletins", result.lists[list]);
        for (candidate, strikes) in candidates.iter().zip(&result.strikes[list]) {
            println!("      {candidate:<25} {strikes:>5} ratures");
        }
    }
    println!("   {:<28} {:>5}", "blancs", result.blank);
    println!("   {:<28} {:>5}", "nuls", result.nul);
    println!("   {:<28} {:>5}", "votants", result.ballots());
}
