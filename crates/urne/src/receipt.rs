//! `urne receipt FILE --key HEX`: checks a voter's saved receipt (the signed file the receipt
//! page gives) against the receipt key published in the scrutin's record (`/record/UID`, or the
//! record's `server-key` event), with no access to the server (`docs/protocol.md` §13.4).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use urne_crypto::signing::VerifyingKey;
use urne_record::receipt::SignedReceipt;

use crate::BadUsage;

/// Options of `urne receipt`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The saved receipt: a JSON array of signed receipts (or one signed receipt).
    file: PathBuf,
    /// The receipt key of the scrutin's record, 64 hex digits.
    #[arg(long, value_name = "HEX")]
    key: String,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(args.key.trim(), &mut key)
        .map_err(|_| BadUsage("--key: expected 64 hex digits".to_owned()))?;
    let key = VerifyingKey(key);
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("lecture de / reading {}", args.file.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| BadUsage(format!("{}: not JSON: {e}", args.file.display())))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut bad = 0;
    for (index, item) in items.iter().enumerate() {
        let checked = SignedReceipt::from_bytes(item.to_string().as_bytes()).and_then(|r| {
            r.verify(&key, &mut rand::rngs::OsRng)?;
            Ok(r)
        });
        match checked {
            Ok(r) => println!(
                "ok      receipt {index}: election {}, recorded {}, tracker {}",
                r.receipt.election, r.receipt.cast_at, r.receipt.tracker
            ),
            Err(error) => {
                bad += 1;
                println!("INVALID receipt {index}: {error}");
            }
        }
    }
    if bad > 0 {
        bail!("{bad} of {} receipts do not check out", items.len());
    }
    Ok(())
}
