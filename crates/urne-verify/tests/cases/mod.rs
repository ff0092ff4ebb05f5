//! The honest synthetic record and its tampered copies, each with the check it must trip.

use std::path::Path;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use urne_crypto::credential::CredentialSeed;
use urne_crypto::{BallotShape, Choice, Ciphertext, EncryptedBallot};
use urne_record::archive::{entry, END};
use urne_record::batch::BallotBatch;
use urne_record::chain::{ArchiveHeader, Envelope, GENESIS};
use urne_verify::synthetic::{build, chain, write_archive, Published, Spec, Synthetic};

/// Election 0: lists of 2 and 3 candidates, 2 seats; election 1: 2 and 2, 1 seat. Six of eight
/// voters vote; no tie anywhere, so every result is decided by the rules alone.
fn choose(election: usize, voter: usize, _: &BallotShape) -> Choice {
    let list = |list, struck: Vec<usize>| Choice::List { list, struck };
    match (election, voter) {
        (0, 0 | 2) => list(0, vec![]),
        (0, 1) => list(0, vec![1]),
        (0, 3) => list(1, vec![2]),
        (0, 4) | (1, 3) => Choice::Blank,
        (0, _) => Choice::Nul,
        (1, 2 | 5) => list(0, vec![]),
        _ => list(1, vec![]),
    }
}

/// The honest record, the same bytes every time.
pub(crate) fn honest() -> Synthetic {
    let spec = Spec {
        record: "catalogue".to_owned(),
        elections: vec![(vec![2, 3], 2), (vec![2, 2], 1)],
        voters: 8,
        votes: 6,
        members: 3,
        threshold: 2,
        decrypting: vec![1, 3],
        choose: &choose,
        threads: 1,
    };
    build(&spec, &mut ChaCha20Rng::from_seed([9; 32])).expect("the honest record")
}

fn archive(record: &str, events: &[Published]) -> Vec<u8> {
    write_archive(Vec::new(), record, events).expect("in memory")
}

/// Two archives: events before `at`, and from `at` on.
pub(crate) fn split(synthetic: &Synthetic, at: usize) -> (Vec<u8>, Vec<u8>) {
    let envelopes = chain(&synthetic.record, &synthetic.events);
    let part = |range: std::ops::Range<usize>| {
        let previous = if range.start == 0 {
            GENESIS
        } else {
            envelopes[range.start - 1].hash
        };
        raw(
            &synthetic.record,
            previous,
            &envelopes[range.clone()],
            &synthetic.events[range],
        )
    };
    (part(0..at), part(at..envelopes.len()))
}

/// An archive of envelopes as given (hashes not recomputed).
fn raw(record: &str, previous: [u8; 32], envelopes: &[Envelope], events: &[Published]) -> Vec<u8> {
    let head = envelopes.last().map_or(previous, |e| e.hash);
    let first = envelopes.first().map_or(0, |e| e.seq);
    let header = ArchiveHeader::new(record, first, &previous, envelopes.len() as u64, &head);
    let mut out = entry("record.json", &header.to_bytes());
    for (envelope, event) in envelopes.iter().zip(events) {
        out.extend(entry(
            &format!("events/{:08}.json", envelope.seq),
            &envelope.to_bytes(),
        ));
        if let Some(ballots) = &event.ballots {
            out.extend(entry(&format!("events/{:08}.bin", envelope.seq), ballots));
        }
    }
    out.extend(END);
    out
}

fn position(events: &[Published], kind: &str, nth: usize) -> usize {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == kind)
        .nth(nth)
        .map(|(i, _)| i)
        .expect(kind)
}

fn edit_json(event: &mut Published, f: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_slice(&event.payload).expect("JSON");
    f(&mut value);
    event.payload = serde_json::to_vec(&value).expect("JSON");
}

/// Replaces the ballots of batch `at` with `ballots` (each re-hashed into the batch, in tracker
/// order), as a cheat who recomputes what can be recomputed would.
fn set_batch(events: &mut [Published], at: usize, ballots: Vec<Vec<u8>>) {
    let election = BallotBatch::from_bytes(&events[at].payload)
        .unwrap()
        .election;
    let mut hashed: Vec<([u8; 32], Vec<u8>)> = ballots
        .into_iter()
        .map(|b| (urne_crypto::ballot::tracker_of(&b), b))
        .collect();
    hashed.sort();
    let trackers: Vec<[u8; 32]> = hashed.iter().map(|(t, _)| *t).collect();
    events[at].payload = BallotBatch::new(&election, &trackers).to_bytes();
    events[at].ballots = Some(hashed.into_iter().flat_map(|(_, b)| b).collect());
}

fn ballots_of(event: &Published, size: usize) -> Vec<Vec<u8>> {
    event
        .ballots
        .as_ref()
        .unwrap()
        .chunks(size)
        .map(<[u8]>::to_vec)
        .collect()
}

/// A tampered record: its file, the check it trips, what was done.
struct Case {
    file: &'static str,
    check: &'static str,
    what: &'static str,
    bytes: Vec<u8>,
}

#[allow(clippy::too_many_lines)]
fn cases(s: &Synthetic) -> Vec<Case> {
    let record = s.record.as_str();
    let shape0 = s.manifests[0].shape().unwrap();
    let size0 = shape0.ballot_bytes();
    let batch0 = position(&s.events, "ballots", 0);
    let rechained = |f: &dyn Fn(&mut Vec<Published>)| {
        let mut events = s.events.clone();
        f(&mut events);
        archive(record, &events)
    };
    let mut out = Vec::new();
    let mut add = |file, check, what, bytes| {
        out.push(Case {
            file,
            check,
            what,
            bytes,
        })
    };

    add(
        "v01-manifest-not-canonical.tar",
        "V1",
        "a space added in the first manifest",
        rechained(&|ev| {
            ev[0].payload.insert(1, b' ');
        }),
    );
    add(
        "v01-manifest-without-lists.tar",
        "V1",
        "the first manifest has no list",
        rechained(&|ev| {
            edit_json(&mut ev[0], |v| v["lists"] = json!([]));
        }),
    );
    add(
        "v02-payload-changed.tar",
        "V2",
        "a result changed, the chain left as it was",
        {
            let envelopes = chain(record, &s.events);
            let mut events = s.events.clone();
            let at = position(&events, "result", 0);
            edit_json(&mut events[at], |v| v["nuls"] = json!(0));
            let mut envelopes = envelopes;
            envelopes[at].payload = events[at].payload.clone();
            raw(record, GENESIS, &envelopes, &events)
        },
    );
    add(
        "v02-event-removed.tar",
        "V2",
        "a decryption share removed, the chain left as it was",
        {
            let mut envelopes = chain(record, &s.events);
            let mut events = s.events.clone();
            let at = position(&events, "decryption", 0);
            envelopes.remove(at);
            events.remove(at);
            raw(record, GENESIS, &envelopes, &events)
        },
    );
    add("v02-events-swapped.tar", "V2", "the two tallies swapped", {
        let mut envelopes = chain(record, &s.events);
        let mut events = s.events.clone();
        let at = position(&events, "tally", 0);
        envelopes.swap(at, at + 1);
        events.swap(at, at + 1);
        raw(record, GENESIS, &envelopes, &events)
    });
    add(
        "v02-head-changed.tar",
        "V2",
        "the archive's head is another hash",
        {
            let envelopes = chain(record, &s.events);
            let mut bytes = raw(record, GENESIS, &envelopes, &s.events);
            let header = ArchiveHeader::new(record, 0, &GENESIS, envelopes.len() as u64, &[1; 32]);
            let first = entry("record.json", &header.to_bytes());
            let old = entry(
                "record.json",
                &ArchiveHeader::new(
                    record,
                    0,
                    &GENESIS,
                    envelopes.len() as u64,
                    &envelopes.last().unwrap().hash,
                )
                .to_bytes(),
            );
            bytes.splice(0..old.len(), first);
            bytes
        },
    );
    add(
        "v02-unknown-kind.tar",
        "V2",
        "an event of an unknown kind",
        rechained(&|ev| {
            ev.push(Published {
                kind: "note".to_owned(),
                payload: b"{}".to_vec(),
                ballots: None,
            });
        }),
    );
    add(
        "v03-seal-fingerprint.tar",
        "V3",
        "the seal's fingerprint is not its parts'",
        rechained(&|ev| {
            let at = position(ev, "seal", 0);
            edit_json(&mut ev[at], |v| {
                v["fingerprint"] = json!(hex::encode([3u8; 32]))
            });
        }),
    );
    add(
        "v03-seal-manifests.tar",
        "V3",
        "the seal covers other manifests",
        rechained(&|ev| {
            let at = position(ev, "seal", 0);
            let seal = urne_record::seal::Seal::new(
                urne_record::seal::sha256_hex(b"synthetic binary"),
                urne_record::seal::sha256_hex(b"synthetic assets"),
                urne_record::seal::sha256_hex(b"other manifests"),
                urne_record::seal::sha256_hex(b"synthetic configuration"),
            );
            ev[at].payload = seal.to_bytes();
        }),
    );
    add(
        "v04-context.tar",
        "V4",
        "the ceremony's context is another scrutin's",
        rechained(&|ev| {
            let at = position(ev, "ceremony", 0);
            edit_json(&mut ev[at], |v| {
                v["context"] = json!(hex::encode([4u8; 32]))
            });
        }),
    );
    add(
        "v04-candidate-renamed.tar",
        "V4",
        "a candidate's name changed in a manifest",
        rechained(&|ev| {
            edit_json(&mut ev[0], |v| {
                v["lists"][0]["candidates"][0]["last_name"] = json!("AUTRE")
            });
        }),
    );
    add(
        "v05-announcement-proof.tar",
        "V5",
        "member 2's announcement proof changed",
        rechained(&|ev| {
            let at = position(ev, "ceremony-announcement", 1);
            edit_json(&mut ev[at], |v| {
                let proof = v["proof"].as_str().unwrap().to_owned();
                v["proof"] = json!(format!("{}{}", &proof[..64], hex::encode([5u8; 32])));
            });
        }),
    );
    add(
        "v06-dealing-twice.tar",
        "V6",
        "member 2 deals twice",
        rechained(&|ev| {
            let at = position(ev, "ceremony-dealing", 1);
            let copy = ev[at].clone();
            ev.insert(at + 1, copy);
        }),
    );
    add(
        "v07-complaint-malformed.tar",
        "V7",
        "a complaint that does not decode",
        rechained(&|ev| {
            let at = position(ev, "ceremony-complaints", 0);
            edit_json(&mut ev[at], |v| {
                v["complaints"] =
                    json!([{"complainer": 1, "dealer": 2, "proof": "00", "shared_secret": "zz"}]);
            });
        }),
    );
    add(
        "v09-election-key.tar",
        "V9",
        "the bureau's key is not the ceremony's",
        rechained(&|ev| {
            let at = position(ev, "bureau", 0);
            edit_json(&mut ev[at], |v| {
                v["election_key"] = v["verification_keys"][0].clone()
            });
        }),
    );
    add(
        "v10-confirmation.tar",
        "V10",
        "member 3's confirmation proof changed",
        rechained(&|ev| {
            let at = position(ev, "ceremony-confirmation", 2);
            edit_json(&mut ev[at], |v| {
                let proof = v["proof"].as_str().unwrap().to_owned();
                v["proof"] = json!(format!("{}{}", &proof[..64], hex::encode([6u8; 32])));
            });
        }),
    );
    add(
        "v11-identity-credential.tar",
        "V11",
        "the identity added to a credential list",
        rechained(&|ev| {
            let at = position(ev, "credentials", 0);
            edit_json(&mut ev[at], |v| {
                v["keys"]
                    .as_array_mut()
                    .unwrap()
                    .insert(0, json!(hex::encode([0u8; 32])));
            });
        }),
    );
    add(
        "v12-ciphertext-not-a-point.tar",
        "V12",
        "a ciphertext that is no point, tracker recomputed",
        rechained(&|ev| {
            let mut ballots = ballots_of(&ev[batch0], size0);
            ballots[0][32..64].copy_from_slice(&[0xff; 32]);
            set_batch(ev, batch0, ballots);
        }),
    );
    add(
        "v13-ciphertext-swapped.tar",
        "V13",
        "a ballot's two first ciphertexts swapped, tracker recomputed",
        rechained(&|ev| {
            let mut ballots = ballots_of(&ev[batch0], size0);
            let first: Vec<u8> = ballots[0][32..96].to_vec();
            let second: Vec<u8> = ballots[0][96..160].to_vec();
            ballots[0][32..96].copy_from_slice(&second);
            ballots[0][96..160].copy_from_slice(&first);
            set_batch(ev, batch0, ballots);
        }),
    );
    add(
        "v13-signature.tar",
        "V13",
        "a ballot's signature changed, tracker recomputed",
        rechained(&|ev| {
            let mut ballots = ballots_of(&ev[batch0], size0);
            ballots[1][size0 - 32] ^= 1;
            set_batch(ev, batch0, ballots);
        }),
    );
    add(
        "v14-foreign-credential.tar",
        "V14",
        "a valid ballot signed with a key not in the list",
        rechained(&|ev| {
            let mut ballots = ballots_of(&ev[batch0], size0);
            let ctx = urne_crypto::ballot::BallotContext {
                fingerprint: s.manifests[0].fingerprint(),
                key: s.outcome.election_key.clone(),
                shape: shape0.clone(),
            };
            let stranger =
                CredentialSeed::from_bytes([42; 64]).election_keys(&s.manifests[0].election);
            let mut rng = ChaCha20Rng::from_seed([14; 32]);
            let ballot =
                EncryptedBallot::encrypt(&ctx, &Choice::Blank, &stranger, &mut rng).unwrap();
            ballots.push(ballot.to_bytes());
            set_batch(ev, batch0, ballots);
        }),
    );
    add(
        "v15-duplicate-ballot.tar",
        "V15",
        "a ballot published again in a second batch",
        rechained(&|ev| {
            let ballots = ballots_of(&ev[batch0], size0);
            let mut copy = ev[batch0].clone();
            set_batch(std::slice::from_mut(&mut copy), 0, vec![ballots[2].clone()]);
            ev.insert(batch0 + 1, copy);
        }),
    );
    add(
        "v16-tracker-mismatch.tar",
        "V16",
        "a ballot changed, its tracker left as it was",
        rechained(&|ev| {
            let bytes = ev[batch0].ballots.as_mut().unwrap();
            bytes[size0 + 40] ^= 1;
        }),
    );
    add(
        "v16-trackers-unsorted.tar",
        "V16",
        "the batch's first two ballots and trackers swapped",
        rechained(&|ev| {
            let mut batch = BallotBatch::from_bytes(&ev[batch0].payload).unwrap();
            batch.trackers.swap(0, 1);
            ev[batch0].payload = batch.to_bytes();
            let mut ballots = ballots_of(&ev[batch0], size0);
            ballots.swap(0, 1);
            ev[batch0].ballots = Some(ballots.concat());
        }),
    );
    add(
        "v17-dropped-ballot.tar",
        "V17",
        "a ballot removed from its batch",
        rechained(&|ev| {
            let mut ballots = ballots_of(&ev[batch0], size0);
            ballots.remove(3);
            set_batch(ev, batch0, ballots);
        }),
    );
    add(
        "v17-wrong-tally.tar",
        "V17",
        "a tally's first ciphertext changed",
        rechained(&|ev| {
            let at = position(ev, "tally", 0);
            edit_json(&mut ev[at], |v| {
                let text = v["ciphertexts"].as_str().unwrap().to_owned();
                v["ciphertexts"] = json!(format!("{}{}", &text[128..256], &text[128..]));
            });
        }),
    );
    add(
        "v17-ballots-after-tally.tar",
        "V17",
        "a batch published after the tallies",
        rechained(&|ev| {
            let batch = ev.remove(batch0);
            let at = position(ev, "tally", 1);
            ev.insert(at + 1, batch);
        }),
    );
    add(
        "v18-bad-share.tar",
        "V18",
        "a decryption factor changed",
        rechained(&|ev| {
            let at = position(ev, "decryption", 0);
            edit_json(&mut ev[at], |v| {
                let text = v["share"].as_str().unwrap().to_owned();
                // u32 member, u32 count, then the factors: the first replaced by the second.
                v["share"] = json!(format!("{}{}{}", &text[..16], &text[80..144], &text[80..]));
            });
        }),
    );
    add(
        "v21-shares-of-a-forged-tally.tar",
        "V21",
        "a forged tally, with valid shares of it",
        {
            let mut events = s.events.clone();
            let at = position(&events, "tally", 0);
            let mut rng = ChaCha20Rng::from_seed([21; 32]);
            let key = s.outcome.election_key.clone();
            let n = shape0.choice_count() + shape0.strike_count();
            let sums: Vec<Ciphertext> = (0..n).map(|_| key.encrypt(1000, &mut rng).0).collect();
            events[at].payload =
                urne_record::tally::EncryptedTally::new(&s.manifests[0].election, 6, &sums)
                    .to_bytes();
            let election = &s.manifests[0].election;
            let shares: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.kind == "decryption"
                        && String::from_utf8_lossy(&e.payload)
                            .contains(&format!("\"election\":\"{election}\""))
                })
                .map(|(i, _)| i)
                .collect();
            for (i, member) in shares.into_iter().zip([1u32, 3]) {
                let (share, _) = s.sequences[member as usize - 1]
                    .trustee(&s.params, member)
                    .key_share(&s.params, &s.outcome, &s.dealings, &mut rng)
                    .unwrap();
                let d = share.decrypt_share(&s.manifests[0].fingerprint(), &sums, &mut rng);
                events[i].payload =
                    urne_record::tally::PartialDecryption::new(election, &d).to_bytes();
            }
            archive(record, &events)
        },
    );
    add(
        "v23-published-ballots.tar",
        "V23",
        "a list's ballots changed in the result",
        rechained(&|ev| {
            let at = position(ev, "result", 0);
            edit_json(&mut ev[at], |v| v["lists"][0]["ballots"] = json!(4));
        }),
    );
    add(
        "v23-published-blancs.tar",
        "V23",
        "blancs changed in the result",
        rechained(&|ev| {
            let at = position(ev, "result", 1);
            edit_json(&mut ev[at], |v| v["blancs"] = json!(0));
        }),
    );
    add(
        "v24-seats.tar",
        "V24",
        "the seats given to the other list",
        rechained(&|ev| {
            let at = position(ev, "result", 1);
            edit_json(&mut ev[at], |v| {
                v["lists"][0]["seats"] = json!(1);
                v["lists"][1]["seats"] = json!(0);
            });
        }),
    );
    add(
        "v24-elected-name.tar",
        "V24",
        "an elected candidate's name changed in the result",
        rechained(&|ev| {
            let at = position(ev, "result", 0);
            edit_json(&mut ev[at], |v| {
                v["lists"][0]["candidates"][0]["last_name"] = json!("AUTRE")
            });
        }),
    );
    out
}

/// Writes the honest record, every tampered one and the catalogue.
pub(crate) fn regenerate(dir: &Path) {
    let s = honest();
    std::fs::create_dir_all(dir.join("tampered")).unwrap();
    std::fs::write(dir.join("honest.tar"), archive(&s.record, &s.events)).unwrap();
    let mut list = Vec::new();
    for case in cases(&s) {
        let file = format!("tampered/{}", case.file);
        std::fs::write(dir.join(&file), &case.bytes).unwrap();
        list.push(json!({"file": file, "check": case.check, "what": case.what}));
    }
    let catalogue = json!({
        "description": "An honest synthetic record (honest.tar: 2 elections, 8 voters, 6 ballots each, a bureau of 3 with threshold 2, decrypted by members 1 and 3) and copies changed one way each, with the check of docs/protocol.md §10 each must fail. Made by URNE_REGENERATE_RECORDS=1 cargo test -p urne-verify --test tampered, from ChaCha20 seeds.",
        "honest": "honest.tar",
        "tampered": list,
    });
    std::fs::write(
        dir.join("catalogue.json"),
        serde_json::to_string_pretty(&catalogue).unwrap() + "\n",
    )
    .unwrap();
}
