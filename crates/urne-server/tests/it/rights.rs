//! Annex 2 of the agreement on the server, one test per cell: each role of the bureau asks for
//! each right's page on a closed and counted scrutin, and gets it (200) or is refused (403)
//! exactly as the matrix says. A BVE member of another establishment sees nothing of this one.

use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_server::clock::Clock;
use urne_server::counting::{self, Target};
use urne_server::demo::seed;
use urne_store::registry::Role;

use crate::{Backend, Client, Server, PASSWORD};

/// A demo scrutin closed and counted (by its simulated bureau), and one account per role.
struct Counted {
    server: Server,
    uid: String,
    election: String,
    election_id: i64,
}

fn counted(name: &str) -> Counted {
    let server = Server::start(name, Backend::Sqlite).unwrap();
    let now = server.clock.now().as_second();
    let state = server.state();
    let demo = server.block_on(seed(&state, now, 4)).unwrap();
    let (election, election_id) = server.block_on(async {
        let registry = &server.stores.registry;
        let scrutin = registry.scrutin_by_uid(&demo.uid).await.unwrap();
        counting::close(&state, &scrutin).await.unwrap();
        let scrutin = registry.scrutin_by_uid(&demo.uid).await.unwrap();
        let c = counting::tallies(&state, &Target::vote(&scrutin))
            .await
            .unwrap();
        let mut rng = rand::rngs::OsRng;
        for member in 1..=2 {
            let sequence = &demo.ceremony.sequences[member as usize - 1];
            let key = demo.ceremony.key_share(member, sequence, &mut rng).unwrap();
            for manifest in &c.manifests {
                let sums = c.tally(&manifest.election).unwrap().sums().unwrap();
                let share = key.decrypt_share(&manifest.fingerprint(), &sums, &mut rng);
                counting::publish_share(
                    &state,
                    &Target::vote(&scrutin),
                    member,
                    &manifest.election,
                    &share.to_bytes(),
                )
                .await
                .unwrap();
            }
        }
        assert!(counting::results(&state, &Target::vote(&scrutin))
            .await
            .unwrap()
            .is_some());
        let siege = registry.establishments().await.unwrap()[0].id;
        let other = registry
            .add_establishment("AUTRE", "Usine de Brest", "", "")
            .await
            .unwrap();
        let union = registry.ensure_union("CFDT").await.unwrap();
        let phc = urne_server::password::hash_password(PASSWORD).unwrap();
        for (login, role, union, place) in [
            ("bvc", Role::Bvc, None, None),
            ("bve", Role::Bve, None, Some(siege)),
            ("bve-brest", Role::Bve, None, Some(other)),
            ("direction", Role::Direction, None, None),
            ("delegue", Role::Delegue, Some(union), Some(siege)),
        ] {
            let id = registry
                .add_staff(login, login, &phc, role, union)
                .await
                .unwrap();
            registry.set_staff_establishment(id, place).await.unwrap();
        }
        let manifest = Manifest::from_bytes(
            &server
                .stores
                .ballot_box
                .event_payloads(&demo.uid, kind::MANIFEST)
                .await
                .unwrap()[0],
        )
        .unwrap();
        let id = registry
            .elections(scrutin.id)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.election_uid == manifest.election)
            .unwrap()
            .id;
        (manifest.election, id)
    });
    Counted {
        server,
        uid: demo.uid,
        election,
        election_id,
    }
}

/// What a right's page answers `client`: its status.
fn ask(scene: &Counted, client: &Client, right: &str) -> u16 {
    let uid = &scene.uid;
    let get = |path: String| client.get(&path).status;
    match right {
        "participation" => get(format!("/bureau/{uid}/participation")),
        "emargement_online" => get(format!("/bureau/{uid}/emargement/{}", scene.election_id)),
        "emargement_download" => get(format!(
            "/bureau/{uid}/emargement/{}.csv",
            scene.election_id
        )),
        "results" => get(format!("/bureau/{uid}/results")),
        "pvs" => get(format!("/bureau/{uid}/pv/{}.pdf", scene.election)),
        "event_journal" => get(format!("/bureau/{uid}/journal/events.csv")),
        "seal" => get(format!("/bureau/{uid}/seal")),
        "hotline_journal" => get(format!("/bureau/{uid}/journal/hotline")),
        "pnd_journal" => get(format!("/bureau/{uid}/journal/pnd")),
        "keys" => get(format!("/bureau/{uid}/counting")),
        "programming" => {
            // Voting is closed: the BVC is told it is too late (400), the others refused (403).
            let csrf = client.get(&format!("/bureau/{uid}")).csrf();
            let status = client
                .post_form(
                    &format!("/bureau/{uid}/suspension"),
                    &[("csrf", &csrf), ("action", "suspend")],
                )
                .status;
            if status == 400 {
                200
            } else {
                status
            }
        }
        other => panic!("no page for {other}"),
    }
}

fn cell(role: &str, right: &str, allowed: bool) {
    let scene = counted(&format!("rights_{role}_{right}"));
    let client = scene.server.logged_in(role);
    let status = ask(&scene, &client, right);
    let expected = if allowed { 200 } else { 403 };
    assert_eq!(status, expected, "{role} × {right}");
}

/// One test per cell of Annex 2: `cells!(right: bvc, bve, direction, delegue)`.
macro_rules! cells {
    ($($right:ident: $bvc:literal, $bve:literal, $direction:literal, $delegue:literal;)*) => {
        mod annex_2 {
            $(
                mod $right {
                    #[test]
                    fn bvc() {
                        super::super::cell("bvc", stringify!($right), $bvc);
                    }
                    #[test]
                    fn bve() {
                        super::super::cell("bve", stringify!($right), $bve);
                    }
                    #[test]
                    fn direction() {
                        super::super::cell("direction", stringify!($right), $direction);
                    }
                    #[test]
                    fn delegue() {
                        super::super::cell("delegue", stringify!($right), $delegue);
                    }
                }
            )*
        }
    };
}

cells! {
    participation: true, true, true, true;
    emargement_online: false, true, false, false;
    emargement_download: false, true, false, false;
    results: true, true, true, true;
    pvs: false, true, true, false;
    event_journal: false, true, true, true;
    seal: true, true, true, true;
    hotline_journal: false, true, true, false;
    pnd_journal: false, true, true, false;
    programming: true, false, false, false;
    keys: true, false, false, false;
}

/// Annex 2's (*): a BVE member sees their establishment only.
#[test]
fn a_bve_member_of_another_establishment_sees_nothing_of_this_one() {
    let scene = counted("rights_perimeter");
    let brest = scene.server.logged_in("bve-brest");
    let uid = &scene.uid;
    assert_eq!(
        brest
            .get(&format!("/bureau/{uid}/pv/{}.pdf", scene.election))
            .status,
        404
    );
    assert_eq!(
        brest
            .get(&format!("/bureau/{uid}/emargement/{}", scene.election_id))
            .status,
        404
    );
    let results = brest.get(&format!("/bureau/{uid}/results"));
    assert!(
        !results.text().contains(&scene.election),
        "no result of Lyon in Brest"
    );
    let participation = brest.get(&format!("/bureau/{uid}/participation"));
    assert!(!participation.text().contains("Siège de Lyon"));
    // The one of Lyon sees it.
    let lyon = scene.server.logged_in("bve");
    assert_eq!(
        lyon.get(&format!("/bureau/{uid}/pv/{}.pdf", scene.election))
            .status,
        200
    );
}
