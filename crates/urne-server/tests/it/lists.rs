//! Candidate lists: délégués file their union's lists, candidates and files, cannot see another
//! union's, and nothing changes once the organisateur locks the lists; the CSV import of lists.

use urne_server::uploads::{png_header, PDF_MAX_BYTES};
use urne_setup::sample_voter_csv;

use crate::{
    import_voters, known, link_ids, on_postgres, option_value, set_up, table_rows, unescape,
    Client, Server, SetUp, ORGANISER, PASSWORD,
};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% urne test\n%%EOF\n";

/// The organisateur's set-up with 40 voters, and délégués `delegue.a` (CFDT) and `delegue.b`
/// (CGT).
fn with_delegues(server: &Server) -> (Client, SetUp) {
    let admin = server.logged_in(ORGANISER);
    let ids = set_up(&admin);
    import_voters(&admin, &sample_voter_csv(40, &known(), 5), [40, 0, 0, 0]);
    for (login, name, (_, union)) in [
        ("delegue.a", "Délégué CFDT", &ids.unions[0]),
        ("delegue.b", "Déléguée CGT", &ids.unions[1]),
    ] {
        let reply = admin.submit(
            "/admin/staff",
            "/admin/staff",
            &[
                ("login", login),
                ("display_name", name),
                ("password", PASSWORD),
                ("role", "delegue"),
                ("union", union),
            ],
        );
        assert_eq!(reply.see_other(), "/admin/staff");
    }
    // A délégué needs a union; a weak password is refused.
    for (login, password, union) in [
        ("delegue.c", PASSWORD, ""),
        ("delegue.d", "court", ids.unions[0].1.as_str()),
    ] {
        let reply = admin.submit(
            "/admin/staff",
            "/admin/staff",
            &[
                ("login", login),
                ("display_name", "X"),
                ("password", password),
                ("role", "delegue"),
                ("union", union),
            ],
        );
        assert_eq!(reply.status, 400, "{login}");
    }
    // The first four columns; the fifth holds the management forms.
    let accounts: Vec<Vec<String>> = table_rows(admin.get("/admin/staff").text(), "<table>")
        .into_iter()
        .map(|row| row[..4].to_vec())
        .collect();
    assert_eq!(
        accounts,
        [
            ["delegue.a", "Délégué CFDT", "Délégué de liste", "CFDT"],
            ["delegue.b", "Déléguée CGT", "Délégué de liste", "CGT"],
            ["rh", "Direction RH", "Organisateur", ""],
        ]
    );
    (admin, ids)
}

/// Logs `login` in and checks where the login sends them.
fn log_in(server: &Server, login: &str, lands_on: &str) -> Client {
    let client = server.client();
    let reply = client.login(login, PASSWORD);
    assert_eq!(reply.see_other(), lands_on);
    client
}

/// The candidates shown on a list page: (sex, last name, first name), in order.
fn candidates(page: &str) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for n in 1.. {
        let value =
            |field: &str| crate::attribute_after(page, &format!(r#"name="{field}_{n}" value=""#));
        let Some(last_name) = value("last_name") else {
            break;
        };
        let select = &page[page.find(&format!(r#"<select id="sex_{n}""#)).unwrap()..];
        let select = &select[..select.find("</select>").unwrap()];
        let sex = if select.contains(r#"value="F" selected"#) {
            "F"
        } else {
            "H"
        };
        rows.push((sex.to_owned(), last_name, value("first_name").unwrap()));
    }
    rows
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

/// The candidate form of a list page with `rows` (sex, last name, first name) and `blank`
/// empty rows after them.
fn candidate_form(csrf: &str, rows: &[(&str, &str, &str)], blank: usize) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_owned(), csrf.to_owned())];
    for (i, (sex, last, first)) in rows.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("position_{n}"), n.to_string()));
        fields.push((format!("sex_{n}"), (*sex).to_owned()));
        fields.push((format!("last_name_{n}"), (*last).to_owned()));
        fields.push((format!("first_name_{n}"), (*first).to_owned()));
        fields.push((
            format!("birth_{n}"),
            if n == 1 { "1980-01-31" } else { "" }.to_owned(),
        ));
    }
    for n in rows.len() + 1..=rows.len() + blank {
        fields.push((format!("position_{n}"), n.to_string()));
        fields.push((format!("sex_{n}"), "F".to_owned()));
        fields.push((format!("last_name_{n}"), String::new()));
        fields.push((format!("first_name_{n}"), String::new()));
        fields.push((format!("birth_{n}"), String::new()));
    }
    fields
}

fn save_candidates(
    client: &Client,
    list: &str,
    csrf: &str,
    rows: &[(&str, &str, &str)],
    blank: usize,
) -> crate::Reply {
    let fields = candidate_form(csrf, rows, blank);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(&format!("{list}/candidates"), &fields)
}

#[test]
fn delegues_file_their_lists_on_sqlite() {
    delegues_file_their_lists(&Server::sqlite("delegues"));
}

#[test]
fn delegues_file_their_lists_on_postgres() {
    on_postgres("delegues", delegues_file_their_lists);
}

fn delegues_file_their_lists(server: &Server) {
    let (admin, ids) = with_delegues(server);
    let election = ids.elections[0];
    let election_path = format!("/lists/election/{election}");

    // Délégué A files a list; the union is always theirs, whatever the form says.
    let a = log_in(server, "delegue.a", "/lists");
    let index = a.get("/lists");
    assert_eq!(link_ids(index.text(), "/lists/election/"), ids.elections);
    let cgt = ids.unions[1].1.as_str();
    let reply = a.submit(
        &election_path,
        &election_path,
        &[("name", "CFDT — Ensemble"), ("union", cgt)],
    );
    let list = reply.see_other().to_owned();
    assert!(list.starts_with("/lists/"), "{list}");
    let page = a.get(&list);
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains(r#"name="last_name_4""#),
        "a row per seat"
    );
    assert!(!page.text().contains(r#"name="last_name_5""#));
    assert!(
        !page.text().contains(r#"id="parity-status""#),
        "no candidate yet"
    );
    let csrf = page.csrf();

    // Candidates, in the order of their numbers; the gender-balance check is shown.
    let reply = save_candidates(
        &a,
        &list,
        &csrf,
        &[("F", "Martin", "Alice"), ("H", "Durand", "Bruno")],
        2,
    );
    assert_eq!(reply.see_other(), format!("{list}#parite"));
    let page = a.get(&list);
    let text = page.text();
    assert_eq!(
        candidates(text),
        owned(&[("F", "Martin", "Alice"), ("H", "Durand", "Bruno")])
    );
    assert!(text.contains(r#"name="birth_1" type="date" value="1980-01-31""#));
    assert!(text.contains(r#"id="parity-status""#), "{text}");
    assert!(text.contains("Conforme."), "{text}");
    assert!(text.contains("Compositions admises"), "{text}");
    // Three women out of three breaks the balance of a mixed college.
    let reply = save_candidates(
        &a,
        &list,
        &csrf,
        &[
            ("F", "Martin", "Alice"),
            ("F", "Petit", "Chloé"),
            ("F", "Roux", "Léa"),
        ],
        1,
    );
    assert_eq!(reply.status, 303);
    let text = a.get(&list).text().to_owned();
    assert!(text.contains("Non conforme."), "{text}");
    assert!(text.contains("(L2314-30)"), "{text}");
    // More candidates than seats, or a row without first name, is refused.
    let five = [
        ("F", "A", "a"),
        ("H", "B", "b"),
        ("F", "C", "c"),
        ("H", "D", "d"),
        ("F", "E", "e"),
    ];
    let reply = save_candidates(&a, &list, &csrf, &five, 0);
    assert_eq!(reply.status, 400);
    assert!(
        reply.text().contains("5 candidats pour 4 sièges"),
        "{}",
        reply.text()
    );
    let reply = save_candidates(&a, &list, &csrf, &[("F", "Martin", "")], 0);
    assert_eq!(reply.status, 400);
    // Moving a candidate: change the numbers.
    let mut fields = candidate_form(
        &csrf,
        &[("F", "Martin", "Alice"), ("H", "Durand", "Bruno")],
        0,
    );
    for (name, value) in &mut fields {
        match name.as_str() {
            "position_1" => *value = "2".to_owned(),
            "position_2" => *value = "1".to_owned(),
            _ => {}
        }
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        a.post_form(&format!("{list}/candidates"), &fields).status,
        303
    );
    assert_eq!(
        candidates(a.get(&list).text()),
        owned(&[("H", "Durand", "Bruno"), ("F", "Martin", "Alice")])
    );

    // The profession de foi and the logo, checked by content, and read back.
    let files = format!("{list}/files");
    let reply = a.upload(
        &list,
        &files,
        &[("kind", "profession_de_foi")],
        "profession-de-foi.pdf",
        PDF,
    );
    assert_eq!(reply.see_other(), format!("{list}#fichiers"));
    let reply = a.upload(
        &list,
        &files,
        &[("kind", "logo")],
        "logo.png",
        &png_header(200, 200),
    );
    assert_eq!(reply.see_other(), format!("{list}#fichiers"));
    let page = a.get(&list);
    assert!(
        page.text()
            .contains(r#"id="pdf-link">profession-de-foi.pdf</a>"#),
        "{}",
        page.text()
    );
    let pdf = a.get(&format!("{list}/profession-de-foi"));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.body, PDF);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(
        pdf.header("content-disposition"),
        Some(r#"attachment; filename="profession-de-foi.pdf""#)
    );
    assert_eq!(pdf.header("x-content-type-options"), Some("nosniff"));
    let logo = a.get(&format!("{list}/logo"));
    assert_eq!(logo.status, 200);
    assert_eq!(logo.body, png_header(200, 200));
    assert_eq!(logo.header("content-type"), Some("image/png"));

    // A candidate's photo.
    let candidate = option_value(page.text(), "photo-candidate", "Durand");
    let photo = png_header(600, 800);
    let reply = a.upload(
        &list,
        &files,
        &[("kind", "photo"), ("candidate", &candidate)],
        "photo.png",
        &photo,
    );
    assert_eq!(reply.see_other(), format!("{list}#fichiers"));
    let shown = a.get(&format!("/candidates/{candidate}/photo"));
    assert_eq!(
        (shown.status, shown.header("content-type")),
        (200, Some("image/png"))
    );
    assert_eq!(shown.body, photo);

    // Refused files: too big, not a PDF, a logo of the wrong size. The stored PDF stays.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(PDF_MAX_BYTES + 1, b' ');
    let refusals: [(&str, &[u8], &str); 4] = [
        ("profession_de_foi", &big, "trop lourde"),
        (
            "profession_de_foi",
            b"<html><script>alert(1)</script></html>",
            "doit être un fichier PDF",
        ),
        ("logo", &png_header(201, 200), "200 × 200"),
        ("logo", PDF, "PNG ou JPEG"),
    ];
    for (kind, bytes, message) in refusals {
        let reply = a.upload(&list, &files, &[("kind", kind)], "fichier.pdf", bytes);
        assert_eq!(reply.status, 400, "{kind} {message}");
        assert!(reply.text().contains(message), "{}", reply.text());
    }
    assert_eq!(a.get(&format!("{list}/profession-de-foi")).body, PDF);

    // Délégué B (CGT) neither sees nor touches the CFDT list.
    let b = log_in(server, "delegue.b", "/lists");
    assert_eq!(b.get(&list).status, 403);
    assert_eq!(b.get(&format!("{list}/profession-de-foi")).status, 403);
    assert_eq!(b.get(&format!("{list}/logo")).status, 403);
    assert!(!b.get("/lists").text().contains("CFDT — Ensemble"));
    assert!(!b.get(&election_path).text().contains("CFDT — Ensemble"));
    let b_csrf = b.get("/lists").csrf();
    let reply = save_candidates(&b, &list, &b_csrf, &[("F", "Intruse", "Eve")], 0);
    assert_eq!(reply.status, 403);
    let reply = b.upload(
        "/lists",
        &files,
        &[("kind", "profession_de_foi")],
        "x.pdf",
        b"%PDF-1.4 autre",
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        b.post_form(&format!("{list}/delete"), &[("csrf", &b_csrf)])
            .status,
        403
    );
    // Photos too: another union's délégué cannot read them by the candidate's id.
    assert_eq!(b.get(&format!("/candidates/{candidate}/photo")).status, 403);
    assert_eq!(a.get(&format!("{list}/profession-de-foi")).body, PDF);
    // The organisateur sees every list.
    assert!(admin.get("/lists").text().contains("CFDT — Ensemble"));
    assert_eq!(admin.get(&list).status, 200);

    // The organisateur locks the lists at the end of the recette: nothing changes any more.
    let scrutin = format!("/admin/scrutins/{}", ids.scrutin);
    let reply = admin.submit(
        &scrutin,
        &format!("{scrutin}/lists-lock"),
        &[("locked", "1")],
    );
    assert_eq!(reply.see_other(), scrutin);
    let reply = save_candidates(&a, &list, &csrf, &[("F", "Tardive", "Zoé")], 0);
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(
        reply.text().contains("The lists are locked"),
        "{}",
        reply.text()
    );
    let page = a.get(&list);
    assert!(page.text().contains("Les listes sont verrouillées"));
    assert!(!page.text().contains(r#"id="save-candidates""#));
    assert_eq!(
        candidates(page.text()),
        owned(&[("H", "Durand", "Bruno"), ("F", "Martin", "Alice")])
    );
    let reply = a.post_multipart(
        &files,
        &[("csrf", &csrf), ("kind", "profession_de_foi")],
        "file",
        "v2.pdf",
        b"%PDF-1.4 v2",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(a.get(&format!("{list}/profession-de-foi")).body, PDF);
    let reply = a.post_form(&election_path, &[("csrf", &csrf), ("name", "Trop tard")]);
    assert_eq!(reply.status, 400);
    assert_eq!(
        a.post_form(&format!("{list}/delete"), &[("csrf", &csrf)])
            .status,
        400
    );

    // Unlocked again, changes are accepted.
    let reply = admin.submit(
        &scrutin,
        &format!("{scrutin}/lists-lock"),
        &[("locked", "0")],
    );
    assert_eq!(reply.see_other(), scrutin);
    let reply = save_candidates(&a, &list, &csrf, &[("F", "Martin", "Alice")], 0);
    assert_eq!(reply.status, 303);
}

#[test]
fn lists_are_imported_from_a_csv_file() {
    let server = Server::sqlite("list_import");
    let (admin, ids) = with_delegues(&server);
    let election = ids.elections[0];
    let page = format!("/lists/election/{election}");
    let action = format!("{page}/import");
    let csv = "syndicat;liste;ordre;sexe;nom;prénom\n\
               CGT;CGT — Unis;2;H;Durand;Bruno\n\
               CGT;CGT — Unis;1;F;Martin;Alice\n\
               CFDT;CFDT — Ensemble;1;H;Leroy;Hugo\n\
               CGT;CGT — Unis;3;F;Petit;Chloé\n";

    // A délégué imports only their union's lists: nothing is stored otherwise.
    let b = log_in(&server, "delegue.b", "/lists");
    let reply = b.upload(&page, &action, &[], "listes.csv", csv.as_bytes());
    assert_eq!(reply.status, 403);
    // A gap in the positions refuses the whole file.
    let gap = "syndicat;liste;ordre;sexe;nom;prénom\nCGT;CGT — Unis;1;F;Martin;Alice\nCGT;CGT — Unis;3;H;Durand;Bruno\n";
    let reply = admin.upload(&page, &action, &[], "listes.csv", gap.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(
        unescape(reply.text()).contains("rien n'a été enregistré"),
        "{}",
        reply.text()
    );
    assert!(
        link_ids(admin.get(&page).text(), "/lists/").is_empty(),
        "nothing stored"
    );

    let reply = admin.upload(&page, &action, &[], "listes.csv", csv.as_bytes());
    assert_eq!(reply.see_other(), page);
    let election_page = admin.get(&page);
    let lists = link_ids(election_page.text(), "/lists/");
    assert_eq!(lists.len(), 2, "{}", election_page.text());
    // Lists are shown by name: CFDT first.
    let cfdt = admin.get(&format!("/lists/{}", lists[0]));
    assert!(cfdt.text().contains("<h1>CFDT — Ensemble</h1>"));
    assert_eq!(candidates(cfdt.text()), owned(&[("H", "Leroy", "Hugo")]));
    let cgt = admin.get(&format!("/lists/{}", lists[1]));
    assert!(cgt.text().contains("<h1>CGT — Unis</h1>"));
    assert_eq!(
        candidates(cgt.text()),
        owned(&[
            ("F", "Martin", "Alice"),
            ("H", "Durand", "Bruno"),
            ("F", "Petit", "Chloé")
        ])
    );
    // Each list is filed under its union: délégué B sees the CGT list only.
    let seen = link_ids(b.get(&page).text(), "/lists/");
    assert_eq!(seen, [lists[1]]);
    // A list of more candidates than seats (4) is refused, as on the list page (L2314-29).
    let long = "syndicat;liste;ordre;sexe;nom;prénom\n\
                CGT;Trop longue;1;F;A;a\nCGT;Trop longue;2;H;B;b\nCGT;Trop longue;3;F;C;c\n\
                CGT;Trop longue;4;H;D;d\nCGT;Trop longue;5;F;E;e\n";
    let reply = admin.upload(&page, &action, &[], "longue.csv", long.as_bytes());
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(
        reply.text().contains("5 candidats pour 4 sièges"),
        "{}",
        reply.text()
    );
    assert_eq!(link_ids(admin.get(&page).text(), "/lists/").len(), 2);
    // The same file again would duplicate the lists: refused.
    let reply = admin.upload(&page, &action, &[], "listes.csv", csv.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("existe déjà"), "{}", reply.text());
    assert_eq!(link_ids(admin.get(&page).text(), "/lists/").len(), 2);
}
