//! A synthetic election record made with the real cryptography by one process that holds every
//! secret (every member's séquence, every voter's key): for the verifier's tests, its catalogue
//! of tampered records and its benchmark. Never an election: in one, no process holds two
//! séquences secrètes.

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRng, RngCore};
use urne_crypto::ballot::BallotContext;
use urne_crypto::credential::CredentialSeed;
use urne_crypto::dkg::{CeremonyOutcome, CeremonyParams, Dealing, SecretSequence};
use urne_crypto::dlog::DlogTable;
use urne_crypto::signing::SigningKey;
use urne_crypto::tally::Tally;
use urne_crypto::{BallotShape, Choice, Ciphertext, CredentialKeys, EncryptedBallot};
use urne_record::archive::ArchiveWriter;
use urne_record::batch::{BallotBatch, MAX_BATCH};
use urne_record::bureau::BureauKey;
use urne_record::ceremony::{self, CeremonySetup};
use urne_record::chain::{event_hash, ArchiveHeader, Envelope, GENESIS};
use urne_record::credentials::CredentialList;
use urne_record::kind;
use urne_record::manifest::{Body, Candidate, List, Manifest, Place, ScrutinRef};
use urne_record::receipt::ServerKey;
use urne_record::results::{ElectionResult, Electorate};
use urne_record::seal::{manifests_part, sha256_hex, Seal};
use urne_record::tally::{EncryptedTally, PartialDecryption};

/// One event before it is chained: kind, payload, a batch's ballots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// The kind.
    pub kind: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// A `ballots` event's ballots.
    pub ballots: Option<Vec<u8>>,
}

impl Published {
    fn new(kind: &str, payload: Vec<u8>) -> Self {
        Published {
            kind: kind.to_owned(),
            payload,
            ballots: None,
        }
    }
}

/// Who chooses what: `(election, voter, shape) → choice`.
pub type Chooser = dyn Fn(usize, usize, &BallotShape) -> Choice + Sync;

/// What to make.
pub struct Spec<'a> {
    /// The record's identifier.
    pub record: String,
    /// Each election: candidates per list, and seats.
    pub elections: Vec<(Vec<u32>, u32)>,
    /// Voters, each in every election.
    pub voters: usize,
    /// Voters who vote.
    pub votes: usize,
    /// Bureau members and threshold.
    pub members: u32,
    /// `t`.
    pub threshold: u32,
    /// The members who decrypt.
    pub decrypting: Vec<u32>,
    /// The voters' choices.
    pub choose: &'a Chooser,
    /// Threads making ballots.
    pub threads: usize,
}

/// The record, with the secrets that made it.
pub struct Synthetic {
    /// The record's identifier.
    pub record: String,
    /// The events, in order.
    pub events: Vec<Published>,
    /// The manifests.
    pub manifests: Vec<Manifest>,
    /// The ceremony's parameters.
    pub params: CeremonyParams,
    /// Its outcome.
    pub outcome: CeremonyOutcome,
    /// Its dealings (to re-derive key shares).
    pub dealings: Vec<Dealing>,
    /// Member `i`'s séquence at `i − 1`.
    pub sequences: Vec<SecretSequence>,
    /// Voter seeds: one key per election each.
    pub seeds: Vec<[u8; 64]>,
}

/// Why a synthetic record could not be made.
#[derive(Debug)]
pub struct SyntheticError(pub String);

impl core::fmt::Display for SyntheticError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SyntheticError {}

fn failed(e: impl core::fmt::Display) -> SyntheticError {
    SyntheticError(e.to_string())
}

/// The manifest of synthetic election `index`.
fn manifest(record: &str, index: usize, candidates: &[u32], seats: u32) -> Manifest {
    let unions = ["CFDT", "CFE-CGC", "CGT", "FO", "UNSA", "SUD", "CFTC", "SNB"];
    Manifest {
        body: if index % 2 == 0 {
            Body::Titulaires
        } else {
            Body::Suppleants
        },
        college: Place {
            code: format!("{}", index / 2 + 1),
            name: format!("Collège {}", index / 2 + 1),
        },
        election: format!("{record}-e{index}"),
        establishment: Place {
            code: "SIEGE".to_owned(),
            name: "Siège".to_owned(),
        },
        lists: candidates
            .iter()
            .enumerate()
            .map(|(l, &n)| List {
                candidates: (0..n)
                    .map(|c| Candidate {
                        first_name: format!("Prénom{c}"),
                        last_name: format!("NOM{l}{c}"),
                        sex: if c % 2 == 0 { "F" } else { "H" }.to_owned(),
                    })
                    .collect(),
                name: unions[l % unions.len()].to_owned(),
                union: Some(unions[l % unions.len()].to_owned()),
            })
            .collect(),
        organisation: "Synthétique SA".to_owned(),
        protocol: urne_crypto::PROTOCOL_VERSION.to_owned(),
        round: 1,
        scrutin: ScrutinRef {
            name: "Élections synthétiques".to_owned(),
            uid: record.to_owned(),
        },
        seats,
    }
}

/// Makes the record of `spec`, in memory.
///
/// # Errors
/// [`SyntheticError`] for a spec the cryptography refuses (threshold, choices).
pub fn build<R: RngCore + CryptoRng>(
    spec: &Spec,
    rng: &mut R,
) -> Result<Synthetic, SyntheticError> {
    let mut events = Vec::new();
    let mut synthetic = build_into(spec, rng, &mut |event| {
        events.push(event);
        Ok(())
    })?;
    synthetic.events = events;
    Ok(synthetic)
}

/// Makes the record of `spec`, handing each event to `sink` as soon as it is made (a batch of
/// ballots at a time), so that a record of a million ballots never sits in memory; the
/// returned [`Synthetic`] has no events.
///
/// # Errors
/// [`SyntheticError`] for a spec the cryptography refuses, or the sink's error.
pub fn build_into<R: RngCore + CryptoRng>(
    spec: &Spec,
    rng: &mut R,
    sink: &mut dyn FnMut(Published) -> std::io::Result<()>,
) -> Result<Synthetic, SyntheticError> {
    let record = spec.record.clone();
    let mut events = Sink(sink);
    let manifests: Vec<Manifest> = spec
        .elections
        .iter()
        .enumerate()
        .map(|(i, (candidates, seats))| manifest(&record, i, candidates, *seats))
        .collect();
    let fingerprints: Vec<_> = manifests.iter().map(Manifest::fingerprint).collect();
    for m in &manifests {
        events.push(Published::new(kind::MANIFEST, m.to_bytes()))?;
    }
    let seeds: Vec<[u8; 64]> = (0..spec.voters)
        .map(|_| {
            let mut seed = [0u8; 64];
            rng.fill_bytes(&mut seed);
            seed
        })
        .collect();
    let keys_of = |election: &str| -> Vec<CredentialKeys> {
        seeds
            .iter()
            .map(|s| CredentialSeed::from_bytes(*s).election_keys(election))
            .collect()
    };
    let keys: Vec<Vec<CredentialKeys>> = manifests.iter().map(|m| keys_of(&m.election)).collect();
    for (m, keys) in manifests.iter().zip(&keys) {
        let public: Vec<[u8; 32]> = keys
            .iter()
            .map(|k| k.public_key().compressed().to_bytes())
            .collect();
        events.push(Published::new(
            kind::CREDENTIALS,
            CredentialList::new(&m.election, "server", &public).to_bytes(),
        ))?;
    }
    // The ceremony, step by step, every message published.
    let setup = CeremonySetup {
        context: hex::encode(ceremony::context(&record, &fingerprints)),
        members: spec.members,
        threshold: spec.threshold,
    };
    events.push(Published::new(kind::CEREMONY, setup.to_bytes()))?;
    let params = setup.params().map_err(failed)?;
    let sequences: Vec<SecretSequence> = (0..spec.members)
        .map(|_| SecretSequence::generate(rng))
        .collect();
    let trustees: Vec<_> = sequences
        .iter()
        .zip(1..)
        .map(|(s, i)| s.trustee(&params, i))
        .collect();
    let announcements: Vec<_> = trustees.iter().map(|t| t.announce(&params, rng)).collect();
    for a in &announcements {
        events.push(Published::new(
            kind::CEREMONY_ANNOUNCEMENT,
            ceremony::announcement_to_json(a).into_bytes(),
        ))?;
    }
    let dealings = trustees
        .iter()
        .map(|t| t.deal(&params, &announcements, rng))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?;
    for d in &dealings {
        events.push(Published::new(
            kind::CEREMONY_DEALING,
            ceremony::dealing_to_json(d).into_bytes(),
        ))?;
    }
    let mut complaints = Vec::new();
    for (t, member) in trustees.iter().zip(1..) {
        let mine = t.check_dealings(&params, &dealings, rng);
        events.push(Published::new(
            kind::CEREMONY_COMPLAINTS,
            ceremony::member_complaints_to_json(member, &mine).into_bytes(),
        ))?;
        complaints.extend(mine);
    }
    let outcome = CeremonyOutcome::compute(&params, &announcements, &dealings, &complaints, rng)
        .map_err(failed)?;
    for t in &trustees {
        let (_, confirmation) = t
            .key_share(&params, &outcome, &dealings, rng)
            .map_err(failed)?;
        events.push(Published::new(
            kind::CEREMONY_CONFIRMATION,
            ceremony::confirmation_to_json(&confirmation).into_bytes(),
        ))?;
    }
    let bureau = BureauKey::from_outcome(spec.members, &outcome);
    events.push(Published::new(kind::BUREAU, bureau.to_bytes()))?;
    let mut server_seed = [0u8; 32];
    rng.fill_bytes(&mut server_seed);
    let server = SigningKey::from_seed(&server_seed);
    events.push(Published::new(
        kind::SERVER_KEY,
        ServerKey::of(&server.verifying_key()).to_bytes(),
    ))?;
    let seal = Seal::new(
        sha256_hex(b"synthetic binary"),
        sha256_hex(b"synthetic assets"),
        manifests_part(&fingerprints),
        sha256_hex(b"synthetic configuration"),
    );
    events.push(Published::new(kind::SEAL, seal.to_bytes()))?;
    // Ballots, batch by batch, each sorted by tracker; then tallies, shares and results.
    let mut seed = [0u8; 32];
    rng.fill_bytes(&mut seed);
    let mut tail = Vec::new();
    for (e, (m, keys)) in manifests.iter().zip(&keys).enumerate() {
        let shape = m.shape().map_err(failed)?;
        let ctx = BallotContext {
            fingerprint: m.fingerprint(),
            key: outcome.election_key.clone(),
            shape: shape.clone(),
        };
        let mut sums = vec![Ciphertext::zero(); shape.choice_count() + shape.strike_count()];
        let voting = &keys[..spec.votes.min(keys.len())];
        for (b, batch) in voting.chunks(MAX_BATCH).enumerate() {
            let first = b * MAX_BATCH;
            let mut encoded = make_ballots(spec, e, first, &ctx, batch, seed, &mut sums)?;
            encoded.sort_unstable_by_key(|(tracker, _)| *tracker);
            let trackers: Vec<[u8; 32]> = encoded.iter().map(|(t, _)| *t).collect();
            events.push(Published {
                kind: kind::BALLOTS.to_owned(),
                payload: BallotBatch::new(&m.election, &trackers).to_bytes(),
                ballots: Some(encoded.into_iter().flat_map(|(_, b)| b).collect()),
            })?;
        }
        let count = voting.len() as u64;
        tail.push(Published::new(
            kind::TALLY,
            EncryptedTally::new(&m.election, count, &sums).to_bytes(),
        ));
        let mut shares = Vec::new();
        for &member in &spec.decrypting {
            let sequence = sequences
                .get(member as usize - 1)
                .ok_or_else(|| failed("no such member"))?;
            let (share, _) = sequence
                .trustee(&params, member)
                .key_share(&params, &outcome, &dealings, rng)
                .map_err(failed)?;
            let decryption = share.decrypt_share(&ctx.fingerprint, &sums, rng);
            shares.push(PartialDecryption::new(&m.election, &decryption));
        }
        let (points, _) = urne_crypto::decryption::combine_vartime(
            &outcome,
            &ctx.fingerprint,
            &sums,
            &shares
                .iter()
                .map(|s| s.share())
                .collect::<Result<Vec<_>, _>>()
                .map_err(failed)?,
            rng,
        )
        .map_err(failed)?;
        let counts = Tally::from_points(&shape, &points, &DlogTable::new(count))
            .ok_or_else(|| failed("count"))?;
        let result = ElectionResult::compute(
            m,
            &counts,
            &Electorate {
                inscrits: spec.voters as u64,
                birthdates: Some(birthdates(m)),
            },
        )
        .map_err(failed)?;
        tail.extend(
            shares
                .iter()
                .map(|s| Published::new(kind::DECRYPTION, s.to_bytes())),
        );
        tail.push(Published::new(kind::RESULT, result.to_bytes()));
    }
    // Tallies first (in manifest order), then each election's shares and result.
    let (tallies, rest): (Vec<_>, Vec<_>) = tail.into_iter().partition(|p| p.kind == kind::TALLY);
    for event in tallies.into_iter().chain(rest) {
        events.push(event)?;
    }
    Ok(Synthetic {
        record,
        events: Vec::new(),
        manifests,
        params,
        outcome,
        dealings,
        sequences,
        seeds,
    })
}

/// Candidates' birth dates for a tie by age (R2314-21): list `l`'s born in `1960 + l`, so that
/// the first list's are the eldest.
fn birthdates(m: &Manifest) -> Vec<Vec<urne_rules::date::Date>> {
    m.lists
        .iter()
        .zip(1960..)
        .map(|(list, year)| {
            (1..)
                .take(list.candidates.len())
                .filter_map(|day| urne_rules::date::Date::new(year, 1, day))
                .collect()
        })
        .collect()
}

/// A ballot's tracker and bytes.
type Encoded = ([u8; 32], Vec<u8>);

/// Where `build_into` sends its events.
struct Sink<'a>(&'a mut dyn FnMut(Published) -> std::io::Result<()>);

impl Sink<'_> {
    fn push(&mut self, event: Published) -> Result<(), SyntheticError> {
        (self.0)(event).map_err(failed)
    }
}

/// Makes the ballots of voters `first…` of election `e` on `spec.threads` threads, each with
/// its own generator (from `seed`, the election and the first voter, so that the same spec
/// gives the same ballots); adds their ciphertexts to `sums`, returns each one's tracker and
/// bytes.
fn make_ballots(
    spec: &Spec,
    e: usize,
    first: usize,
    ctx: &BallotContext,
    keys: &[CredentialKeys],
    seed: [u8; 32],
    sums: &mut [Ciphertext],
) -> Result<Vec<Encoded>, SyntheticError> {
    let per_thread = keys.len().div_ceil(spec.threads.max(1)).max(1);
    let width = sums.len();
    std::thread::scope(|scope| {
        let handles: Vec<_> = keys
            .chunks(per_thread)
            .enumerate()
            .map(|(part, chunk)| {
                scope.spawn(move || {
                    let start = first + part * per_thread;
                    let mut seed = seed;
                    seed[..8].copy_from_slice(&(start as u64).to_le_bytes());
                    seed[8] ^= e as u8;
                    let mut rng = ChaCha20Rng::from_seed(seed);
                    let mut part_sums = vec![Ciphertext::zero(); width];
                    let mut ballots = Vec::with_capacity(chunk.len());
                    for (i, key) in chunk.iter().enumerate() {
                        let choice = (spec.choose)(e, start + i, &ctx.shape).normalized(&ctx.shape);
                        let ballot = EncryptedBallot::encrypt(ctx, &choice, key, &mut rng)
                            .map_err(failed)?;
                        for (sum, ct) in part_sums.iter_mut().zip(ballot.ciphertexts()) {
                            *sum = *sum + *ct;
                        }
                        ballots.push((ballot.tracker(), ballot.to_bytes()));
                    }
                    Ok::<_, SyntheticError>((ballots, part_sums))
                })
            })
            .collect();
        let mut out = Vec::with_capacity(keys.len());
        for handle in handles {
            let (ballots, part_sums) = handle
                .join()
                .map_err(|_| failed("a ballot thread stopped"))??;
            out.extend(ballots);
            for (sum, part) in sums.iter_mut().zip(part_sums) {
                *sum = *sum + part;
            }
        }
        Ok(out)
    })
}

/// Chains `events` of `record` and writes them as an archive (`docs/protocol.md` §14.3).
///
/// # Errors
/// The writer's.
pub fn write_archive<W: std::io::Write>(
    out: W,
    record: &str,
    events: &[Published],
) -> std::io::Result<W> {
    let envelopes = chain(record, events);
    let head = envelopes.last().map_or(GENESIS, |e| e.hash);
    let header = ArchiveHeader::new(record, 0, &GENESIS, events.len() as u64, &head);
    let mut writer = ArchiveWriter::new(out, &header)?;
    for (envelope, event) in envelopes.iter().zip(events) {
        writer.event(envelope, event.ballots.as_deref())?;
    }
    writer.finish()
}

/// The envelopes of `events`, chained.
pub fn chain(record: &str, events: &[Published]) -> Vec<Envelope> {
    let mut previous = GENESIS;
    events
        .iter()
        .zip(0u64..)
        .map(|(event, seq)| {
            let hash = event_hash(record, seq, &previous, &event.kind, &event.payload);
            previous = hash;
            Envelope {
                seq,
                kind: event.kind.clone(),
                payload: event.payload.clone(),
                hash,
            }
        })
        .collect()
}
