//! Known-answer test vectors (`docs/protocol.md` §11).
//!
//! Every vector is recomputed here from fixed ChaCha20 seeds and compared with the committed
//! files in `test-vectors/`; with `URNE_REGENERATE_VECTORS=1` the files are rewritten instead.
//! Independently of byte equality, the stored bytes are decoded and checked through the public
//! verification API, so a file edited by hand that still verifies is caught by the comparison, and
//! a code change that breaks verification is caught by the checks.

use std::path::PathBuf;

use curve25519_dalek::ristretto::CompressedRistretto;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use urne_crypto::ballot::{tracker_of, BallotContext};
use urne_crypto::batch::BatchVerifier;
use urne_crypto::decryption::{combine_vartime, DecryptionShare};
use urne_crypto::dkg::{
    Announcement, CeremonyOutcome, CeremonyParams, Dealing, EncryptedShare, SecretSequence,
};
use urne_crypto::dlog::DlogTable;
use urne_crypto::encoding::Reader;
use urne_crypto::proofs::dleq::DleqStatement;
use urne_crypto::proofs::{BranchWitness, DisjunctiveProof, DleqProof, SchnorrProof};
use urne_crypto::tally::{encrypted_tally, Tally};
use urne_crypto::{
    BallotShape, Choice, CredentialCode, ElectionFingerprint, ElectionPublicKey, EncryptedBallot,
    Transcript,
};

fn seeded(byte: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([byte; 32])
}

fn h(bytes: impl AsRef<[u8]>) -> String {
    hex::encode(bytes)
}

fn unhex(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().expect("hex string")).expect("valid hex")
}

fn unhex32(value: &Value) -> [u8; 32] {
    unhex(value).try_into().expect("32 bytes")
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-vectors")
}

/// Writes (when regenerating) or compares one file, then runs `check` on the stored content.
fn known_answer(name: &str, generated: Value, check: impl Fn(&Value)) {
    let path = dir().join(name);
    let pretty = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("URNE_REGENERATE_VECTORS").is_some() {
        std::fs::create_dir_all(dir()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run URNE_REGENERATE_VECTORS=1 cargo test -p urne-crypto --test it vectors",
            path.display()
        )
    }))
    .unwrap();
    check(&stored);
    assert!(
        stored == generated,
        "{}: the code no longer produces the committed vectors (docs/protocol.md §11)",
        path.display()
    );
}

#[test]
fn transcript_vectors() {
    let cases = [
        ("test", vec![], "finish"),
        (
            "test",
            vec![("a", b"".to_vec()), ("b", b"urne".to_vec())],
            "challenge",
        ),
        (
            "ballot-proof",
            vec![
                ("u64", 7u64.to_le_bytes().to_vec()),
                ("bytes", vec![0xff; 70]),
            ],
            "disjunctive",
        ),
    ];
    let generated: Vec<Value> = cases
        .iter()
        .map(|(domain, items, label)| {
            let mut transcript = Transcript::new(domain);
            for (l, data) in items {
                transcript.append_bytes(l, data);
            }
            json!({
                "domain": domain,
                "items": items.iter().map(|(l, d)| json!({"label": l, "data": h(d)})).collect::<Vec<_>>(),
                "finish": label,
                "output": h(transcript.clone().finish(label)),
                "challenge_scalar": h(transcript.challenge_scalar(label).as_bytes()),
            })
        })
        .collect();
    let fingerprint = ElectionFingerprint::of_manifest(b"urne test manifest");
    let generated = json!({
        "description": "Transcripts (docs/protocol.md §3): items appended in order, SHA-512 output after the finish label, and that output reduced mod l. Fingerprint of the manifest bytes given as UTF-8.",
        "transcripts": generated,
        "fingerprints": [{"manifest_utf8": "urne test manifest", "fingerprint": h(fingerprint.0)}],
    });
    known_answer("transcript.json", generated, |stored| {
        for case in stored["transcripts"].as_array().unwrap() {
            let mut transcript = Transcript::new(case["domain"].as_str().unwrap());
            for item in case["items"].as_array().unwrap() {
                transcript.append_bytes(item["label"].as_str().unwrap(), &unhex(&item["data"]));
            }
            assert_eq!(
                h(transcript.finish(case["finish"].as_str().unwrap())),
                case["output"].as_str().unwrap()
            );
        }
    });
}

#[test]
fn code_and_credential_vectors() {
    let mut rng = seeded(1);
    let codes: Vec<Value> = (0..3)
        .map(|_| {
            let code = CredentialCode::generate(&mut rng);
            let text = code.to_text();
            let seed = code.seed("scrutin-2026");
            let token = seed.login_token();
            json!({
                "code": text.as_str(),
                "scrutin_id": "scrutin-2026",
                "login_token": h(token.0),
                "login_verifier": h(token.verifier()),
                "election_id": "titulaires-cadres",
                "credential_public_key": h(seed.election_keys("titulaires-cadres").public_key().compressed().as_bytes()),
            })
        })
        .collect();
    let sequences: Vec<String> = (0..2)
        .map(|_| SecretSequence::generate(&mut rng).to_text().to_string())
        .collect();
    let first = codes[0]["code"].as_str().unwrap().to_string();
    let mut typo = first.clone().into_bytes();
    typo[1] = if typo[1] == b'A' { b'B' } else { b'A' };
    let parse_inputs = [
        first.to_lowercase().replace('-', " "),
        first.replace('1', "I").replace('0', "o").replace('-', "\t"),
        String::from_utf8(typo).unwrap(),
        first[..first.len() - 1].to_string(),
        first.replacen(&first[..1], "U", 1),
        sequences[0].clone(),
    ];
    let parsing: Vec<Value> = parse_inputs
        .iter()
        .map(|input| {
            let result = match CredentialCode::parse(input) {
                Ok(code) => json!({"code": code.to_text().as_str()}),
                Err(error) => json!({"error": format!("{error:?}")}),
            };
            json!({"input": input, "result": result})
        })
        .collect();
    let generated = json!({
        "description": "Credential codes and séquences secrètes (docs/protocol.md §7, §8.2), drawn from ChaCha20Rng::from_seed([1; 32]); for each code: login token, login verifier and the signing public key for one election. PBKDF2-HMAC-SHA512 with 20000 iterations. credential_parsing: typed inputs (lenient forms, a typo, a missing symbol, a forbidden character, a séquence secrète typed as a credential code) and the result: the canonical code, or the error (Checksum, Length { expected, found }, Character { position } with 0-based positions among symbols).",
        "credentials": codes,
        "sequences": sequences,
        "credential_parsing": parsing,
    });
    known_answer("credential.json", generated, |stored| {
        for case in stored["credentials"].as_array().unwrap() {
            // Typed sloppily: lower case, spaces instead of dashes.
            let typed = case["code"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .replace('-', " ");
            let seed = CredentialCode::parse(&typed)
                .unwrap()
                .seed(case["scrutin_id"].as_str().unwrap());
            assert!(seed
                .login_token()
                .matches(&unhex32(&case["login_verifier"])));
        }
        for sequence in stored["sequences"].as_array().unwrap() {
            assert!(SecretSequence::parse(sequence.as_str().unwrap()).is_ok());
        }
    });
}

fn key_from(secret: &Scalar) -> ElectionPublicKey {
    ElectionPublicKey::from_point(curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE * secret)
        .unwrap()
}

#[test]
fn elgamal_and_proof_vectors() {
    let mut rng = seeded(2);
    let secret = Scalar::random(&mut rng);
    let key = key_from(&secret);
    let encryptions: Vec<Value> = [0u64, 1, 5]
        .iter()
        .map(|&m| {
            let randomness = Scalar::random(&mut rng);
            json!({"message": m, "randomness": h(randomness.as_bytes()), "ciphertext": h(key.encrypt_with(m, &randomness).to_bytes())})
        })
        .collect();
    let schnorr_public = key.compressed();
    let schnorr = SchnorrProof::prove(
        Transcript::new("test-vector-schnorr"),
        &secret,
        schnorr_public,
        &mut rng,
    );
    let h_point = curve25519_dalek::RistrettoPoint::random(&mut rng);
    let statement = DleqStatement {
        x: *key.point(),
        h: h_point,
        y: h_point * secret,
    };
    let dleq = DleqProof::prove(
        Transcript::new("test-vector-dleq"),
        &statement,
        &secret,
        &mut rng,
    );
    let mut dleq_bytes = Vec::new();
    dleq.write(&mut dleq_bytes);
    let (ct, r) = key.encrypt(2, &mut rng);
    let values = [0u64, 1, 2, 3];
    let witnesses: Vec<_> = values
        .iter()
        .map(|_| BranchWitness {
            randomness: r,
            message: Scalar::from(2u64),
        })
        .collect();
    let range = DisjunctiveProof::prove(
        Transcript::new("test-vector-range"),
        &key,
        &values,
        &witnesses,
        &mut rng,
    );
    let mut range_bytes = Vec::new();
    range.write(&mut range_bytes);
    let generated = json!({
        "description": "Exponential ElGamal (§4) under the key sk·G, and one Schnorr (§5.1), DLEQ (§5.2) and 4-branch disjunctive proof (§5.3, ciphertext of 2, values 0..3), each over Transcript::new(domain) with no other item. From ChaCha20Rng::from_seed([2; 32]).",
        "secret_key": h(secret.as_bytes()),
        "public_key": h(key.compressed().as_bytes()),
        "encryptions": encryptions,
        "schnorr": {"domain": "test-vector-schnorr", "public": h(schnorr_public.as_bytes()), "proof": h(schnorr.to_bytes())},
        "dleq": {"domain": "test-vector-dleq", "X": h(key.compressed().as_bytes()), "H": h(h_point.compress().as_bytes()), "Y": h(statement.y.compress().as_bytes()), "proof": h(&dleq_bytes)},
        "disjunctive": {"domain": "test-vector-range", "ciphertext": h(ct.to_bytes()), "values": values, "proof": h(&range_bytes)},
    });
    known_answer("proofs.json", generated, |stored| {
        let mut rng = seeded(99);
        let key = ElectionPublicKey::from_bytes(&unhex32(&stored["public_key"])).unwrap();
        let sk = Scalar::from_canonical_bytes(unhex32(&stored["secret_key"])).unwrap();
        for case in stored["encryptions"].as_array().unwrap() {
            let r = Scalar::from_canonical_bytes(unhex32(&case["randomness"])).unwrap();
            let m = case["message"].as_u64().unwrap();
            assert_eq!(
                h(key.encrypt_with(m, &r).to_bytes()),
                case["ciphertext"].as_str().unwrap()
            );
            let ct = urne_crypto::Ciphertext::from_bytes(&unhex(&case["ciphertext"])).unwrap();
            let plain = ct.beta - ct.alpha * sk;
            assert_eq!(DlogTable::new(10).solve_vartime(&plain), Some(m));
        }
        let s = &stored["schnorr"];
        let proof = SchnorrProof::read(&mut Reader::new(&unhex(&s["proof"]))).unwrap();
        let public = CompressedRistretto(unhex32(&s["public"]));
        proof
            .verify_vartime(
                Transcript::new(s["domain"].as_str().unwrap()),
                &public,
                &mut rng,
            )
            .unwrap();
        let d = &stored["dleq"];
        let point = |v: &Value| CompressedRistretto(unhex32(v)).decompress().unwrap();
        let statement = DleqStatement {
            x: point(&d["X"]),
            h: point(&d["H"]),
            y: point(&d["Y"]),
        };
        let proof = DleqProof::read(&mut Reader::new(&unhex(&d["proof"]))).unwrap();
        proof
            .verify_vartime(
                Transcript::new(d["domain"].as_str().unwrap()),
                &statement,
                &mut rng,
            )
            .unwrap();
        let j = &stored["disjunctive"];
        let values: Vec<u64> = j["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let proof =
            DisjunctiveProof::read(&mut Reader::new(&unhex(&j["proof"])), values.len()).unwrap();
        let ct = urne_crypto::Ciphertext::from_bytes(&unhex(&j["ciphertext"])).unwrap();
        let mut batch = BatchVerifier::new();
        let key_base = batch.add_base(*key.point());
        let (mut a, mut b) = (Scalar::ZERO, Scalar::ZERO);
        proof
            .accumulate_vartime(
                Transcript::new(j["domain"].as_str().unwrap()),
                &values,
                key_base,
                &mut batch,
                &mut rng,
                |_, c| {
                    a += c.alpha;
                    b += c.beta;
                },
            )
            .unwrap();
        batch.add_term(a, ct.alpha);
        batch.add_term(b, ct.beta);
        assert!(batch.verify_vartime());
    });
}

fn dealing_json(dealing: &Dealing) -> Value {
    json!({
        "dealer": dealing.dealer,
        "commitments": dealing.commitments.iter().map(|c| h(c.as_bytes())).collect::<Vec<_>>(),
        "proof": h(dealing.proof.to_bytes()),
        "shares": dealing.shares.iter().map(|s| json!({"ephemeral": h(s.ephemeral.as_bytes()), "masked": h(s.masked)})).collect::<Vec<_>>(),
    })
}

fn dealing_from(value: &Value) -> Dealing {
    Dealing {
        dealer: value["dealer"].as_u64().unwrap() as u32,
        commitments: value["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| CompressedRistretto(unhex32(c)))
            .collect(),
        proof: SchnorrProof::read(&mut Reader::new(&unhex(&value["proof"]))).unwrap(),
        shares: value["shares"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| EncryptedShare {
                ephemeral: CompressedRistretto(unhex32(&s["ephemeral"])),
                masked: unhex32(&s["masked"]),
            })
            .collect(),
    }
}

fn announcement_from(value: &Value) -> Announcement {
    Announcement {
        member: value["member"].as_u64().unwrap() as u32,
        encryption_key: CompressedRistretto(unhex32(&value["encryption_key"])),
        proof: SchnorrProof::read(&mut Reader::new(&unhex(&value["proof"]))).unwrap(),
    }
}

/// One whole small election: 3 members, t = 2, 5 ballots on lists of 2 and 1 candidates, tally,
/// decryption by members 1 and 3.
#[test]
fn election_vectors() {
    let mut rng = seeded(3);
    let params = CeremonyParams::new([0x5c; 32], 3, 2).unwrap();
    let crate::Dealt {
        sequences,
        trustees,
        announcements,
        dealings,
    } = crate::deal(&params, &mut rng);
    let outcome =
        CeremonyOutcome::compute(&params, &announcements, &dealings, &[], &mut rng).unwrap();
    let confirmations: Vec<_> = trustees
        .iter()
        .map(|t| t.key_share(&params, &outcome, &dealings, &mut rng).unwrap())
        .collect();
    let shape = BallotShape::new(vec![2, 1]).unwrap();
    let fingerprint = ElectionFingerprint::of_manifest(b"vector election");
    let ctx = BallotContext {
        fingerprint,
        key: outcome.election_key.clone(),
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
            struck: vec![],
        },
        Choice::Blank,
        Choice::Nul,
    ];
    let ballots: Vec<EncryptedBallot> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let keys = CredentialCode::generate(&mut rng)
                .seed("vector")
                .election_keys(&format!("voter-{i}"));
            EncryptedBallot::encrypt(&ctx, c, &keys, &mut rng).unwrap()
        })
        .collect();
    let tally = encrypted_tally(&shape, &ballots);
    let shares: Vec<DecryptionShare> = [0usize, 2]
        .iter()
        .map(|&m| {
            confirmations[m]
                .0
                .decrypt_share(&fingerprint, &tally, &mut rng)
        })
        .collect();
    let (points, _) = combine_vartime(&outcome, &fingerprint, &tally, &shares, &mut rng).unwrap();
    let counts = Tally::from_points(&shape, &points, &DlogTable::new(5)).unwrap();
    let generated = json!({
        "description": "A whole election (docs/protocol.md §6, §8, §9): 3 members, t = 2, ceremony context 0x5c×32, election fingerprint of the manifest 'vector election', lists of 2 and 1 candidates, 5 ballots (list 0 striking candidate 1, list 0, list 1, blank, nul), encrypted tally (choices then strikes), decryption shares of members 1 and 3, counts. From ChaCha20Rng::from_seed([3; 32]).",
        "ceremony": {
            "context": h([0x5c; 32]), "members": 3, "threshold": 2,
            "sequences": sequences.iter().map(|s| s.to_text().to_string()).collect::<Vec<_>>(),
            "announcements": announcements.iter().map(|a| json!({"member": a.member, "encryption_key": h(a.encryption_key.as_bytes()), "proof": h(a.proof.to_bytes())})).collect::<Vec<_>>(),
            "dealings": dealings.iter().map(dealing_json).collect::<Vec<_>>(),
            "confirmations": confirmations.iter().map(|(_, c)| json!({"member": c.member, "proof": h(c.proof.to_bytes())})).collect::<Vec<_>>(),
            "election_key": h(outcome.election_key.compressed().as_bytes()),
            "verification_keys": outcome.verification_keys.iter().map(|k| h(k.compress().as_bytes())).collect::<Vec<_>>(),
        },
        "election": {"manifest_utf8": "vector election", "fingerprint": h(fingerprint.0), "candidates": [2, 1]},
        "sealed_credentials": ballots.iter().map(|b| h(b.credential().as_bytes())).collect::<Vec<_>>(),
        "ballots": ballots.iter().map(|b| json!({"ballot": h(b.to_bytes()), "tracker": h(b.tracker())})).collect::<Vec<_>>(),
        "encrypted_tally": tally.iter().map(|c| h(c.to_bytes())).collect::<Vec<_>>(),
        "decryption_shares": shares.iter().map(|s| h(s.to_bytes())).collect::<Vec<_>>(),
        "counts": {"lists": counts.lists, "blank": counts.blank, "nul": counts.nul, "strikes": counts.strikes},
    });
    known_answer("election.json", generated, |stored| {
        let mut rng = seeded(98);
        let c = &stored["ceremony"];
        let params = CeremonyParams::new(unhex32(&c["context"]), 3, 2).unwrap();
        let announcements: Vec<_> = c["announcements"]
            .as_array()
            .unwrap()
            .iter()
            .map(announcement_from)
            .collect();
        let dealings: Vec<_> = c["dealings"]
            .as_array()
            .unwrap()
            .iter()
            .map(dealing_from)
            .collect();
        let outcome =
            CeremonyOutcome::compute(&params, &announcements, &dealings, &[], &mut rng).unwrap();
        assert_eq!(
            h(outcome.election_key.compressed().as_bytes()),
            c["election_key"].as_str().unwrap()
        );
        // Each member re-derives its share from the written-down séquence secrète.
        for (sequence, index) in c["sequences"].as_array().unwrap().iter().zip(1u32..) {
            let trustee = SecretSequence::parse(sequence.as_str().unwrap())
                .unwrap()
                .trustee(&params, index);
            trustee
                .key_share(&params, &outcome, &dealings, &mut rng)
                .unwrap();
        }
        let shape = BallotShape::new(vec![2, 1]).unwrap();
        let fingerprint = ElectionFingerprint(unhex32(&stored["election"]["fingerprint"]));
        let ctx = BallotContext {
            fingerprint,
            key: outcome.election_key.clone(),
            shape: shape.clone(),
        };
        let ballots: Vec<EncryptedBallot> = stored["ballots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let bytes = unhex(&b["ballot"]);
                assert_eq!(h(tracker_of(&bytes)), b["tracker"].as_str().unwrap());
                let ballot = EncryptedBallot::from_bytes(&shape, &bytes).unwrap();
                ballot.verify_vartime(&ctx, &mut rng).unwrap();
                ballot
            })
            .collect();
        let tally = encrypted_tally(&shape, &ballots);
        let stored_tally: Vec<String> = stored["encrypted_tally"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            tally.iter().map(|c| h(c.to_bytes())).collect::<Vec<_>>(),
            stored_tally
        );
        let shares: Vec<DecryptionShare> = stored["decryption_shares"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| DecryptionShare::from_bytes(&unhex(s)).unwrap())
            .collect();
        let (points, rejected) =
            combine_vartime(&outcome, &fingerprint, &tally, &shares, &mut rng).unwrap();
        assert!(rejected.is_empty());
        let counts = Tally::from_points(&shape, &points, &DlogTable::new(5)).unwrap();
        assert_eq!(json!(counts.lists), stored["counts"]["lists"]);
        assert_eq!(json!(counts.strikes), stored["counts"]["strikes"]);
    });
}

#[test]
fn ballot_vectors() {
    let mut rng = seeded(4);
    let secret = Scalar::random(&mut rng);
    let shape = BallotShape::new(vec![3, 2]).unwrap();
    let ctx = BallotContext {
        fingerprint: ElectionFingerprint::of_manifest(b"ballot vectors"),
        key: key_from(&secret),
        shape: shape.clone(),
    };
    let keys = CredentialCode::generate(&mut rng)
        .seed("vector")
        .election_keys("ballots");
    let ballot = EncryptedBallot::encrypt(
        &ctx,
        &Choice::List {
            list: 0,
            struck: vec![2],
        },
        &keys,
        &mut rng,
    )
    .unwrap();
    let bytes = ballot.to_bytes();
    let mut tampered = bytes.clone();
    // Swap the first two choice ciphertexts: every proof is then about other bytes.
    tampered.copy_within(32..96, 32 + 2 * 64);
    let generated = json!({
        "description": "One ballot (docs/protocol.md §6): lists of 3 and 2 candidates, list 0 with candidate 2 struck, under the key sk·G with sk given, fingerprint of 'ballot vectors'; its tracker; and a tampered copy (ciphertext 2 overwritten with ciphertext 0) that MUST fail. From ChaCha20Rng::from_seed([4; 32]).",
        "secret_key": h(secret.as_bytes()),
        "election_key": h(ctx.key.compressed().as_bytes()),
        "manifest_utf8": "ballot vectors",
        "fingerprint": h(ctx.fingerprint.0),
        "candidates": [3, 2],
        "ballot": h(&bytes),
        "ballot_bytes": bytes.len(),
        "tracker": h(ballot.tracker()),
        "plaintext": {"choices": [1, 0, 0, 0], "strikes": [0, 0, 1, 0, 0]},
        "tampered": h(&tampered),
    });
    known_answer("ballot.json", generated, |stored| {
        let mut rng = seeded(97);
        let shape = BallotShape::new(vec![3, 2]).unwrap();
        let ctx = BallotContext {
            fingerprint: ElectionFingerprint(unhex32(&stored["fingerprint"])),
            key: ElectionPublicKey::from_bytes(&unhex32(&stored["election_key"])).unwrap(),
            shape: shape.clone(),
        };
        let ballot = EncryptedBallot::from_bytes(&shape, &unhex(&stored["ballot"])).unwrap();
        ballot.verify_vartime(&ctx, &mut rng).unwrap();
        let sk = Scalar::from_canonical_bytes(unhex32(&stored["secret_key"])).unwrap();
        let plain: Vec<Option<u64>> = ballot
            .ciphertexts()
            .map(|ct| DlogTable::new(1).solve_vartime(&(ct.beta - ct.alpha * sk)))
            .collect();
        assert_eq!(plain, [1, 0, 0, 0, 0, 0, 1, 0, 0].map(Some).to_vec());
        let tampered = EncryptedBallot::from_bytes(&shape, &unhex(&stored["tampered"])).unwrap();
        assert!(tampered.verify_vartime(&ctx, &mut rng).is_err());
    });
}

fn complaint_json(complaint: &urne_crypto::dkg::Complaint) -> Value {
    let mut proof = Vec::new();
    complaint.proof.write(&mut proof);
    json!({
        "dealer": complaint.dealer,
        "complainer": complaint.complainer,
        "shared_secret": h(complaint.shared_secret.as_bytes()),
        "proof": h(&proof),
    })
}

fn complaint_from(value: &Value) -> urne_crypto::dkg::Complaint {
    urne_crypto::dkg::Complaint {
        dealer: value["dealer"].as_u64().unwrap() as u32,
        complainer: value["complainer"].as_u64().unwrap() as u32,
        shared_secret: CompressedRistretto(unhex32(&value["shared_secret"])),
        proof: DleqProof::read(&mut Reader::new(&unhex(&value["proof"]))).unwrap(),
    }
}

/// A ceremony with a cheating dealer (docs/protocol.md §8.5): a justified complaint disqualifies
/// it; a forged complaint is rejected and changes nothing.
#[test]
fn complaint_vectors() {
    let mut rng = seeded(5);
    let params = CeremonyParams::new([0xc0; 32], 4, 2).unwrap();
    let (dealt, complaints) = crate::cheating_dealer(&params, &mut rng);
    let crate::Dealt {
        announcements,
        dealings,
        ..
    } = dealt;
    let mut forged = complaints[0].clone();
    forged.dealer = 1;
    let all = [complaints[0].clone(), forged];
    let outcome =
        CeremonyOutcome::compute(&params, &announcements, &dealings, &all, &mut rng).unwrap();
    let generated = json!({
        "description": "A key ceremony (docs/protocol.md §8) with 4 members, t = 2, context 0xc0×32, where dealer 2's encrypted share for member 3 has its first masked byte flipped. Member 3's complaint is justified (dealer 2 disqualified); a forged copy naming dealer 1 is rejected. From ChaCha20Rng::from_seed([5; 32]).",
        "context": h([0xc0; 32]), "members": 4, "threshold": 2,
        "announcements": announcements.iter().map(|a| json!({"member": a.member, "encryption_key": h(a.encryption_key.as_bytes()), "proof": h(a.proof.to_bytes())})).collect::<Vec<_>>(),
        "dealings": dealings.iter().map(dealing_json).collect::<Vec<_>>(),
        "complaints": all.iter().map(complaint_json).collect::<Vec<_>>(),
        "qualified": outcome.qualified,
        "disqualified": outcome.disqualified.iter().map(|(d, why)| json!({"dealer": d, "reason": why})).collect::<Vec<_>>(),
        "rejected_complaints": outcome.rejected_complaints.iter().map(|(d, c)| json!({"dealer": d, "complainer": c})).collect::<Vec<_>>(),
        "election_key": h(outcome.election_key.compressed().as_bytes()),
        "verification_keys": outcome.verification_keys.iter().map(|k| h(k.compress().as_bytes())).collect::<Vec<_>>(),
    });
    known_answer("ceremony-complaint.json", generated, |stored| {
        let mut rng = seeded(96);
        let params = CeremonyParams::new(unhex32(&stored["context"]), 4, 2).unwrap();
        let announcements: Vec<_> = stored["announcements"]
            .as_array()
            .unwrap()
            .iter()
            .map(announcement_from)
            .collect();
        let dealings: Vec<_> = stored["dealings"]
            .as_array()
            .unwrap()
            .iter()
            .map(dealing_from)
            .collect();
        let complaints: Vec<_> = stored["complaints"]
            .as_array()
            .unwrap()
            .iter()
            .map(complaint_from)
            .collect();
        let outcome =
            CeremonyOutcome::compute(&params, &announcements, &dealings, &complaints, &mut rng)
                .unwrap();
        assert_eq!(json!(outcome.qualified), stored["qualified"]);
        assert_eq!(
            h(outcome.election_key.compressed().as_bytes()),
            stored["election_key"].as_str().unwrap()
        );
    });
}

#[test]
fn signing_vectors() {
    use urne_crypto::signing::{SigningKey, VerifyingKey};
    let mut rng = seeded(7);
    let seed = [0x42; 32];
    let key = SigningKey::from_seed(&seed);
    let message =
        br#"{"cast_at":"2027-01-04T09:15Z","election":"e-1","scrutin":"s-1","tracker":"00"}"#;
    let signature = key.sign("receipt", message, &mut rng);
    let code = CredentialCode::generate(&mut rng);
    let keys = code.seed("scrutin-2026").election_keys("titulaires-cadres");
    let proof = keys.prove_possession("titulaires-cadres", b"session-challenge", &mut rng);
    let generated = json!({
        "description": "Server signatures and possession proofs (docs/protocol.md §7.5, §7.6), randomness from ChaCha20Rng::from_seed([7; 32]). signing: the key of a 32-byte seed and a signature of the message (UTF-8) for the purpose \"receipt\". possession: a credential code's key for one election and its proof over the session challenge (UTF-8).",
        "signing": {
            "seed": h(seed),
            "verifying_key": h(key.verifying_key().0),
            "purpose": "receipt",
            "message_utf8": std::str::from_utf8(message).unwrap(),
            "signature": h(signature),
        },
        "possession": {
            "code": code.to_text().as_str(),
            "scrutin_id": "scrutin-2026",
            "election_id": "titulaires-cadres",
            "credential_public_key": h(keys.public_key().compressed().as_bytes()),
            "session_utf8": "session-challenge",
            "proof": h(proof),
        },
    });
    known_answer("signing.json", generated, |stored| {
        let signing = &stored["signing"];
        let public = VerifyingKey(unhex32(&signing["verifying_key"]));
        let signature: [u8; 64] = unhex(&signing["signature"]).try_into().unwrap();
        let message = signing["message_utf8"].as_str().unwrap().as_bytes();
        let mut rng = seeded(0);
        assert!(public
            .verify_vartime("receipt", message, &signature, &mut rng)
            .is_ok());
        assert!(public
            .verify_vartime("other", message, &signature, &mut rng)
            .is_err());
        let possession = &stored["possession"];
        let key = urne_crypto::CredentialPublicKey::from_bytes(unhex32(
            &possession["credential_public_key"],
        ));
        let proof: [u8; 64] = unhex(&possession["proof"]).try_into().unwrap();
        assert!(key
            .verify_possession_vartime("titulaires-cadres", b"session-challenge", &proof, &mut rng)
            .is_ok());
    });
}
