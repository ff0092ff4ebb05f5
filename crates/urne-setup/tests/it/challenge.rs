//! Keyed hashes of badge digits and social-security keys.

use urne_setup::{hash_badge, hash_ss_key, verify_badge, verify_ss_key, ChallengePepper};

#[test]
fn same_input_same_hash_and_every_input_counts() {
    let pepper = ChallengePepper::from_bytes([1; 32]);
    let other_pepper = ChallengePepper::from_bytes([2; 32]);
    let hash = hash_badge(&pepper, "M000001", "0042");
    assert_eq!(hash, hash_badge(&pepper, "M000001", "0042"));
    assert_eq!(hash, hash_badge(&pepper, "M000001", " 00 42 "));
    assert_ne!(hash, hash_badge(&other_pepper, "M000001", "0042"));
    assert_ne!(hash, hash_badge(&pepper, "M000002", "0042"));
    assert_ne!(hash, hash_badge(&pepper, "M000001", "042"));
    assert_ne!(hash, hash_ss_key(&pepper, "M000001", "0042"));
}

#[test]
fn verify_accepts_the_right_value_only() {
    let pepper = ChallengePepper::from_bytes([1; 32]);
    let badge = hash_badge(&pepper, "M1", "123456");
    assert!(verify_badge(&pepper, "M1", "123456", &badge));
    assert!(!verify_badge(&pepper, "M1", "123457", &badge));
    assert!(!verify_badge(&pepper, "M2", "123456", &badge));
    let key = hash_ss_key(&pepper, "M1", "07");
    assert!(verify_ss_key(&pepper, "M1", "7", &key));
    assert!(verify_ss_key(&pepper, "M1", "07", &key));
    assert!(!verify_ss_key(&pepper, "M1", "08", &key));
    assert!(!verify_ss_key(
        &ChallengePepper::from_bytes([3; 32]),
        "M1",
        "07",
        &key
    ));
}

#[test]
fn pepper_is_not_printed() {
    let pepper = ChallengePepper::from_bytes([0xAB; 32]);
    assert_eq!(format!("{pepper:?}"), "ChallengePepper(..)");
}
