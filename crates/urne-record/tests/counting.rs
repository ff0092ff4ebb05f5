//! Decrypting a tally with the bureau's shares: refused with 1 of 3, right with any 2, a wrong
//! share named.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use urne_crypto::ballot::BallotContext;
use urne_crypto::credential::CredentialSeed;
use urne_crypto::decryption::DecryptionError;
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::{Tally, TallyAccumulator};
use urne_crypto::{Choice, EncryptedBallot};
use urne_record::bureau::BureauKey;
use urne_record::counting::{decrypt, CountError};
use urne_record::manifest::{Body, Candidate, List, Manifest, Place, ScrutinRef};
use urne_record::tally::{EncryptedTally, PartialDecryption};

fn manifest(election: &str) -> Manifest {
    let list = |name: &str, n: usize| List {
        candidates: (0..n)
            .map(|i| Candidate {
                first_name: "Camille".to_owned(),
                last_name: format!("{name}{i}"),
                sex: "F".to_owned(),
            })
            .collect(),
        name: name.to_owned(),
        union: Some(name.to_owned()),
    };
    let place = |code: &str| Place {
        code: code.to_owned(),
        name: code.to_owned(),
    };
    Manifest {
        body: Body::Titulaires,
        college: place("C1"),
        election: election.to_owned(),
        establishment: place("E1"),
        lists: vec![list("A", 3), list("B", 2)],
        organisation: "Démo SA".to_owned(),
        protocol: "urne-1".to_owned(),
        round: 1,
        scrutin: ScrutinRef {
            name: "CSE".to_owned(),
            uid: "s1".to_owned(),
        },
        seats: 2,
    }
}

struct Scene {
    manifest: Manifest,
    ceremony: SimulatedCeremony,
    bureau: BureauKey,
    tally: EncryptedTally,
    expected: Tally,
    rng: ChaCha20Rng,
}

fn scene() -> Scene {
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let manifest = manifest("e1");
    let ceremony = SimulatedCeremony::run([7; 32], 3, 2, &mut rng).unwrap();
    let bureau = BureauKey::from_outcome(3, &ceremony.outcome);
    let shape = manifest.shape().unwrap();
    let ctx = BallotContext {
        fingerprint: manifest.fingerprint(),
        key: ceremony.outcome.election_key.clone(),
        shape: shape.clone(),
    };
    let choices = [
        Choice::List {
            list: 0,
            struck: vec![1],
        },
        Choice::List {
            list: 0,
            struck: vec![],
        },
        Choice::List {
            list: 1,
            struck: vec![0],
        },
        Choice::Blank,
        Choice::Nul,
    ];
    let mut accumulator = TallyAccumulator::new(&shape);
    let mut expected = Tally {
        lists: vec![0, 0],
        blank: 0,
        nul: 0,
        strikes: vec![vec![0; 3], vec![0; 2]],
    };
    for i in 0..23 {
        let choice = &choices[i % choices.len()];
        match choice {
            Choice::List { list, struck } => {
                expected.lists[*list] += 1;
                for &s in struck {
                    expected.strikes[*list][s] += 1;
                }
            }
            Choice::Blank => expected.blank += 1,
            Choice::Nul => expected.nul += 1,
        }
        let mut seed = [0u8; 64];
        rng.fill_bytes(&mut seed);
        let keys = CredentialSeed::from_bytes(seed).election_keys("e1");
        let ballot = EncryptedBallot::encrypt(&ctx, choice, &keys, &mut rng).unwrap();
        accumulator.add_bytes(&ballot.to_bytes()).unwrap();
    }
    let tally = EncryptedTally::new("e1", accumulator.ballots(), accumulator.sums());
    Scene {
        manifest,
        ceremony,
        bureau,
        tally,
        expected,
        rng,
    }
}

impl Scene {
    fn share(&mut self, member: u32) -> PartialDecryption {
        let sequence = &self.ceremony.sequences[member as usize - 1];
        let key = self
            .ceremony
            .key_share(member, sequence, &mut self.rng)
            .unwrap();
        let share = key.decrypt_share(
            &self.manifest.fingerprint(),
            &self.tally.sums().unwrap(),
            &mut self.rng,
        );
        PartialDecryption::new("e1", &share)
    }

    fn decrypt(&mut self, shares: &[PartialDecryption]) -> Result<Vec<u32>, CountError> {
        let table = DlogTable::new(self.tally.ballots);
        let count = decrypt(
            &self.bureau,
            &self.manifest,
            &self.tally,
            shares,
            &table,
            &mut self.rng,
        )?;
        assert_eq!(count.tally, self.expected);
        Ok(count.combined)
    }
}

#[test]
fn one_share_is_not_enough_and_any_two_are() {
    let mut scene = scene();
    let shares: Vec<PartialDecryption> = (1..=3).map(|m| scene.share(m)).collect();
    for one in &shares {
        assert_eq!(
            scene.decrypt(std::slice::from_ref(one)),
            Err(CountError::Decryption(DecryptionError::NotEnoughShares {
                valid: 1,
                needed: 2,
                rejected: vec![]
            }))
        );
    }
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        let combined = scene
            .decrypt(&[shares[a].clone(), shares[b].clone()])
            .unwrap();
        assert_eq!(combined, [a as u32 + 1, b as u32 + 1]);
    }
    assert_eq!(scene.decrypt(&shares).unwrap(), [1, 2]);
}

#[test]
fn a_wrong_share_is_named() {
    let mut scene = scene();
    let good = scene.share(1);
    // Member 3 sends member 2's factors under their own number: the proofs fail.
    let mut forged = scene.share(2);
    forged.member = 3;
    let mut bytes = hex::decode(&forged.share).unwrap();
    bytes[..4].copy_from_slice(&3u32.to_le_bytes());
    forged.share = hex::encode(bytes);
    assert_eq!(
        scene.decrypt(&[good.clone(), forged.clone()]),
        Err(CountError::Decryption(DecryptionError::NotEnoughShares {
            valid: 1,
            needed: 2,
            rejected: vec![3]
        }))
    );
    // A share of another election does not count for this one.
    let mut elsewhere = scene.share(2);
    elsewhere.election = "e2".to_owned();
    assert_eq!(
        scene.decrypt(&[good.clone(), elsewhere]),
        Err(CountError::Decryption(DecryptionError::NotEnoughShares {
            valid: 1,
            needed: 2,
            rejected: vec![]
        }))
    );
    // With a third, valid share, the count goes through and still names member 3.
    let third = scene.share(2);
    assert_eq!(scene.decrypt(&[good, forged, third]).unwrap(), [1, 2]);
}

#[test]
fn payloads_round_trip() {
    let mut scene = scene();
    let share = scene.share(1);
    assert_eq!(
        PartialDecryption::from_bytes(&share.to_bytes()).unwrap(),
        share
    );
    assert_eq!(
        EncryptedTally::from_bytes(&scene.tally.to_bytes()).unwrap(),
        scene.tally
    );
    assert_eq!(
        BureauKey::from_bytes(&scene.bureau.to_bytes()).unwrap(),
        scene.bureau
    );
}
