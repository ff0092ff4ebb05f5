//! `static/login.js` derives the same login token as `urne-crypto` (docs/protocol.md §7), and
//! catches typing mistakes before anything is sent. Run under Node's WebCrypto, the same API
//! browsers give it; skipped without Node unless `URNE_REQUIRE_BROWSER` is set.

use std::process::Command;

use urne_crypto::CredentialCode;

fn node_token(code: &str, scrutin: &str) -> Option<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/static/login.js");
    let program = format!(
        "require({script:?}); urneLoginToken(process.argv[1], process.argv[2]).then(r => console.log(r.token || r.error))"
    );
    let output = match Command::new("node")
        .args(["-e", &program, code, scrutin])
        .output()
    {
        Ok(output) => output,
        Err(_) if std::env::var_os("URNE_REQUIRE_BROWSER").is_none() => {
            eprintln!("login.js: skipped (no node)");
            return None;
        }
        Err(error) => panic!("node is required: {error}"),
    };
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8(output.stdout).unwrap().trim().to_owned())
}

#[test]
fn login_js_derives_the_protocol_token_and_catches_typos() {
    let mut rng = rand::rngs::OsRng;
    let code = CredentialCode::generate(&mut rng).to_text().to_string();
    let expected = hex::encode(
        CredentialCode::parse(&code)
            .unwrap()
            .seed("scr-é")
            .login_token()
            .0,
    );
    let Some(token) = node_token(&code, "scr-é") else {
        return;
    };
    assert_eq!(token, expected);
    // Lower case, no dashes, O for 0: the same token.
    let sloppy = code.replace('-', "").to_lowercase().replace('0', "o");
    assert_eq!(node_token(&sloppy, "scr-é").unwrap(), expected);
    // One symbol changed: a typing mistake, caught before any derivation.
    // (The check symbols catch all but 1 in 1 024 changes: take one Rust refuses.)
    let typo = ['A', 'B', 'C', 'D']
        .iter()
        .map(|c| format!("{c}{}", &code[1..]))
        .find(|t| CredentialCode::parse(t).is_err())
        .unwrap();
    let answer = node_token(&typo, "scr-é").unwrap();
    assert!(answer == "checksum", "{answer}");
    assert_eq!(node_token("ABC", "scr-é").unwrap(), "length");
    assert_eq!(
        node_token("ABCDEF-GHJKMN-PQRSTU", "scr-é").unwrap(),
        "character"
    );
}
