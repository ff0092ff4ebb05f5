//! Ballots: honest ones verify and round-trip; every way of cheating is refused, and the failing
//! proof is named (`docs/protocol.md` §6.6).

use urne_crypto::ballot::hazmat::encrypt_bits;
use urne_crypto::ballot::{BallotContext, BallotError};
use urne_crypto::{BallotShape, Choice, ChoiceError, ElectionFingerprint, EncryptedBallot};

use crate::{credential, rng, Bureau};

fn context() -> BallotContext {
    let mut rng = rng(100);
    Bureau::ceremony(3, 2, &mut rng).context(BallotShape::new(vec![3, 2, 4]).unwrap())
}

fn assert_proof_fails(result: Result<(), BallotError>, label: &str) {
    match result {
        Err(BallotError::Proof { label: l, .. }) => assert_eq!(l, label),
        other => panic!("expected a failing {label} proof, got {other:?}"),
    }
}

#[test]
fn honest_ballots_verify_and_round_trip() {
    let ctx = context();
    let mut rng = rng(1);
    let choices = [
        Choice::List {
            list: 0,
            struck: vec![],
        },
        Choice::List {
            list: 2,
            struck: vec![0, 3, 2],
        },
        Choice::List {
            list: 1,
            struck: vec![1],
        },
        Choice::Blank,
        Choice::Nul,
    ];
    for choice in choices {
        let ballot =
            EncryptedBallot::encrypt(&ctx, &choice, &credential(&mut rng), &mut rng).unwrap();
        ballot.verify_vartime(&ctx, &mut rng).unwrap();
        let bytes = ballot.to_bytes();
        assert_eq!(bytes.len(), ctx.shape.ballot_bytes());
        assert_eq!(
            EncryptedBallot::from_bytes(&ctx.shape, &bytes).unwrap(),
            ballot
        );
    }
}

#[test]
fn ballot_of_5_lists_of_8_is_14_720_bytes() {
    assert_eq!(BallotShape::new(vec![8; 5]).unwrap().ballot_bytes(), 14_720);
}

#[test]
fn two_lists_chosen_is_refused() {
    let ctx = context();
    let mut rng = rng(2);
    let ballot = encrypt_bits(
        &ctx,
        &[1, 1, 0, 0, 0],
        &[0; 9],
        &credential(&mut rng),
        &mut rng,
    );
    assert_proof_fails(ballot.verify_vartime(&ctx, &mut rng), "choice-sum");
}

#[test]
fn no_choice_at_all_is_refused() {
    let ctx = context();
    let mut rng = rng(3);
    let ballot = encrypt_bits(
        &ctx,
        &[0, 0, 0, 0, 0],
        &[0; 9],
        &credential(&mut rng),
        &mut rng,
    );
    assert_proof_fails(ballot.verify_vartime(&ctx, &mut rng), "choice-sum");
}

#[test]
fn a_value_of_two_is_refused() {
    let ctx = context();
    let mut rng = rng(4);
    let ballot = encrypt_bits(
        &ctx,
        &[2, 0, 0, 0, 0],
        &[0; 9],
        &credential(&mut rng),
        &mut rng,
    );
    assert!(ballot.verify_vartime(&ctx, &mut rng).is_err());
}

#[test]
fn strike_on_a_list_not_chosen_is_refused() {
    let ctx = context();
    let mut rng = rng(5);
    // List 0 chosen, a candidate of list 1 struck (strike index 3 + 1).
    let mut strikes = [0u64; 9];
    strikes[4] = 1;
    let ballot = encrypt_bits(
        &ctx,
        &[1, 0, 0, 0, 0],
        &strikes,
        &credential(&mut rng),
        &mut rng,
    );
    assert_proof_fails(ballot.verify_vartime(&ctx, &mut rng), "strike");
}

#[test]
fn strike_with_a_blank_vote_is_refused() {
    let ctx = context();
    let mut rng = rng(6);
    let mut strikes = [0u64; 9];
    strikes[0] = 1;
    let ballot = encrypt_bits(
        &ctx,
        &[0, 0, 0, 1, 0],
        &strikes,
        &credential(&mut rng),
        &mut rng,
    );
    assert_proof_fails(ballot.verify_vartime(&ctx, &mut rng), "strike");
}

/// docs/protocol.md §6: a list with every candidate struck counts as blank, and cannot be cast.
#[test]
fn every_candidate_struck_counts_as_blank() {
    let ctx = context();
    let mut rng = rng(7);
    let all_struck = Choice::List {
        list: 1,
        struck: vec![1, 0],
    };
    assert_eq!(
        all_struck.validate(&ctx.shape),
        Err(ChoiceError::AllCandidatesStruck)
    );
    let credential = credential(&mut rng);
    assert_eq!(
        EncryptedBallot::encrypt(&ctx, &all_struck, &credential, &mut rng),
        Err(ChoiceError::AllCandidatesStruck)
    );
    assert_eq!(all_struck.normalized(&ctx.shape), Choice::Blank);
    let ballot = encrypt_bits(
        &ctx,
        &[0, 1, 0, 0, 0],
        &[0, 0, 0, 1, 1, 0, 0, 0, 0],
        &credential,
        &mut rng,
    );
    assert_proof_fails(ballot.verify_vartime(&ctx, &mut rng), "strike-range");
}

#[test]
fn bad_choices_are_named() {
    let ctx = context();
    assert_eq!(
        Choice::List {
            list: 3,
            struck: vec![]
        }
        .validate(&ctx.shape),
        Err(ChoiceError::NoSuchList { list: 3 })
    );
    assert_eq!(
        Choice::List {
            list: 0,
            struck: vec![1, 1]
        }
        .validate(&ctx.shape),
        Err(ChoiceError::BadStrike {
            list: 0,
            candidate: 1
        })
    );
    assert_eq!(
        Choice::List {
            list: 0,
            struck: vec![3]
        }
        .validate(&ctx.shape),
        Err(ChoiceError::BadStrike {
            list: 0,
            candidate: 3
        })
    );
    assert_eq!(BallotShape::new(vec![]), Err(ChoiceError::EmptyShape));
    assert_eq!(BallotShape::new(vec![2, 0]), Err(ChoiceError::EmptyShape));
}

#[test]
fn wrong_election_fingerprint_is_refused() {
    let ctx = context();
    let mut rng = rng(8);
    let ballot =
        EncryptedBallot::encrypt(&ctx, &Choice::Blank, &credential(&mut rng), &mut rng).unwrap();
    let other = BallotContext {
        fingerprint: ElectionFingerprint::of_manifest(b"another election"),
        ..ctx
    };
    assert!(ballot.verify_vartime(&other, &mut rng).is_err());
}

#[test]
fn tampered_bytes_are_refused() {
    let ctx = context();
    let mut rng = rng(9);
    let ballot = EncryptedBallot::encrypt(
        &ctx,
        &Choice::List {
            list: 2,
            struck: vec![1],
        },
        &credential(&mut rng),
        &mut rng,
    )
    .unwrap();
    let bytes = ballot.to_bytes();
    // Flip one bit in every region: credential, ciphertexts, proofs, signature.
    for position in [
        3,
        40,
        32 + 64 * 5 + 7,
        32 + 64 * 14 + 100,
        bytes.len() - 40,
        bytes.len() - 3,
    ] {
        let mut tampered = bytes.clone();
        tampered[position] ^= 1;
        let rejected = match EncryptedBallot::from_bytes(&ctx.shape, &tampered) {
            Err(_) => true,
            Ok(ballot) => ballot.verify_vartime(&ctx, &mut rng).is_err(),
        };
        assert!(rejected, "byte {position}");
    }
    assert!(EncryptedBallot::from_bytes(&ctx.shape, &bytes[1..]).is_err());
}

#[test]
fn signature_by_another_key_is_refused() {
    let ctx = context();
    let mut rng = rng(10);
    let honest =
        EncryptedBallot::encrypt(&ctx, &Choice::Nul, &credential(&mut rng), &mut rng).unwrap();
    let forger =
        EncryptedBallot::encrypt(&ctx, &Choice::Nul, &credential(&mut rng), &mut rng).unwrap();
    // The honest ballot's body with the forger's signature.
    let mut bytes = honest.to_bytes();
    let signature = forger.to_bytes()[bytes.len() - 64..].to_vec();
    let len = bytes.len();
    bytes[len - 64..].copy_from_slice(&signature);
    let spliced = EncryptedBallot::from_bytes(&ctx.shape, &bytes).unwrap();
    assert_eq!(
        spliced.verify_vartime(&ctx, &mut rng),
        Err(BallotError::Signature)
    );
}

#[test]
fn batch_finds_the_bad_ballots() {
    let ctx = context();
    let mut rng = rng(11);
    let mut ballots: Vec<EncryptedBallot> = (0..9)
        .map(|i| {
            let choice = if i % 3 == 0 {
                Choice::Blank
            } else {
                Choice::List {
                    list: i % 3,
                    struck: vec![0],
                }
            };
            EncryptedBallot::encrypt(&ctx, &choice, &credential(&mut rng), &mut rng).unwrap()
        })
        .collect();
    ballots[4] = encrypt_bits(
        &ctx,
        &[1, 1, 0, 0, 0],
        &[0; 9],
        &credential(&mut rng),
        &mut rng,
    );
    ballots[7] = encrypt_bits(
        &ctx,
        &[1, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 1, 0, 0, 0],
        &credential(&mut rng),
        &mut rng,
    );
    let refs: Vec<&EncryptedBallot> = ballots.iter().collect();
    let results = urne_crypto::ballot::verify_ballots_vartime(&ctx, &refs, &mut rng);
    let bad: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_err())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(bad, vec![4, 7]);
}
