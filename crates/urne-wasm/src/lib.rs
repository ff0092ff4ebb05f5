//! WebAssembly bindings of `urne-crypto`, for the two pages that run cryptography in a browser:
//!
//! - the voter's booth ([`booth`]): stretch the credential code once ([`VoterCredential`]), get the
//!   login token, encrypt, prove and sign a ballot ([`Booth`]), compute its tracker;
//! - a bureau member's key-ceremony page ([`bureau`]): draw a séquence secrète, run the four DKG
//!   steps and compute a decryption share ([`Trustee`]).
//!
//! This crate is a thin adapter: it converts between JavaScript values (strings, numbers,
//! `Uint8Array`s, JSON text) and `urne-crypto` types and calls `urne-crypto`; every rule and every
//! computation stays there. Errors reach JavaScript as `Error` objects ([`JsError`]) with a
//! message fit for the page. Randomness is the browser's `crypto.getRandomValues`.
//!
//! Left out: I/O (the pages talk to the server), verification of other people's ballots and the
//! tally (the verifier's job, natively), and persistence of anything secret — secrets live in
//! the objects returned here until JavaScript calls their `free()`, which zeroizes them.
//!
//! Byte strings cross the boundary as `Uint8Array` (ballots, ciphertexts, decryption shares) or
//! lowercase hex (32-byte keys, fingerprints, tokens, trackers). The key ceremony's messages
//! are JSON text, encoded by `urne_record::ceremony` (the same code the server and the verifier
//! read them with).
//!
//! [`JsError`]: wasm_bindgen::JsError
//! [`VoterCredential`]: booth::VoterCredential
//! [`Booth`]: booth::Booth
//! [`Trustee`]: bureau::Trustee

#![forbid(unsafe_code)]

pub mod booth;
pub mod bureau;

use core::fmt::Display;

use wasm_bindgen::JsError;

/// A JavaScript error `what: cause`.
pub(crate) fn error(what: &str, cause: impl Display) -> JsError {
    JsError::new(&format!("{what}: {cause}"))
}

/// Decodes 32 bytes written in hex, naming `what` in the error.
pub(crate) fn hex32(what: &str, text: &str) -> Result<[u8; 32], JsError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut out)
        .map_err(|e| error(&format!("{what} must be 64 hexadecimal digits"), e))?;
    Ok(out)
}
