//! The organisateur's set-up: organisation, establishment, colleges, unions, a scrutin with its
//! suggested calendar, elections, and the journal of every change.

use crate::{link_ids, on_postgres, set_up, table_rows, Server, ORGANISER};

#[test]
fn set_up_flow_on_sqlite() {
    set_up_flow(&Server::sqlite("setup_flow"));
}

#[test]
fn set_up_flow_on_postgres() {
    on_postgres("setup_flow", set_up_flow);
}

fn set_up_flow(server: &Server) {
    let admin = server.logged_in(ORGANISER);
    let ids = set_up(&admin);

    let overview = admin.get("/admin");
    assert_eq!(overview.status, 200);
    let text = overview.text();
    for shown in [
        "Exemple SA",
        "552100554",
        "Toulouse",
        "Ouvriers et employés",
        "Cadres",
        "CFDT",
        "CGT",
    ] {
        assert!(text.contains(shown), "{shown} in {text}");
    }
    // The scrutin row: round 1, opening and closing in Paris time, two elections.
    let scrutins = table_rows(text, r#"id="h-scr""#);
    assert_eq!(
        scrutins,
        [[
            "CSE 2027 — 1er tour",
            "1",
            "21/11/2027 à 08:00",
            "23/11/2027 à 17:00",
            "2"
        ]]
    );

    // The scrutin's page: facts, the suggested calendar as stored, both elections.
    let path = format!("/admin/scrutins/{}", ids.scrutin);
    let page = admin.get(&path);
    let text = page.text();
    assert!(
        text.contains("<dd>2027-11-21</dd>"),
        "first round's day: {text}"
    );
    let due = |key: &str| {
        crate::attribute_after(
            text,
            &format!(r#"id="cal-{key}" name="{key}" type="datetime-local" value=""#),
        )
        .unwrap()
    };
    assert_eq!(due("annonce"), "2027-09-04T09:00");
    assert_eq!(due("depot_candidatures"), "2027-10-27T12:00");
    assert_eq!(due("recette_fin"), "2027-11-08T17:00");
    assert_eq!(due("depouillement"), "2027-11-23T17:00");
    assert_eq!(due("envoi_resultats"), "2027-12-08T17:00");
    let stored = server
        .block_on(server.stores.registry.calendar(ids.scrutin))
        .unwrap();
    assert_eq!(stored.len(), 9, "{stored:?}");
    // The first five columns; the sixth holds the correction forms.
    let elections: Vec<Vec<String>> = table_rows(text, r#"id="h-el""#)
        .into_iter()
        .map(|row| row[..5].to_vec())
        .collect();
    assert_eq!(
        elections,
        [
            ["Toulouse", "Ouvriers et employés", "titulaires", "4", "0"],
            ["Toulouse", "Ouvriers et employés", "suppléants", "4", "0"]
        ]
    );
    assert_eq!(ids.elections.len(), 2);
    assert_eq!(link_ids(text, "/lists/election/"), ids.elections);

    // The calendar can be adjusted; a bad date is refused and changes nothing.
    let reply = admin.post_form(
        &format!("{path}/calendar"),
        &[
            ("csrf", &page.csrf()),
            ("depot_candidatures", "2027-10-25T12:00"),
        ],
    );
    assert_eq!(reply.see_other(), format!("{path}#calendrier"));
    let reply = admin.post_form(
        &format!("{path}/calendar"),
        &[("csrf", &page.csrf()), ("annonce", "04/09/2027")],
    );
    assert_eq!(reply.status, 400);
    assert!(
        reply.text().contains("Date et heure invalides"),
        "{}",
        reply.text()
    );
    // A bad date refuses the whole form: the valid steps before it are not stored either.
    let reply = admin.post_form(
        &format!("{path}/calendar"),
        &[
            ("csrf", &page.csrf()),
            ("depot_candidatures", "2027-10-20T12:00"),
            ("envoi_resultats", "bientôt"),
        ],
    );
    assert_eq!(reply.status, 400);
    let text = admin.get(&path).text().to_owned();
    assert!(text
        .contains(r#"name="depot_candidatures" type="datetime-local" value="2027-10-25T12:00""#));
    assert!(text.contains(r#"name="annonce" type="datetime-local" value="2027-09-04T09:00""#));

    // Refused inputs: a closing before the opening, a bad SIREN, too many seats.
    let csrf = page.csrf();
    let reply = admin.post_form(
        "/admin/scrutins",
        &[
            ("csrf", &csrf),
            ("name", "À l'envers"),
            ("round", "1"),
            ("opens", "2027-11-23T17:00"),
            ("closes", "2027-11-21T08:00"),
        ],
    );
    assert_eq!(reply.status, 400);
    let reply = admin.post_form(
        "/admin/organisation",
        &[("csrf", &csrf), ("name", "Exemple SA"), ("siren", "12345")],
    );
    assert_eq!(reply.status, 400);
    let reply = admin.post_form(
        &format!("{path}/elections"),
        &[
            ("csrf", &csrf),
            ("establishment", "1"),
            ("college", "2"),
            ("seats", "36"),
        ],
    );
    assert_eq!(reply.status, 400);
    let overview = admin.get("/admin");
    assert_eq!(table_rows(overview.text(), r#"id="h-scr""#).len(), 1);
    assert!(overview.text().contains("552100554"));

    // The journal: each change, by the organisateur, newest first.
    let journal = admin.get("/admin/journal");
    assert_eq!(journal.status, 200);
    let rows = table_rows(journal.text(), "<table>");
    let elections_detail = format!(
        "scrutin {}, établissement {}, collège {}, 4 sièges",
        ids.scrutin, ids.establishment, ids.college
    );
    let scrutin_id = ids.scrutin.to_string();
    let actions: Vec<(&str, &str, &str)> = rows
        .iter()
        .rev()
        .map(|row| (row[1].as_str(), row[2].as_str(), row[3].as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            (ORGANISER, "connexion / login", ""),
            (ORGANISER, "organisation", "Exemple SA"),
            (
                ORGANISER,
                "établissement ajouté / establishment added",
                "TLS Toulouse"
            ),
            (
                ORGANISER,
                "collège ajouté / college added",
                "1 Ouvriers et employés"
            ),
            (ORGANISER, "collège ajouté / college added", "2 Cadres"),
            (ORGANISER, "syndicat ajouté / union added", "CFDT"),
            (ORGANISER, "syndicat ajouté / union added", "CGT"),
            (
                ORGANISER,
                "scrutin créé / scrutin created",
                "CSE 2027 — 1er tour"
            ),
            (
                ORGANISER,
                "élections créées / elections created",
                elections_detail.as_str()
            ),
            (
                ORGANISER,
                "calendrier modifié / calendar changed",
                scrutin_id.as_str()
            ),
        ]
    );
    // Times are shown in Paris time: the fixed clock's 09:00 UTC is 10:00 in January.
    assert!(
        rows.iter().all(|row| row[0] == "04/01/2027 à 10:00"),
        "{rows:?}"
    );
}

#[test]
fn a_delegue_cannot_reach_the_set_up() {
    let server = Server::sqlite("setup_forbidden");
    let admin = server.logged_in(ORGANISER);
    let ids = set_up(&admin);
    let (_, cfdt) = &ids.unions[0];
    let reply = admin.submit(
        "/admin/staff",
        "/admin/staff",
        &[
            ("login", "delegue.cfdt"),
            ("display_name", "Délégué CFDT"),
            ("password", crate::PASSWORD),
            ("role", "delegue"),
            ("union", cfdt),
        ],
    );
    assert_eq!(reply.see_other(), "/admin/staff");
    let delegue = server.logged_in("delegue.cfdt");
    let csrf = delegue.get("/lists").csrf();
    for page in ["/admin", "/admin/voters", "/admin/staff", "/admin/journal"] {
        assert_eq!(delegue.get(page).status, 403, "{page}");
    }
    let reply = delegue.post_form(
        &format!("/admin/scrutins/{}/lists-lock", ids.scrutin),
        &[("csrf", &csrf), ("locked", "1")],
    );
    assert_eq!(reply.status, 403);
    let reply = delegue.post_form(
        "/admin/staff",
        &[
            ("csrf", &csrf),
            ("login", "intrus"),
            ("display_name", "Intrus"),
            ("password", crate::PASSWORD),
            ("role", "organisateur"),
        ],
    );
    assert_eq!(reply.status, 403);
    assert!(!admin.get("/admin/staff").text().contains("intrus"));
}

/// Mistakes are fixed before sealing: names, dates, seats, elections, accounts.
#[test]
fn the_organisateur_corrects_the_set_up() {
    let server = Server::sqlite("corrections");
    let admin = server.logged_in(ORGANISER);
    let ids = set_up(&admin);
    let scrutin = format!("/admin/scrutins/{}", ids.scrutin);

    let reply = admin.submit(
        &scrutin,
        &format!("{scrutin}/edit"),
        &[
            ("name", "CSE 2027 — premier tour"),
            ("opens", "2027-11-22T08:00"),
            ("closes", "2027-11-24T17:00"),
        ],
    );
    assert_eq!(reply.see_other(), scrutin);
    let page = admin.get(&scrutin);
    assert!(page.text().contains("CSE 2027 — premier tour"));
    assert!(
        page.text().contains("2027-11-22T08:00"),
        "the edit form shows the new opening"
    );
    let backwards = admin.submit(
        &scrutin,
        &format!("{scrutin}/edit"),
        &[
            ("name", "x"),
            ("opens", "2027-11-24T08:00"),
            ("closes", "2027-11-22T17:00"),
        ],
    );
    assert_eq!(backwards.status, 400);

    let place = [
        ("establishment", ids.establishment.as_str()),
        ("college", ids.college.as_str()),
    ];
    let mut fields = place.to_vec();
    fields.push(("seats", "6"));
    admin.submit(&scrutin, &format!("{scrutin}/seats"), &fields);
    let seats: Vec<String> = table_rows(admin.get(&scrutin).text(), "Élections de ce scrutin")
        .into_iter()
        .map(|row| row[3].clone())
        .collect();
    assert_eq!(seats, ["6", "6"]);

    admin.submit(&scrutin, &format!("{scrutin}/elections/delete"), &place);
    assert!(link_ids(admin.get(&scrutin).text(), "/lists/election/").is_empty());

    // Accounts: a reset password works and ends the member's sessions; removal; never oneself.
    admin.submit(
        "/admin/staff",
        "/admin/staff",
        &[
            ("login", "hotline"),
            ("display_name", "Hotline"),
            ("password", "Initial-password-1"),
            ("role", "hotline"),
            ("union", ""),
        ],
    );
    let hotline = server.client();
    assert_eq!(hotline.login("hotline", "Initial-password-1").status, 303);
    let staff_page = admin.get("/admin/staff");
    let id = crate::attribute_after(staff_page.text(), "action=\"/admin/staff/")
        .and_then(|rest| rest.split('/').next().map(str::to_owned))
        .unwrap();
    admin.submit(
        "/admin/staff",
        &format!("/admin/staff/{id}/password"),
        &[("password", "Another-password-2")],
    );
    assert_eq!(
        hotline.get("/account").status,
        303,
        "sessions of the account ended"
    );
    assert_eq!(
        server
            .client()
            .login("hotline", "Another-password-2")
            .status,
        303
    );
    admin.submit("/admin/staff", &format!("/admin/staff/{id}/delete"), &[]);
    assert_eq!(
        server
            .client()
            .login("hotline", "Another-password-2")
            .status,
        401
    );
    let own = crate::attribute_after(admin.get("/admin/staff").text(), "action=\"/admin/staff/")
        .and_then(|rest| rest.split('/').next().map(str::to_owned))
        .unwrap();
    let refused = admin.submit("/admin/staff", &format!("/admin/staff/{own}/delete"), &[]);
    assert_eq!(refused.status, 400, "nobody removes their own account");
    let journal = admin.get("/admin/journal");
    for action in [
        "scrutin modifié",
        "sièges modifiés",
        "élections supprimées",
        "mot de passe réinitialisé",
        "compte supprimé",
    ] {
        assert!(journal.text().contains(action), "{action}");
    }
}
