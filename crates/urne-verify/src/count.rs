//! The count (V17–V24): each encrypted tally against the sum of the accepted ballots, each
//! decryption share against its member's key, the combination and discrete logarithms, and
//! each published result recomputed from the counts with the counting rules.

use rand_core::OsRng;
use urne_crypto::decryption::DecryptionError;
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::Tally;
use urne_record::counting::{decrypt, CountError};
use urne_record::results::{ElectionResult, Electorate, ResultError};
use urne_record::tally::{EncryptedTally, PartialDecryption};

use crate::stream::Event;
use crate::verifier::{Phase, Verifier};

impl Verifier {
    pub(crate) fn tally(&mut self, event: &Event) {
        let item = Self::item(event);
        self.after(event, Phase::Keyed, "the bureau's key");
        self.report.ran(17);
        let tally = match EncryptedTally::from_bytes(&event.payload) {
            Ok(tally) => tally,
            Err(e) => return self.report.fail(17, item, e.to_string()),
        };
        let Some(e) = self.election_of(event, &tally.election) else {
            return;
        };
        let election = &mut self.elections[e];
        if election.tally.is_some() {
            return self.report.fail(17, item, "a second tally of the election");
        }
        if tally.ballots != election.summary.accepted {
            self.report.fail(
                17,
                &item,
                format!(
                    "says {} ballots; the record has {} accepted",
                    tally.ballots, election.summary.accepted
                ),
            );
        }
        match tally.sums() {
            Ok(sums) if sums.len() == election.sums.len() => {
                for (x, (published, computed)) in sums.iter().zip(&election.sums).enumerate() {
                    if published.to_bytes() != computed.to_bytes() {
                        self.report.fail(
                            17,
                            &item,
                            format!("ciphertext {x} is not the sum of the accepted ballots'"),
                        );
                    }
                }
            }
            Ok(sums) => self.report.fail(
                17,
                &item,
                format!("{} ciphertexts, not {}", sums.len(), election.sums.len()),
            ),
            Err(e) => self.report.fail(17, &item, e.to_string()),
        }
        election.tally = Some(tally);
    }

    pub(crate) fn decryption(&mut self, event: &Event) {
        let item = Self::item(event);
        self.report.ran(18);
        let share = match PartialDecryption::from_bytes(&event.payload) {
            Ok(share) => share,
            Err(e) => return self.report.fail(18, item, e.to_string()),
        };
        let Some(e) = self.election_of(event, &share.election) else {
            return;
        };
        if self.elections[e].tally.is_none() {
            self.report
                .fail(2, &item, "a decryption share before the election's tally");
        }
        self.elections[e].shares.push(share);
    }

    pub(crate) fn result(&mut self, event: &Event) {
        let item = Self::item(event);
        for check in 18..=24 {
            self.report.ran(check);
        }
        let published = match ElectionResult::from_bytes(&event.payload) {
            Ok(result) => result,
            Err(e) => return self.report.fail(24, item, e.to_string()),
        };
        let Some(e) = self.election_of(event, &published.election) else {
            return;
        };
        let election = &self.elections[e];
        if election.result.is_some() {
            return self.report.fail(2, item, "a second result of the election");
        }
        let (Some(tally), Some(bureau)) = (&election.tally, &self.bureau) else {
            return self
                .report
                .fail(2, item, "a result before the election's tally");
        };
        let table = DlogTable::new(tally.ballots);
        let count =
            match decrypt(
                bureau,
                &election.manifest,
                tally,
                &election.shares,
                &table,
                &mut OsRng,
            ) {
                Ok(count) => count,
                Err(error) => {
                    match error {
                    CountError::Decryption(DecryptionError::NotEnoughShares {
                        valid,
                        needed,
                        rejected,
                    }) => {
                        for member in rejected {
                            self.report
                                .fail(18, &item, format!("member {member}'s share is refused"));
                        }
                        self.report.fail(
                            19,
                            &item,
                            format!("{valid} valid shares, {needed} needed"),
                        );
                    }
                    CountError::OutOfRange => self.report.fail(
                        21,
                        &item,
                        "a decrypted count is out of range: the shares do not decrypt this tally",
                    ),
                    other => self.report.fail(20, &item, other.to_string()),
                }
                    return;
                }
            };
        for member in &count.rejected {
            self.report
                .fail(18, &item, format!("member {member}'s share is refused"));
        }
        self.consistent(&item, e, &count.tally);
        self.compare(&item, e, &count.tally, &published);
        self.recompute(&item, e, &count.tally, &published, &event.payload);
        self.elections[e].result = Some(published);
    }

    /// V22: the counts hold together.
    fn consistent(&mut self, item: &str, e: usize, counts: &Tally) {
        let manifest = &self.elections[e].manifest;
        for (i, (list, strikes)) in counts.lists.iter().zip(&counts.strikes).enumerate() {
            let n = manifest
                .lists
                .get(i)
                .map_or(0, |l| l.candidates.len() as u64);
            if strikes.iter().any(|s| s > list) {
                self.report.fail(
                    22,
                    item,
                    format!("list {i}: a candidate struck more often than chosen"),
                );
            }
            if strikes.iter().sum::<u64>() > n.saturating_sub(1) * list {
                self.report.fail(
                    22,
                    item,
                    format!("list {i}: more strikes than its ballots allow"),
                );
            }
        }
    }

    /// V23: the published counts are the decrypted ones.
    fn compare(&mut self, item: &str, _e: usize, counts: &Tally, published: &ElectionResult) {
        if published.blancs != counts.blank {
            self.report.fail(
                23,
                item,
                format!(
                    "blancs {} published, {} decrypted",
                    published.blancs, counts.blank
                ),
            );
        }
        if published.nuls != counts.nul {
            self.report.fail(
                23,
                item,
                format!(
                    "nuls {} published, {} decrypted",
                    published.nuls, counts.nul
                ),
            );
        }
        if published.lists.len() != counts.lists.len() {
            return self.report.fail(23, item, "not one entry per list");
        }
        for (i, (list, (&ballots, strikes))) in published
            .lists
            .iter()
            .zip(counts.lists.iter().zip(&counts.strikes))
            .enumerate()
        {
            if list.ballots != ballots {
                self.report.fail(
                    23,
                    item,
                    format!(
                        "list {i}: {} ballots published, {ballots} decrypted",
                        list.ballots
                    ),
                );
            }
            let ratures: Vec<u64> = list.candidates.iter().map(|c| c.ratures).collect();
            if &ratures != strikes {
                self.report.fail(
                    23,
                    item,
                    format!("list {i}: ratures {ratures:?} published, {strikes:?} decrypted"),
                );
            }
        }
    }

    /// V24: the result recomputed with the counting rules, byte for byte.
    fn recompute(
        &mut self,
        item: &str,
        e: usize,
        counts: &Tally,
        published: &ElectionResult,
        payload: &[u8],
    ) {
        let electorate = Electorate {
            inscrits: published.inscrits,
            birthdates: None,
        };
        match ElectionResult::compute(&self.elections[e].manifest, counts, &electorate) {
            Ok(result) if result.to_bytes() == payload => {}
            Ok(result) => {
                let fields = differences(&result, published);
                self.report.fail(
                    24,
                    item,
                    format!(
                        "differs from the result the rules give, in: {}",
                        fields.join(", ")
                    ),
                );
            }
            Err(ResultError::TieNeedsBirthdate { .. }) => {
                if by_some_age_order(&self.elections[e].manifest, counts, &electorate, payload) {
                    self.report.notes.push(format!(
                        "election {}: a seat goes to the eldest candidate (R2314-21); birth dates \
                         are not public, so the verifier checked that the published result is the \
                         one the rules give for some order of the candidates' ages",
                        published.election
                    ));
                } else {
                    self.report.fail(
                        24,
                        item,
                        "no order of the candidates' ages gives the published result",
                    );
                }
            }
            Err(error) => self.report.fail(24, item, error.to_string()),
        }
    }
}

/// Whether some order of the lists' candidates by age (each list's younger than the previous
/// list's, in every order of the lists when there are at most 7) gives exactly `payload`.
fn by_some_age_order(
    manifest: &urne_record::manifest::Manifest,
    counts: &Tally,
    electorate: &Electorate,
    payload: &[u8],
) -> bool {
    let lists = manifest.lists.len();
    let orders: Vec<Vec<usize>> = if lists <= 7 {
        permutations(lists)
    } else {
        (0..lists)
            .map(|first| {
                std::iter::once(first)
                    .chain((0..lists).filter(|&l| l != first))
                    .collect()
            })
            .collect()
    };
    orders.iter().any(|order| {
        let mut birthdates = vec![Vec::new(); lists];
        for (rank, &list) in order.iter().enumerate() {
            let n = manifest.lists[list].candidates.len();
            let year = 1950 + i32::try_from(rank).unwrap_or(0);
            let date = urne_rules::date::Date::new(year, 1, 1);
            birthdates[list] = date.map(|d| vec![d; n]).unwrap_or_default();
        }
        let electorate = Electorate {
            inscrits: electorate.inscrits,
            birthdates: Some(birthdates),
        };
        ElectionResult::compute(manifest, counts, &electorate)
            .is_ok_and(|result| result.to_bytes() == payload)
    })
}

/// Every order of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut order = rest.clone();
            order.insert(at, n - 1);
            out.push(order);
        }
    }
    out
}

/// The fields where two results differ, by name.
fn differences(a: &ElectionResult, b: &ElectionResult) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, same: bool| {
        if !same {
            out.push(name.to_owned());
        }
    };
    field("votants", a.votants == b.votants);
    field("sve", a.sve == b.sve);
    field("quotient", a.quotient == b.quotient);
    field(
        "quorum",
        a.quorum_reached == b.quorum_reached && a.quorum_threshold == b.quorum_threshold,
    );
    field("unfilled", a.unfilled == b.unfilled);
    field(
        "second_round_required",
        a.second_round_required == b.second_round_required,
    );
    field("seats", a.seats == b.seats && a.round == b.round);
    for (i, (x, y)) in a.lists.iter().zip(&b.lists).enumerate() {
        field(
            &format!("lists[{i}].seats"),
            x.seats == y.seats
                && x.seats_by_quotient == y.seats_by_quotient
                && x.seats_by_average == y.seats_by_average,
        );
        field(&format!("lists[{i}].elected"), x.elected == y.elected);
        field(
            &format!("lists[{i}].list_votes"),
            x.list_votes == y.list_votes,
        );
        field(
            &format!("lists[{i}].candidates"),
            x.candidates == y.candidates,
        );
        field(
            &format!("lists[{i}].name"),
            x.name == y.name && x.union == y.union,
        );
    }
    if out.is_empty() {
        out.push("its bytes".to_owned());
    }
    out
}
