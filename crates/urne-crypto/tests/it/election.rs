//! A whole election: key ceremony, casting with the sealed credential list, homomorphic tally,
//! threshold decryption (`docs/protocol.md` §6.7, §8, §9), and what goes wrong when a member or a
//! voter cheats.

use std::collections::HashSet;

use proptest::prelude::*;
use urne_crypto::acceptance::{check_ballots_vartime, Rejection};
use urne_crypto::decryption::{combine_vartime, DecryptionError};
use urne_crypto::dkg::{CeremonyOutcome, CeremonyParams, DkgError, SecretSequence};
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::{encrypted_tally, Tally};
use urne_crypto::{BallotShape, Choice, EncryptedBallot};

use crate::{credential, rng, Bureau};

/// docs/protocol.md §6.7: the sealed list, and the first valid ballot of each credential counts.
#[test]
fn sealed_list_and_one_ballot_per_credential() {
    let mut rng = rng(20);
    let bureau = Bureau::ceremony(3, 2, &mut rng);
    let ctx = bureau.context(BallotShape::new(vec![2, 2]).unwrap());
    let voters: Vec<_> = (0..3).map(|_| credential(&mut rng)).collect();
    let sealed: HashSet<_> = voters.iter().map(|v| *v.public_key()).collect();
    let outsider = credential(&mut rng);
    let cast = |keys: &urne_crypto::CredentialKeys, rng: &mut _| {
        EncryptedBallot::encrypt(&ctx, &Choice::Blank, keys, rng).unwrap()
    };
    let invalid = urne_crypto::ballot::hazmat::encrypt_bits(
        &ctx,
        &[1, 1, 0, 0],
        &[0; 4],
        &voters[2],
        &mut rng,
    );
    let ballots = vec![
        cast(&voters[0], &mut rng),
        cast(&outsider, &mut rng),
        cast(&voters[1], &mut rng),
        cast(&voters[0], &mut rng),
        invalid,
        cast(&voters[2], &mut rng),
    ];
    let results = check_ballots_vartime(&ctx, &sealed, &ballots, &mut rng);
    assert_eq!(
        results,
        vec![
            Ok(()),
            Err(Rejection::UnknownCredential),
            Ok(()),
            Err(Rejection::DuplicateCredential { first: 0 }),
            Err(Rejection::Invalid(
                urne_crypto::ballot::BallotError::Proof {
                    label: "choice-sum",
                    index: 8
                }
            )),
            Ok(()),
        ]
    );
}

/// Casts `choices`, tallies, decrypts with members `deciders`, and returns the counts.
fn run_election(
    bureau: &Bureau,
    shape: &BallotShape,
    choices: &[Choice],
    deciders: &[u32],
    seed: u64,
) -> Tally {
    let mut rng = rng(seed);
    let ctx = bureau.context(shape.clone());
    let ballots: Vec<EncryptedBallot> = choices
        .iter()
        .map(|c| EncryptedBallot::encrypt(&ctx, c, &credential(&mut rng), &mut rng).unwrap())
        .collect();
    let sealed: HashSet<_> = ballots
        .iter()
        .map(|b| urne_crypto::CredentialPublicKey::from_bytes(b.credential().to_bytes()))
        .collect();
    let accepted = check_ballots_vartime(&ctx, &sealed, &ballots, &mut rng);
    assert!(accepted.iter().all(Result::is_ok), "{accepted:?}");
    let tally = encrypted_tally(shape, &ballots);
    let shares: Vec<_> = deciders
        .iter()
        .map(|&m| {
            bureau
                .key_share(m, &mut rng)
                .decrypt_share(&ctx.fingerprint, &tally, &mut rng)
        })
        .collect();
    let (points, rejected) =
        combine_vartime(&bureau.outcome, &ctx.fingerprint, &tally, &shares, &mut rng).unwrap();
    assert!(rejected.is_empty());
    Tally::from_points(shape, &points, &DlogTable::new(choices.len() as u64)).unwrap()
}

fn plaintext_tally(shape: &BallotShape, choices: &[Choice]) -> Tally {
    let mut counts = vec![0u64; shape.choice_count() + shape.strike_count()];
    for choice in choices {
        let (c, s) = choice.bits(shape);
        for (sum, bit) in counts.iter_mut().zip(c.iter().chain(&s)) {
            *sum += bit;
        }
    }
    Tally::from_counts(shape, &counts).unwrap()
}

#[test]
fn any_two_of_three_members_decrypt_the_same_tally() {
    let mut rng = rng(21);
    let bureau = Bureau::ceremony(3, 2, &mut rng);
    let shape = BallotShape::new(vec![3, 2]).unwrap();
    let choices = vec![
        Choice::List {
            list: 0,
            struck: vec![2],
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
    let expected = plaintext_tally(&shape, &choices);
    assert_eq!(expected.lists, vec![2, 1]);
    for deciders in [[1, 2], [2, 3], [3, 1]] {
        assert_eq!(
            run_election(&bureau, &shape, &choices, &deciders, 22),
            expected
        );
    }
}

#[test]
fn invalid_non_member_and_missing_shares() {
    let mut rng = rng(23);
    let bureau = Bureau::ceremony(3, 2, &mut rng);
    let shape = BallotShape::new(vec![1]).unwrap();
    let ctx = bureau.context(shape.clone());
    let ballot = EncryptedBallot::encrypt(
        &ctx,
        &Choice::List {
            list: 0,
            struck: vec![],
        },
        &credential(&mut rng),
        &mut rng,
    )
    .unwrap();
    let tally = encrypted_tally(&shape, [&ballot]);
    let share = |m: u32, rng: &mut _| {
        bureau
            .key_share(m, rng)
            .decrypt_share(&ctx.fingerprint, &tally, rng)
    };
    let good1 = share(1, &mut rng);
    let good3 = share(3, &mut rng);

    // Fewer than t shares.
    let err = combine_vartime(
        &bureau.outcome,
        &ctx.fingerprint,
        &tally,
        std::slice::from_ref(&good1),
        &mut rng,
    );
    assert!(matches!(
        err,
        Err(DecryptionError::NotEnoughShares {
            valid: 1,
            needed: 2,
            ..
        })
    ));

    // A share from a non-member: someone with a key from another ceremony claims to be member 2.
    let other = Bureau::ceremony(3, 2, &mut rng);
    let foreign = other
        .key_share(2, &mut rng)
        .decrypt_share(&ctx.fingerprint, &tally, &mut rng);
    let err = combine_vartime(
        &bureau.outcome,
        &ctx.fingerprint,
        &tally,
        &[good1.clone(), foreign.clone()],
        &mut rng,
    );
    assert!(
        matches!(err, Err(DecryptionError::NotEnoughShares { valid: 1, ref rejected, .. }) if rejected == &[2])
    );

    // An index outside the bureau.
    let mut outsider = foreign.clone();
    outsider.member = 9;
    let err = combine_vartime(
        &bureau.outcome,
        &ctx.fingerprint,
        &tally,
        &[good1.clone(), outsider],
        &mut rng,
    );
    assert!(err.is_err());

    // The invalid share is identified and skipped when enough valid ones remain.
    let (points, rejected) = combine_vartime(
        &bureau.outcome,
        &ctx.fingerprint,
        &tally,
        &[foreign, good1.clone(), good3],
        &mut rng,
    )
    .unwrap();
    assert_eq!(rejected, vec![2]);
    let counts = Tally::from_points(&shape, &points, &DlogTable::new(1)).unwrap();
    assert_eq!(counts.lists, vec![1]);

    // A duplicated member counts once.
    let err = combine_vartime(
        &bureau.outcome,
        &ctx.fingerprint,
        &tally,
        &[good1.clone(), good1],
        &mut rng,
    );
    assert!(err.is_err());
}

#[test]
fn a_cheating_dealer_is_disqualified_by_a_verifiable_complaint() {
    let mut rng = rng(24);
    let params = CeremonyParams::new([1; 32], 4, 2).unwrap();
    let (dealt, complaints) = crate::cheating_dealer(&params, &mut rng);
    let crate::Dealt {
        trustees,
        announcements,
        dealings,
        ..
    } = dealt;
    assert_eq!(complaints.len(), 1);
    assert_eq!((complaints[0].dealer, complaints[0].complainer), (2, 3));
    let outcome =
        CeremonyOutcome::compute(&params, &announcements, &dealings, &complaints, &mut rng)
            .unwrap();
    assert_eq!(outcome.qualified, vec![1, 3, 4]);
    assert_eq!(outcome.disqualified, vec![(2, "complaint")]);
    for trustee in &trustees {
        let (_, confirmation) = trustee
            .key_share(&params, &outcome, &dealings, &mut rng)
            .unwrap();
        outcome
            .check_confirmation(&params, &confirmation, &mut rng)
            .unwrap();
    }
    // A forged complaint against an honest dealer is ignored and recorded: one member cannot
    // disqualify another, nor block the ceremony.
    let mut forged = complaints[0].clone();
    forged.dealer = 1;
    let outcome =
        CeremonyOutcome::compute(&params, &announcements, &dealings, &[forged], &mut rng).unwrap();
    assert_eq!(outcome.rejected_complaints, vec![(1, 3)]);
    assert_eq!(outcome.qualified, vec![1, 2, 3, 4]);
    // A second dealing from the same dealer fails the ceremony, naming the dealer.
    let mut twice = dealings.clone();
    twice.push(dealings[0].clone());
    let err = CeremonyOutcome::compute(&params, &announcements, &twice, &[], &mut rng);
    assert_eq!(err.unwrap_err(), DkgError::Member(1));
}

#[test]
fn wrong_sequence_is_detected_and_parameters_checked() {
    let mut rng = rng(25);
    let bureau = Bureau::ceremony(3, 2, &mut rng);
    let impostor = SecretSequence::generate(&mut rng).trustee(&bureau.params, 1);
    let err = impostor.key_share(&bureau.params, &bureau.outcome, &bureau.dealings, &mut rng);
    assert_eq!(err.unwrap_err(), DkgError::ShareMismatch(1));
    assert_eq!(
        CeremonyParams::new([0; 32], 3, 1),
        Err(DkgError::Parameters)
    );
    assert_eq!(
        CeremonyParams::new([0; 32], 2, 3),
        Err(DkgError::Parameters)
    );
    assert!(SecretSequence::parse("ABCD").is_err());
}

fn arbitrary_choice(shape: BallotShape) -> impl Strategy<Value = Choice> {
    let lists = shape.lists();
    (0..lists + 2, proptest::collection::vec(any::<bool>(), 8)).prop_map(move |(pick, strikes)| {
        if pick == lists {
            Choice::Blank
        } else if pick == lists + 1 {
            Choice::Nul
        } else {
            let n = shape.candidates()[pick] as usize;
            let struck = (0..n).filter(|&c| strikes[c]).collect();
            Choice::List { list: pick, struck }.normalized(&shape)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    /// Decrypting the homomorphic sum of random valid ballots gives the plaintext sums.
    #[test]
    fn decrypted_tally_equals_plaintext_sums(
        choices in proptest::collection::vec(arbitrary_choice(BallotShape::new(vec![3, 1, 4]).unwrap()), 1..12),
        seed in any::<u64>(),
    ) {
        let mut rng = rng(seed);
        let bureau = Bureau::ceremony(3, 2, &mut rng);
        let shape = BallotShape::new(vec![3, 1, 4]).unwrap();
        let tally = run_election(&bureau, &shape, &choices, &[3, 2], seed);
        prop_assert_eq!(tally.ballots(), choices.len() as u64);
        prop_assert_eq!(tally, plaintext_tally(&shape, &choices));
    }
}
