//! The bureau's documents read back with `pdftotext`: every figure and name is in the text.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Test helpers outside #[test] functions.

use std::process::Command;

use urne_letters::pv::{self, Employer, PvCandidate, PvDocument, PvForm, PvList};
use urne_letters::statements::{
    self, AudienceDocument, CarenceDocument, EmargementDocument, EmargementLine, UnionAudience,
};

fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
    assert!(pdf.starts_with(b"%PDF"));
    let path = std::env::temp_dir().join(format!("urne-{name}-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output();
    std::fs::remove_file(&path).unwrap();
    match out.ok().filter(|out| out.status.success()) {
        Some(out) => Some(String::from_utf8(out.stdout).unwrap()),
        None if std::env::var_os("URNE_REQUIRE_BROWSER").is_some() => {
            panic!("pdftotext (poppler-utils) is required")
        }
        None => {
            eprintln!("pdftotext not found (poppler-utils): text not checked");
            None
        }
    }
}

fn employer() -> Employer {
    Employer {
        organisation: "Démo Industries SA".to_owned(),
        siren: "552100554".to_owned(),
        establishment: "Siège de Nantes".to_owned(),
        siret: "55210055400013".to_owned(),
        address: "1 rue de la Paix, 44000 Nantes".to_owned(),
        idcc: String::new(),
        naf: "2511Z".to_owned(),
        headcount: String::new(),
    }
}

fn pv_doc(form: PvForm) -> PvDocument {
    PvDocument {
        form,
        employer: employer(),
        college: "Ingénieurs et cadres".to_owned(),
        round: 1,
        date: "27/11/2026".to_owned(),
        protocol_date: String::new(),
        seats: 4,
        inscrits: 1234,
        votants: 987,
        blancs: 21,
        nuls: 13,
        sve: 953,
        quorum_threshold: "617,00".to_owned(),
        quorum_reached: true,
        quotient: "238,25".to_owned(),
        lists: vec![
            PvList {
                name: "Liste CFDT".to_owned(),
                union: Some("CFDT".to_owned()),
                ballots: 611,
                list_votes: "605,33".to_owned(),
                seats_by_quotient: 2,
                seats_by_average: 1,
                candidates: vec![
                    PvCandidate {
                        last_name: "Lefèvre".to_owned(),
                        first_name: "Anaïs".to_owned(),
                        sex: "F".to_owned(),
                        ratures: 17,
                        votes: 594,
                        elected: true,
                    },
                    PvCandidate {
                        last_name: "Nguyen".to_owned(),
                        first_name: "Bao".to_owned(),
                        sex: "H".to_owned(),
                        ratures: 0,
                        votes: 611,
                        elected: false,
                    },
                ],
            },
            PvList {
                name: "Liste libre des cadres".to_owned(),
                union: None,
                ballots: 342,
                list_votes: "342,00".to_owned(),
                seats_by_quotient: 1,
                seats_by_average: 0,
                candidates: vec![PvCandidate {
                    last_name: "Durand".to_owned(),
                    first_name: "Zoé".to_owned(),
                    sex: "F".to_owned(),
                    ratures: 5,
                    votes: 337,
                    elected: true,
                }],
            },
        ],
        unfilled: 0,
        second_round_required: false,
        bureau: vec!["Marie Curie".to_owned(), "Jean Jaurès".to_owned()],
        record_url: "https://vote.example.fr/record/abc".to_owned(),
    }
}

#[test]
fn a_pv_carries_every_field_and_figure() {
    for form in [PvForm::Titulaires, PvForm::Suppleants] {
        let doc = pv_doc(form);
        if let Some(dir) = std::env::var_os("URNE_DUMP_PV") {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("pv-{}.pdf", form.cerfa())),
                pv::render(&doc),
            )
            .unwrap();
        }
        let Some(text) = pdftotext(&pv::render(&doc), "pv") else {
            return;
        };
        assert!(text.contains(form.cerfa()));
        let body = if form == PvForm::Titulaires {
            "membres titulaires"
        } else {
            "membres suppléants"
        };
        assert!(text.contains(body), "{text}");
        for needle in [
            "Démo Industries SA",
            "552100554",
            "55210055400013",
            "Siège de Nantes",
            "2511Z",
            "Ingénieurs et cadres",
            "27/11/2026",
            "1er tour",
            "1234",
            "987",
            "953",
            "617,00",
            "238,25",
            "Liste CFDT",
            "605,33",
            "Liste libre des cadres",
            "Liste libre / free list",
            "Lefèvre",
            "Anaïs",
            "594",
            "Durand",
            "Zoé",
            "337",
            "Marie Curie",
            "Jean Jaurès",
            "https://vote.example.fr/record/abc",
            "Observations et incidents",
        ] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
        // The IDCC is unknown: a dotted line to fill by hand, not a made-up value.
        let idcc = text.lines().find(|l| l.contains("IDCC")).unwrap();
        assert!(idcc.contains("……"), "{idcc}");
        // Blancs and nuls on their lines.
        let line = |label: &str| text.lines().find(|l| l.contains(label)).unwrap().to_owned();
        assert!(line("Bulletins blancs").contains("21"));
        assert!(line("Bulletins nuls").contains("13"));
        assert!(line("Lefèvre").contains("17") && line("Lefèvre").contains("Élu"));
        assert!(!line("Nguyen").contains("Élu"));
    }
}

#[test]
fn a_long_pv_spreads_over_pages() {
    let mut doc = pv_doc(PvForm::Titulaires);
    let template = doc.lists[0].clone();
    doc.lists = (0..12)
        .map(|i| PvList {
            name: format!("Liste {i}"),
            ..template.clone()
        })
        .collect();
    let pdf = pv::render(&doc);
    let Some(text) = pdftotext(&pdf, "pv-long") else {
        return;
    };
    assert!(text.contains("Liste 11"));
    assert!(text.matches('\u{c}').count() >= 2, "several pages");
}

#[test]
fn carence_audience_and_emargement() {
    let carence = statements::carence(&CarenceDocument {
        employer: employer(),
        colleges: vec!["Cadres — titulaires".to_owned()],
        round: 2,
        date: "11/12/2026".to_owned(),
    });
    if let Some(text) = pdftotext(&carence, "carence") {
        for needle in [
            "15248",
            "Cadres — titulaires",
            "2nd tour",
            "11/12/2026",
            "carence",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
    }
    let audience = statements::audience(&AudienceDocument {
        employer: employer(),
        scrutin: "CSE 2026".to_owned(),
        sve: 953,
        unions: vec![
            UnionAudience {
                union: "CFDT".to_owned(),
                votes: "605,33".to_owned(),
                share: "63,52 %".to_owned(),
                representative: true,
            },
            UnionAudience {
                union: "SUD".to_owned(),
                votes: "40,00".to_owned(),
                share: "4,20 %".to_owned(),
                representative: false,
            },
        ],
    });
    if let Some(text) = pdftotext(&audience, "audience") {
        for needle in ["L2122-1", "CFDT", "63,52 %", "SUD", "4,20 %", "953"] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
        let sud = text.lines().find(|l| l.contains("SUD")).unwrap();
        assert!(sud.contains("Non"));
    }
    let lines: Vec<EmargementLine> = (0..95)
        .map(|i| EmargementLine {
            last_name: format!("Nom{i:03}"),
            first_name: "Prénom".to_owned(),
            voted_at: (i % 3 == 0).then(|| format!("26/11/2026 09:{:02}", i % 60)),
        })
        .collect();
    let emargement = statements::emargement(&EmargementDocument {
        employer: employer(),
        election: "Siège — Cadres — titulaires".to_owned(),
        lines,
    });
    if let Some(text) = pdftotext(&emargement, "emargement") {
        assert!(text.contains("95 — 32"), "{text}");
        for i in 0..95 {
            assert!(text.contains(&format!("Nom{i:03}")));
        }
        assert!(text.contains("26/11/2026 09:03"));
    }
}
