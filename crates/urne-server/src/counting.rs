//! Closing and counting (Articles 9.10 and 9.11 of the agreement, `docs/protocol.md` §9): after
//! the closing, each election's ballots are summed once into its encrypted tally (a `tally`
//! event); BVC members publish their decryption shares (checked against their verification
//! keys, a wrong one refused and named); once `t` valid shares of every election are in, the
//! counts are recovered and the results computed with `urne-rules` (a `result` event per
//! election). No ballot is ever decrypted, and nothing is decrypted before the closing.

use rand::rngs::OsRng;
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::TallyAccumulator;
use urne_record::batch::MAX_BATCH;
use urne_record::bureau::BureauKey;
use urne_record::counting::{decrypt, CountError};
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::results::{ElectionResult, Electorate, ResultError};
use urne_record::tally::{EncryptedTally, PartialDecryption};
use urne_record::FormatError;
use urne_rules::date::Date;
use urne_store::registry::{Scrutin, ScrutinStatus};
use urne_store::StoreError;

use crate::app::AppState;
use crate::voter::ballots::{gate_at, Gate};

/// Ballots read from the box at a time.
const PAGE: u32 = 2_000;

/// Why counting could not go on.
#[derive(Debug)]
#[non_exhaustive]
pub enum CountingError {
    /// The store failed.
    Store(StoreError),
    /// A stored payload is malformed (a bug or tampering); names it.
    Format(&'static str, FormatError),
    /// Voting is not closed: no decryption before the closing (Article 9.9).
    NotClosed,
    /// The key ceremony has not published the election key.
    NoKey,
    /// A stored ballot does not decode; names its election.
    Ballot(String),
    /// A share is refused: it does not decode, is for no election of this scrutin, or fails its
    /// proofs against the member's key. Names the member.
    WrongShare(u32),
    /// The member already published their share of this election.
    AlreadyShared(u32),
    /// Decryption failed with the shares given.
    Count(CountError),
    /// The results could not be computed (a tie the bureau must decide).
    Result(ResultError),
}

impl core::fmt::Display for CountingError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CountingError::Store(e) => write!(f, "{e}"),
            CountingError::Format(what, e) => write!(f, "{what}: {e}"),
            CountingError::NotClosed => write!(f, "voting is not closed"),
            CountingError::NoKey => write!(f, "the election key is not published"),
            CountingError::Ballot(election) => {
                write!(f, "a stored ballot of election {election} does not decode")
            }
            CountingError::WrongShare(member) => {
                write!(f, "the decryption share of member {member} is wrong")
            }
            CountingError::AlreadyShared(member) => {
                write!(f, "member {member} already published this share")
            }
            CountingError::Count(e) => write!(f, "{e}"),
            CountingError::Result(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CountingError {}

impl From<StoreError> for CountingError {
    fn from(e: StoreError) -> Self {
        CountingError::Store(e)
    }
}

/// What is counted: a scrutin's vote, or its scrutin à blanc (Article 9.8), whose record,
/// elections and credentials are the scrutin's with [`BLANC`] appended to their ids.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The scrutin.
    pub scrutin: &'a Scrutin,
    /// Whether this is its scrutin à blanc.
    pub blanc: bool,
}

/// The suffix of the scrutin à blanc's record and election ids.
pub const BLANC: &str = "~blanc";

impl<'a> Target<'a> {
    /// The vote itself.
    pub fn vote(scrutin: &'a Scrutin) -> Self {
        Target {
            scrutin,
            blanc: false,
        }
    }

    /// Its scrutin à blanc.
    pub fn blanc(scrutin: &'a Scrutin) -> Self {
        Target {
            scrutin,
            blanc: true,
        }
    }

    /// The record's uid.
    pub fn record(&self) -> String {
        if self.blanc {
            format!("{}{BLANC}", self.scrutin.record_uid)
        } else {
            self.scrutin.record_uid.clone()
        }
    }
}

/// The scrutin's record as counting needs it.
#[derive(Clone, Debug)]
pub struct Counting {
    /// The bureau's key.
    pub bureau: BureauKey,
    /// The manifests, in record order.
    pub manifests: Vec<Manifest>,
    /// The encrypted tallies, one per manifest, once summed.
    pub tallies: Vec<EncryptedTally>,
    /// Shares published so far.
    pub shares: Vec<PartialDecryption>,
    /// The results, once computed, one per manifest.
    pub results: Vec<ElectionResult>,
}

impl Counting {
    /// The members who published a share of every election.
    pub fn members_shared(&self) -> Vec<u32> {
        (1..=self.bureau.members)
            .filter(|m| {
                self.manifests.iter().all(|manifest| {
                    self.shares
                        .iter()
                        .any(|s| s.member == *m && s.election == manifest.election)
                })
            })
            .collect()
    }

    /// The tally of an election.
    pub fn tally(&self, election: &str) -> Option<&EncryptedTally> {
        self.tallies.iter().find(|t| t.election == election)
    }
}

fn parse<T>(
    what: &'static str,
    payloads: Vec<Vec<u8>>,
    read: impl Fn(&[u8]) -> Result<T, FormatError>,
) -> Result<Vec<T>, CountingError> {
    payloads
        .iter()
        .map(|p| read(p).map_err(|e| CountingError::Format(what, e)))
        .collect()
}

/// Reads what the record holds for counting.
///
/// # Errors
/// [`CountingError::NoKey`] before the ceremony's end; store and format errors.
pub async fn load(state: &AppState, target: &Target<'_>) -> Result<Counting, CountingError> {
    let ballot_box = &state.stores.ballot_box;
    let record = &target.record();
    let payloads = |k: &'static str| ballot_box.event_payloads(record, k);
    let bureau = parse(
        "bureau",
        payloads(kind::BUREAU).await?,
        BureauKey::from_bytes,
    )?
    .into_iter()
    .next()
    .ok_or(CountingError::NoKey)?;
    let manifests = parse(
        "manifest",
        payloads(kind::MANIFEST).await?,
        Manifest::from_bytes,
    )?;
    let mut tallies: Vec<EncryptedTally> = Vec::new();
    for tally in parse(
        "tally",
        payloads(kind::TALLY).await?,
        EncryptedTally::from_bytes,
    )? {
        // Two instances may have summed at once: the first tally of an election counts.
        if !tallies.iter().any(|t| t.election == tally.election) {
            tallies.push(tally);
        }
    }
    let shares = parse(
        "decryption",
        payloads(kind::DECRYPTION).await?,
        PartialDecryption::from_bytes,
    )?;
    let mut results: Vec<ElectionResult> = Vec::new();
    for result in parse(
        "result",
        payloads(kind::RESULT).await?,
        ElectionResult::from_bytes,
    )? {
        if !results.iter().any(|r| r.election == result.election) {
            results.push(result);
        }
    }
    Ok(Counting {
        bureau,
        manifests,
        tallies,
        shares,
        results,
    })
}

/// Closes voting now (the bureau's early closing; the programmed closing needs no action).
///
/// # Errors
/// Store errors.
pub async fn close(state: &AppState, scrutin: &Scrutin) -> Result<(), CountingError> {
    state
        .stores
        .registry
        .set_scrutin_status(scrutin.id, ScrutinStatus::Closed)
        .await?;
    Ok(())
}

/// Publishes the ballots still waiting for their batch, sums each election's published ballots
/// into its encrypted tally and appends the tallies to the record, once; afterwards returns what
/// is there. Sums read only the ciphertexts of ballots already accepted, page by page.
///
/// # Errors
/// [`CountingError::NotClosed`] while voting is not closed (the scrutin à blanc's closing is
/// its caller's); store and format errors.
pub async fn tallies(state: &AppState, target: &Target<'_>) -> Result<Counting, CountingError> {
    let scrutin = target.scrutin;
    if !target.blanc && gate_at(state.now(), scrutin) != Gate::Closed {
        return Err(CountingError::NotClosed);
    }
    let counting = load(state, target).await?;
    if counting.tallies.len() == counting.manifests.len() {
        return Ok(counting);
    }
    if !target.blanc && scrutin.status != ScrutinStatus::Closed {
        close(state, scrutin).await?;
    }
    // Every ballot still waiting for its batch goes into the record first (docs/protocol.md
    // §14.2): the tally sums the published ballots, exactly what a verifier sums.
    for manifest in &counting.manifests {
        state
            .stores
            .ballot_box
            .flush_batches(&target.record(), &manifest.election, MAX_BATCH)
            .await?;
    }
    let mut events = Vec::new();
    for manifest in &counting.manifests {
        let shape = manifest
            .shape()
            .map_err(|e| CountingError::Format("manifest", e))?;
        let mut sum = TallyAccumulator::new(&shape);
        let mut after: Option<Vec<u8>> = None;
        loop {
            let page = state
                .stores
                .ballot_box
                .ballot_page(&manifest.election, after.as_deref(), PAGE)
                .await?;
            let Some((last, _)) = page.last() else {
                break;
            };
            after = Some(last.clone());
            let ballots: Vec<Vec<u8>> = page.into_iter().map(|(_, b)| b).collect();
            let page_shape = shape.clone();
            let part =
                tokio::task::spawn_blocking(move || sum_on_every_core(&page_shape, &ballots))
                    .await
                    .map_err(|_| CountingError::Ballot(manifest.election.clone()))?
                    .map_err(|_| CountingError::Ballot(manifest.election.clone()))?;
            sum.merge(&part);
        }
        events.push(EncryptedTally::new(&manifest.election, sum.ballots(), sum.sums()).to_bytes());
    }
    let events: Vec<(&str, &[u8])> = events.iter().map(|e| (kind::TALLY, e.as_slice())).collect();
    state
        .stores
        .ballot_box
        .append_events(&target.record(), &events)
        .await?;
    load(state, target).await
}

/// Sums `ballots` split across the machine's cores (point decompression dominates).
fn sum_on_every_core(
    shape: &urne_crypto::BallotShape,
    ballots: &[Vec<u8>],
) -> Result<TallyAccumulator, urne_crypto::DecodeError> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = ballots.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = ballots
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut part = TallyAccumulator::new(shape);
                    for ballot in chunk {
                        part.add_bytes(ballot)?;
                    }
                    Ok(part)
                })
            })
            .collect();
        let mut sum = TallyAccumulator::new(shape);
        for part in parts {
            let part = part
                .join()
                .map_err(|_| urne_crypto::DecodeError::Field("tally thread"))??;
            sum.merge(&part);
        }
        Ok(sum)
    })
}

/// Member `member` publishes their decryption share of one election's tally (the bytes
/// `urne-wasm`'s `Trustee::decrypt_share` returns). The share is checked against the member's
/// verification key before it is stored; when it completes the shares needed, the results are
/// computed and published.
///
/// # Errors
/// [`CountingError::WrongShare`] naming the member; [`CountingError::NotClosed`]; store errors.
pub async fn publish_share(
    state: &AppState,
    target: &Target<'_>,
    member: u32,
    election: &str,
    share: &[u8],
) -> Result<(), CountingError> {
    let counting = tallies(state, target).await?;
    if counting
        .shares
        .iter()
        .any(|s| s.member == member && s.election == election)
    {
        return Err(CountingError::AlreadyShared(member));
    }
    let wrong = || CountingError::WrongShare(member);
    let manifest = counting
        .manifests
        .iter()
        .find(|m| m.election == election)
        .ok_or_else(wrong)?;
    let tally = counting.tally(election).ok_or_else(wrong)?;
    let decoded =
        urne_crypto::decryption::DecryptionShare::from_bytes(share).map_err(|_| wrong())?;
    if decoded.member != member {
        return Err(wrong());
    }
    let key = counting
        .bureau
        .outcome()
        .map_err(|e| CountingError::Format("bureau", e))?
        .verification_key(member)
        .ok_or_else(wrong)?;
    let sums = tally
        .sums()
        .map_err(|e| CountingError::Format("tally", e))?;
    let fingerprint = manifest.fingerprint();
    let valid = tokio::task::spawn_blocking(move || {
        decoded.verify_vartime(&fingerprint, &key, &sums, &mut OsRng)
    })
    .await
    .unwrap_or(false);
    if !valid {
        return Err(wrong());
    }
    let partial = PartialDecryption {
        election: election.to_owned(),
        member,
        share: hex::encode(share),
    };
    state
        .stores
        .ballot_box
        .append_event(&target.record(), kind::DECRYPTION, &partial.to_bytes())
        .await?;
    Ok(())
}

/// Computes and publishes the results once every election has `t` valid shares; returns them
/// (also when they were published before), or `None` while shares are missing.
///
/// # Errors
/// Decryption or rules errors (a tie only the bureau can break); store errors.
pub async fn results(
    state: &AppState,
    target: &Target<'_>,
) -> Result<Option<Vec<ElectionResult>>, CountingError> {
    let scrutin = target.scrutin;
    let counting = load(state, target).await?;
    if !counting.results.is_empty() && counting.results.len() == counting.manifests.len() {
        return Ok(Some(counting.results));
    }
    let enough = counting.manifests.iter().all(|m| {
        counting
            .shares
            .iter()
            .filter(|s| s.election == m.election)
            .count()
            >= counting.bureau.threshold as usize
    });
    if counting.tallies.len() != counting.manifests.len() || !enough {
        return Ok(None);
    }
    let registry = &state.stores.registry;
    let participation = registry.participation(scrutin.id).await?;
    let elections = registry.elections(scrutin.id).await?;
    let mut results = Vec::new();
    for manifest in &counting.manifests {
        let uid = manifest
            .election
            .strip_suffix(BLANC)
            .unwrap_or(&manifest.election);
        let election = elections
            .iter()
            .find(|e| e.election_uid == uid)
            .ok_or(StoreError::NotFound("election"))?;
        // The scrutin à blanc's electors are its test credentials.
        let inscrits = if target.blanc {
            state
                .stores
                .ballot_box
                .credential_counts(&manifest.election)
                .await?
                .values()
                .sum()
        } else {
            participation
                .iter()
                .find(|p| p.election_id == election.id)
                .map_or(0, |p| p.inscrits)
        };
        let electorate = Electorate {
            inscrits,
            birthdates: Some(birthdates(state, election.id, manifest).await?),
        };
        let tally = counting
            .tally(&manifest.election)
            .ok_or(CountingError::NoKey)?;
        let table = DlogTable::new(tally.ballots);
        let count = decrypt(
            &counting.bureau,
            manifest,
            tally,
            &counting.shares,
            &table,
            &mut OsRng,
        )
        .map_err(CountingError::Count)?;
        let result = ElectionResult::compute(manifest, &count.tally, &electorate)
            .map_err(CountingError::Result)?;
        results.push(result);
    }
    let payloads: Vec<Vec<u8>> = results.iter().map(ElectionResult::to_bytes).collect();
    let events: Vec<(&str, &[u8])> = payloads
        .iter()
        .map(|p| (kind::RESULT, p.as_slice()))
        .collect();
    state
        .stores
        .ballot_box
        .append_events(&target.record(), &events)
        .await?;
    Ok(Some(results))
}

/// The candidates' birth dates, list by list in the manifest's order, for ties (R2314-21);
/// a candidate without one gets none, and a tie that needs it is left to the bureau.
async fn birthdates(
    state: &AppState,
    election_id: i64,
    manifest: &Manifest,
) -> Result<Vec<Vec<Date>>, CountingError> {
    let registry = &state.stores.registry;
    let lists = registry.lists(election_id).await?;
    let mut out = Vec::new();
    for list in &manifest.lists {
        let mut dates = Vec::new();
        if let Some(stored) = lists.iter().find(|l| l.name == list.name) {
            for candidate in registry.candidates(stored.id).await? {
                if let Some(date) = candidate.birth_date {
                    dates.push(date);
                }
            }
        }
        // Only complete lists of dates are usable: positions must match.
        if dates.len() != list.candidates.len() {
            dates.clear();
        }
        out.push(dates);
    }
    Ok(out)
}
