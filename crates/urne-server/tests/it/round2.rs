//! The second round (L2314-29, Article 5 bis), created from the first round of the bureau's
//! end-to-end test ([`super::bureau`]).

use urne_record::results::ElectionResult;
use urne_server::clock::Clock;

use super::bureau::Life;

/// The suppléants' elections, where one voter in four voted, lack the quorum: the organisateur
/// creates the second round, which carries them over with their seats, the voters' places and
/// the bureau.
pub(crate) fn second_round(life: &Life, results: &[ElectionResult]) {
    let needed: Vec<&ElectionResult> = results.iter().filter(|r| r.second_round_required).collect();
    assert!(!needed.is_empty(), "the suppléants' quorum is not reached");
    let uid = &life.uid;
    let page = life.organiser.get(&format!("/bureau/{uid}/results"));
    assert!(
        page.text().contains("second-round"),
        "the organisateur is offered a second round"
    );
    let now = life.server.clock.now().as_second();
    let local = |secs: i64| urne_server::calendar::to_local(secs).unwrap();
    let fields = |csrf: &str| {
        [
            ("csrf", csrf.to_owned()),
            ("opens_at", local(now + 14 * 86_400)),
            ("closes_at", local(now + 16 * 86_400)),
        ]
    };
    let refused = life.direction.post_form(
        &format!("/bureau/{uid}/second-round"),
        &fields(&life.direction.get(&format!("/bureau/{uid}")).csrf())
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(refused.status, 403);
    let csrf = page.csrf();
    let form = fields(&csrf);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let created = life
        .organiser
        .post_form(&format!("/bureau/{uid}/second-round"), &form);
    assert!(created.see_other().starts_with("/admin/scrutins/"));
    let again = life
        .organiser
        .post_form(&format!("/bureau/{uid}/second-round"), &form);
    assert_eq!(again.status, 400, "one second round");
    life.server.block_on(async {
        let registry = &life.server.stores.registry;
        let first = registry.scrutin_by_uid(uid).await.unwrap();
        let round2 = registry
            .scrutins()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.first_round_id == Some(first.id))
            .unwrap();
        assert_eq!((round2.round, round2.threshold), (2, 2));
        let elections = registry.elections(round2.id).await.unwrap();
        assert_eq!(elections.len(), needed.len());
        let members = registry.bureau_members(round2.id).await.unwrap();
        assert_eq!(members, registry.bureau_members(first.id).await.unwrap());
    });
}
