//! `urne credentials` as an organisateur and an offline credential authority run it: the
//! server exports the electors, the authority generates letters and public files on its own
//! machine (no database), the server imports them (and refuses a tampered upload, naming the
//! file, line and field, storing nothing); `issue` has the server draw the codes itself.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod site;
use site::Site;

use urne_store::registry::{Body, CodeOrigin};

/// The scrutin's college EMP of establishment PAR gets its titulaires and suppléants.
fn elections(site: &Site) {
    Site::block_on(async {
        let stores = site.stores().await;
        let registry = &stores.registry;
        let scrutin = registry.scrutins().await.unwrap()[0].id;
        let par = registry.establishments().await.unwrap()[0].id;
        let emp = registry
            .colleges()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.code == "EMP")
            .unwrap()
            .id;
        registry
            .add_election("cli-tit", scrutin, par, emp, Body::Titulaires, 3)
            .await
            .unwrap();
        registry
            .add_election("cli-sup", scrutin, par, emp, Body::Suppleants, 3)
            .await
            .unwrap();
        registry.db().close().await;
    });
}

fn counts(site: &Site) -> (u64, u64, u64) {
    Site::block_on(async {
        let stores = site.stores().await;
        let scrutin = stores.registry.scrutins().await.unwrap()[0].id;
        let codes = stores.registry.access_code_counts(scrutin).await.unwrap();
        let keys = stores
            .ballot_box
            .credential_counts("cli-tit")
            .await
            .unwrap();
        (
            codes.get(CodeOrigin::Authority.as_str()).map_or(0, |c| c.0),
            codes.get(CodeOrigin::Server.as_str()).map_or(0, |c| c.0),
            keys.values().sum(),
        )
    })
}

#[test]
fn an_authority_generates_offline_and_the_server_imports() {
    for site in Site::all("credentials") {
        let known = site.organisation();
        elections(&site);
        let file = site.dir.join("electeurs.csv");
        std::fs::write(&file, urne_setup::sample_voter_csv(40, &known, 3)).unwrap();
        let (code, out, err) = site.urne(
            &["import", "voters", file.to_str().unwrap(), "--yes"],
            "",
            None,
        );
        assert_eq!(code, 0, "{out}{err}");

        let export = site.dir.join("export.json");
        let (code, out, err) = site.urne(
            &[
                "credentials",
                "export",
                "--scrutin",
                "cli-test",
                "--out",
                export.to_str().unwrap(),
            ],
            "",
            None,
        );
        assert_eq!(code, 0, "{out}{err}");
        let exported: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
        let electors = exported["voters"].as_array().unwrap().len();
        assert!(electors > 5, "{out}");

        // The authority's machine: no database variables at all.
        let dir = site.dir.join("authority");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_urne"))
            .args([
                "credentials",
                "generate",
                export.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
            ])
            .env_remove("URNE_REGISTRY_URL")
            .env_remove("URNE_BALLOT_BOX_URL")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let pdf = std::fs::read(dir.join("letters.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let registry_csv = std::fs::read_to_string(dir.join("registry.csv")).unwrap();
        assert_eq!(registry_csv.lines().count(), electors + 1);

        // A tampered upload is refused with its place, and nothing is stored.
        let bad = site.dir.join("tampered");
        std::fs::create_dir_all(&bad).unwrap();
        std::fs::copy(dir.join("ballot-box.json"), bad.join("ballot-box.json")).unwrap();
        let mut lines: Vec<&str> = registry_csv.lines().collect();
        let forged = format!("X999999,{}", "ab".repeat(32));
        lines[2] = &forged;
        std::fs::write(bad.join("registry.csv"), lines.join("\n")).unwrap();
        let (code, out, err) = site.urne(
            &[
                "credentials",
                "import",
                bad.to_str().unwrap(),
                "--scrutin",
                "cli-test",
            ],
            "",
            None,
        );
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains("registry.csv, line 3, matricule: X999999 is not an elector"),
            "{err}"
        );
        assert_eq!(counts(&site), (0, 0, 0));

        let (code, out, err) = site.urne(
            &[
                "credentials",
                "import",
                dir.to_str().unwrap(),
                "--scrutin",
                "cli-test",
            ],
            "",
            None,
        );
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(counts(&site), (electors as u64, 0, electors as u64));

        // Mode 1: the server draws new codes, which replace the authority's.
        let issued = site.dir.join("issued");
        let (code, out, err) = site.urne(
            &[
                "credentials",
                "issue",
                "--scrutin",
                "cli-test",
                "--out",
                issued.to_str().unwrap(),
            ],
            "",
            None,
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(std::fs::read(issued.join("letters.pdf"))
            .unwrap()
            .starts_with(b"%PDF"));
        assert_eq!(counts(&site), (0, electors as u64, 2 * electors as u64));
    }
}
