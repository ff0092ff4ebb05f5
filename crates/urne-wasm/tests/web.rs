//! The bindings in a real browser (headless Chromium through `wasm-bindgen-test-runner`; run by
//! `.ci/wasm-test.sh`): ballots of 5 lists × 8 candidates and 8 × 30 encrypted in the page decode
//! and verify natively, an all-struck choice and a mistyped code are refused, a seed kept by the
//! login page signs like its code and proves possession (receipts), and a 3-member,
//! threshold-2 key ceremony runs through the `Trustee` bindings down to a decryption.
//!
//! Also logs how long one 8 × 30 ballot takes to encrypt in the browser (measured, never
//! asserted). Left out: anything the native tests of `urne-crypto` already cover (proof
//! soundness, tampered ballots, the tally).
#![cfg(target_arch = "wasm32")]
// clippy.toml allows these in tests, but clippy recognises `#[test]` functions only, not
// `#[wasm_bindgen_test]` ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::scalar::Scalar;
use rand_core::OsRng;
use urne_crypto::ballot::BallotContext;
use urne_crypto::decryption::{combine_vartime, DecryptionShare};
use urne_crypto::dkg::{CeremonyOutcome, CeremonyParams};
use urne_crypto::{
    BallotShape, Ciphertext, CredentialCode, ElectionFingerprint, ElectionPublicKey,
    EncryptedBallot,
};
use urne_record::ceremony as wire;
use urne_wasm::booth::{
    ballot_tracker, check_credential_code, credential_login_token, Booth, VoterCredential, BLANK,
    NUL,
};
use urne_wasm::bureau::{generate_sequence, Trustee};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const SCRUTIN: &str = "scrutin-2026";
const ELECTION: &str = "election-cse";

fn message(error: JsError) -> String {
    String::from(
        JsValue::from(error)
            .unchecked_into::<js_sys::Error>()
            .message(),
    )
}

fn random_key() -> ElectionPublicKey {
    let secret = Scalar::random(&mut OsRng);
    ElectionPublicKey::from_point(RISTRETTO_BASEPOINT_TABLE * &secret).unwrap()
}

fn fingerprint() -> ElectionFingerprint {
    ElectionFingerprint::of_manifest(b"urne-wasm test election")
}

fn booth(key: &ElectionPublicKey, shape: &[u32]) -> Booth {
    Booth::new(
        &hex::encode(fingerprint().0),
        &hex::encode(key.compressed().as_bytes()),
        shape.to_vec(),
    )
    .map_err(message)
    .unwrap()
}

fn context(key: &ElectionPublicKey, shape: &[u32]) -> BallotContext {
    BallotContext {
        fingerprint: fingerprint(),
        key: key.clone(),
        shape: BallotShape::new(shape.to_vec()).unwrap(),
    }
}

fn new_code() -> String {
    CredentialCode::generate(&mut OsRng).to_text().to_string()
}

/// Decodes a ballot made in the browser and verifies it natively; checks its credential and
/// tracker.
fn check_ballot(
    bytes: &[u8],
    ctx: &BallotContext,
    credential: &VoterCredential,
) -> EncryptedBallot {
    let ballot = EncryptedBallot::from_bytes(&ctx.shape, bytes).unwrap();
    ballot.verify_vartime(ctx, &mut OsRng).unwrap();
    assert_eq!(
        hex::encode(ballot.credential().as_bytes()),
        credential.public_key(ELECTION)
    );
    assert_eq!(ballot_tracker(bytes), hex::encode(ballot.tracker()));
    ballot
}

#[wasm_bindgen_test]
fn ballot_5x8_decodes_and_verifies() {
    let shape = [8; 5];
    let key = random_key();
    let booth = booth(&key, &shape);
    let credential = VoterCredential::unlock(&new_code(), SCRUTIN)
        .map_err(message)
        .unwrap();
    let ctx = context(&key, &shape);
    for (list, struck) in [
        (2, vec![1, 4, 7]),
        (0, vec![]),
        (BLANK, vec![]),
        (NUL, vec![]),
    ] {
        let bytes = booth
            .encrypt(&credential, ELECTION, list, struck)
            .map_err(message)
            .unwrap();
        assert_eq!(bytes.len(), booth.ballot_length());
        check_ballot(&bytes, &ctx, &credential);
    }
}

#[wasm_bindgen_test]
fn ballot_8x30_decodes_and_verifies_and_is_timed() {
    let shape = [30; 8];
    let key = random_key();
    let booth = booth(&key, &shape);
    let start = js_sys::Date::now();
    let credential = VoterCredential::unlock(&new_code(), SCRUTIN)
        .map_err(message)
        .unwrap();
    let unlocked = js_sys::Date::now();
    let bytes = booth
        .encrypt(&credential, ELECTION, 5, vec![0, 3, 29])
        .map_err(message)
        .unwrap();
    let encrypted = js_sys::Date::now();
    console_log!(
        "urne-wasm timing: 8x30 ballot encryption {:.0} ms ({} bytes); credential unlock (PBKDF2) {:.0} ms",
        encrypted - unlocked,
        bytes.len(),
        unlocked - start,
    );
    check_ballot(&bytes, &context(&key, &shape), &credential);
}

#[wasm_bindgen_test]
fn all_struck_choice_is_refused() {
    let shape = [3, 4];
    let key = random_key();
    let booth = booth(&key, &shape);
    let credential = VoterCredential::unlock(&new_code(), SCRUTIN)
        .map_err(message)
        .unwrap();
    assert!(booth
        .counts_as_blank(1, vec![3, 1, 0, 2])
        .map_err(message)
        .unwrap());
    assert!(booth
        .counts_as_blank(BLANK, vec![])
        .map_err(message)
        .unwrap());
    assert!(!booth
        .counts_as_blank(1, vec![3, 1, 0])
        .map_err(message)
        .unwrap());
    assert!(!booth.counts_as_blank(NUL, vec![]).map_err(message).unwrap());
    let refused = message(
        booth
            .encrypt(&credential, ELECTION, 1, vec![3, 1, 0, 2])
            .unwrap_err(),
    );
    assert!(refused.contains("counts as blank"), "{refused}");
    // Other malformed choices.
    for (list, struck) in [
        (2, vec![]),
        (0, vec![3]),
        (0, vec![1, 1]),
        (BLANK, vec![0]),
        (-3, vec![]),
    ] {
        assert!(
            booth.counts_as_blank(list, struck.clone()).is_err(),
            "{list} {struck:?}"
        );
        assert!(booth.encrypt(&credential, ELECTION, list, struck).is_err());
    }
    // The page encrypts a blank vote instead.
    let bytes = booth
        .encrypt(&credential, ELECTION, BLANK, vec![])
        .map_err(message)
        .unwrap();
    check_ballot(&bytes, &context(&key, &shape), &credential);
}

#[wasm_bindgen_test]
fn mistyped_code_is_refused() {
    let code = new_code();
    check_credential_code(&code).map_err(message).unwrap();
    let token = credential_login_token(&code, SCRUTIN)
        .map_err(message)
        .unwrap();
    let native = CredentialCode::parse(&code)
        .unwrap()
        .seed(SCRUTIN)
        .login_token();
    assert_eq!(token, hex::encode(native.0));
    assert_eq!(
        token,
        VoterCredential::unlock(&code.to_lowercase(), SCRUTIN)
            .map_err(message)
            .unwrap()
            .login_token()
    );

    let mut typo: Vec<char> = code.chars().collect();
    typo[3] = if typo[3] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    for refused in [
        check_credential_code(&typo).unwrap_err(),
        credential_login_token(&typo, SCRUTIN).unwrap_err(),
        VoterCredential::unlock(&typo, SCRUTIN).err().unwrap(),
        VoterCredential::unlock(&code[..10], SCRUTIN).err().unwrap(),
    ] {
        let refused = message(refused);
        assert!(refused.starts_with("credential code refused"), "{refused}");
    }
}

fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

#[wasm_bindgen_test]
fn key_ceremony_3_members_threshold_2() {
    let context = [0x5a; 32];
    let context_hex = hex::encode(context);
    let sequences: Vec<String> = (0..3).map(|_| generate_sequence()).collect();
    let mut trustees: Vec<Trustee> = sequences
        .iter()
        .zip(1..)
        .map(|(s, i)| {
            Trustee::new(s, &context_hex, 3, 2, i)
                .map_err(message)
                .unwrap()
        })
        .collect();
    assert_eq!(trustees[2].index(), 3);
    assert!(Trustee::new(&sequences[0], &context_hex, 3, 2, 4).is_err());
    assert!(Trustee::new(&sequences[0], &context_hex, 3, 4, 1).is_err());
    assert!(Trustee::new(&sequences[0][1..], &context_hex, 3, 2, 1).is_err());

    // Steps 1 to 3, all honest.
    let announcements = array(&trustees.iter().map(Trustee::announce).collect::<Vec<_>>());
    let dealings: Vec<String> = trustees
        .iter()
        .map(|t| t.deal(&announcements).map_err(message).unwrap())
        .collect();
    let all_dealings = array(&dealings);
    for trustee in &trustees {
        assert_eq!(
            trustee
                .check_dealings(&all_dealings)
                .map_err(message)
                .unwrap(),
            "[]"
        );
    }
    // Step 4.
    let outcome = trustees[0]
        .outcome(&announcements, &all_dealings, "[]")
        .map_err(message)
        .unwrap();
    let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(outcome["qualified"], serde_json::json!([1, 2, 3]));
    let confirmations: Vec<String> = trustees
        .iter_mut()
        .map(|t| {
            t.key_share(&announcements, &all_dealings, "[]")
                .map_err(message)
                .unwrap()
        })
        .collect();

    // Everything published decodes, and the outcome and confirmations check natively.
    let params = CeremonyParams::new(context, 3, 2).unwrap();
    let native = CeremonyOutcome::compute(
        &params,
        &wire::announcements_from_json(&announcements).unwrap(),
        &wire::dealings_from_json(&all_dealings).unwrap(),
        &[],
        &mut OsRng,
    )
    .unwrap();
    assert_eq!(
        outcome["election_key"],
        hex::encode(native.election_key.compressed().as_bytes())
    );
    for confirmation in wire::confirmations_from_json(&array(&confirmations)).unwrap() {
        native
            .check_confirmation(&params, &confirmation, &mut OsRng)
            .unwrap();
    }

    // A ballot under the new key, decrypted by members 1 and 3 (member 3 re-derived from its
    // séquence, as at counting time).
    let election_key = outcome["election_key"].as_str().unwrap();
    let shape = [2, 3];
    let booth = Booth::new(&hex::encode(fingerprint().0), election_key, shape.to_vec())
        .map_err(message)
        .unwrap();
    let credential = VoterCredential::unlock(&new_code(), SCRUTIN)
        .map_err(message)
        .unwrap();
    let bytes = booth
        .encrypt(&credential, ELECTION, 1, vec![2])
        .map_err(message)
        .unwrap();
    let ballot =
        EncryptedBallot::from_bytes(&BallotShape::new(shape.to_vec()).unwrap(), &bytes).unwrap();
    let ciphertexts: Vec<Ciphertext> = ballot.ciphertexts().copied().collect();
    let ciphertext_bytes: Vec<u8> = ciphertexts.iter().flat_map(Ciphertext::to_bytes).collect();
    let fingerprint_hex = hex::encode(fingerprint().0);
    let mut again = Trustee::new(&sequences[2], &context_hex, 3, 2, 3)
        .map_err(message)
        .unwrap();
    assert!(
        again
            .decrypt_share(&fingerprint_hex, &ciphertext_bytes)
            .is_err(),
        "no key share yet"
    );
    again
        .key_share(&announcements, &all_dealings, "[]")
        .map_err(message)
        .unwrap();
    let shares: Vec<DecryptionShare> = [&trustees[0], &again]
        .into_iter()
        .map(|t| {
            let bytes = t
                .decrypt_share(&fingerprint_hex, &ciphertext_bytes)
                .map_err(message)
                .unwrap();
            DecryptionShare::from_bytes(&bytes).unwrap()
        })
        .collect();
    assert!(trustees[0]
        .decrypt_share(&fingerprint_hex, &ciphertext_bytes[1..])
        .is_err());
    let (plaintexts, rejected) =
        combine_vartime(&native, &fingerprint(), &ciphertexts, &shares, &mut OsRng).unwrap();
    assert!(rejected.is_empty());
    // Choices (list 0, list 1, blank, nul) then strikes (2 + 3 candidates): list 1, third struck.
    let expected = [0u64, 1, 0, 0, 0, 0, 0, 0, 1];
    let expected: Vec<_> = expected
        .iter()
        .map(|&m| RISTRETTO_BASEPOINT_TABLE * &Scalar::from(m))
        .collect();
    assert_eq!(plaintexts, expected);

    // A dealer who sends member 2 a bad share draws a complaint and is disqualified.
    let mut bad: serde_json::Value = serde_json::from_str(&dealings[0]).unwrap();
    bad["shares"][1]["masked"] = serde_json::Value::String(hex::encode([7u8; 32]));
    let tampered = array(&[bad.to_string(), dealings[1].clone(), dealings[2].clone()]);
    let complaints = trustees[1]
        .check_dealings(&tampered)
        .map_err(message)
        .unwrap();
    let decoded = wire::complaints_from_json(&complaints).unwrap();
    assert_eq!(
        (decoded.len(), decoded[0].dealer, decoded[0].complainer),
        (1, 1, 2)
    );
    let outcome = trustees[2]
        .outcome(&announcements, &tampered, &complaints)
        .map_err(message)
        .unwrap();
    let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(outcome["qualified"], serde_json::json!([2, 3]));
    assert_eq!(outcome["disqualified"][0]["member"], 1);
}

#[wasm_bindgen_test]
fn a_stored_seed_signs_like_the_code_and_proves_possession() {
    let code = new_code();
    let seed = CredentialCode::parse(&code).unwrap().seed(SCRUTIN);
    let from_seed = VoterCredential::from_seed(&hex::encode(*seed.bytes()))
        .map_err(message)
        .unwrap();
    let unlocked = VoterCredential::unlock(&code, SCRUTIN)
        .map_err(message)
        .unwrap();
    assert_eq!(
        from_seed.public_key(ELECTION),
        unlocked.public_key(ELECTION)
    );
    assert_eq!(from_seed.login_token(), unlocked.login_token());
    let answer: serde_json::Value =
        serde_json::from_str(&from_seed.prove_possession(ELECTION, "challenge")).unwrap();
    assert_eq!(answer["election"], ELECTION);
    assert_eq!(answer["key"], from_seed.public_key(ELECTION));
    let key: [u8; 32] = hex::decode(answer["key"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let proof: [u8; 64] = hex::decode(answer["proof"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let public = urne_crypto::CredentialPublicKey::from_bytes(key);
    assert!(public
        .verify_possession_vartime(ELECTION, b"challenge", &proof, &mut OsRng)
        .is_ok());
    assert!(public
        .verify_possession_vartime(ELECTION, b"other", &proof, &mut OsRng)
        .is_err());
    let refused = message(VoterCredential::from_seed("abc").err().unwrap());
    assert!(refused.starts_with("credential seed refused"), "{refused}");
}
