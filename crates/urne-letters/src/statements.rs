//! The other documents the bureau signs or the employer sends (Article 9.12 and Annex 2 of the
//! agreement): the procès-verbal de carence (Cerfa n° 15248), the representativeness statement
//! (Code du travail, art. L2122-1) and the émargement list to sign. French then English.

use crate::flow::{self, Block, Column, Item, BOLD, REGULAR, WIDTH_MM};
use crate::pv::Employer;

/// A procès-verbal de carence: no candidate in a college (Cerfa n° 15248).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarenceDocument {
    /// The employer.
    pub employer: Employer,
    /// The colleges with no candidate, e.g. "Cadres — titulaires".
    pub colleges: Vec<String>,
    /// 1 or 2: the round after which no candidate stood.
    pub round: u8,
    /// Date of the round, formatted.
    pub date: String,
}

/// One union's line of the representativeness statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnionAudience {
    /// The union.
    pub union: String,
    /// Votes at the first round of the titulaires, all colleges, formatted.
    pub votes: String,
    /// Share of the valid votes, formatted, e.g. "23,41 %".
    pub share: String,
    /// At least 10 %.
    pub representative: bool,
}

/// The representativeness statement of a scrutin (L2122-1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudienceDocument {
    /// The employer.
    pub employer: Employer,
    /// The scrutin's name.
    pub scrutin: String,
    /// Valid votes cast for titulaires at the first round, all colleges.
    pub sve: u64,
    /// The unions, largest first.
    pub unions: Vec<UnionAudience>,
}

/// One elector of an émargement list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmargementLine {
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// When they voted, formatted in Paris time, or `None`.
    pub voted_at: Option<String>,
}

/// The émargement list of one election.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmargementDocument {
    /// The employer.
    pub employer: Employer,
    /// The election, e.g. "Siège — Cadres — titulaires".
    pub election: String,
    /// The electors, alphabetically.
    pub lines: Vec<EmargementLine>,
}

fn header(title: (&str, &str), employer: &Employer) -> Block {
    let mut b = Block::default();
    b.text(0.0, BOLD, 13.0, title.0);
    b.text(0.0, REGULAR, 10.0, title.1);
    b.push(Item::Rule)
        .field("Raison sociale / Company name", &employer.organisation)
        .field("SIREN", &employer.siren)
        .field("Établissement / Establishment", &employer.establishment)
        .field("SIRET", &employer.siret)
        .field("Adresse / Address", &employer.address);
    b
}

fn signature_block(signatories: &[&str]) -> Block {
    let mut b = Block::default();
    b.push(Item::Rule);
    for who in signatories {
        b.push(Item::Gap(3.0)).field(who, "").field("Signature", "");
    }
    b.push(Item::Gap(3.0))
        .field("Fait à / Done at", "")
        .field("Le / On", "");
    b
}

/// The procès-verbal de carence as a PDF.
pub fn carence(doc: &CarenceDocument) -> Vec<u8> {
    let title = (
        "Procès-verbal de carence — élections du comité social et économique",
        "Record of no candidates — election of the social and economic committee",
    );
    let mut body = Block::default();
    body.push(Item::Rule)
        .field("Formulaire / Form", "Cerfa n° 15248")
        .field(
            "Tour / Round",
            if doc.round == 1 {
                "1er tour / first round"
            } else {
                "2nd tour / second round"
            },
        )
        .field("Date du scrutin / Date of the vote", &doc.date)
        .push(Item::Gap(2.0))
        .text(
            0.0,
            REGULAR,
            9.5,
            "Aucune candidature n'a été présentée dans les collèges suivants / No candidate \
             stood in the following colleges:",
        );
    for college in &doc.colleges {
        body.text(4.0, BOLD, 9.5, college);
    }
    let blocks = vec![
        header(title, &doc.employer),
        body,
        signature_block(&["L'employeur / The employer"]),
    ];
    flow::render("PV de carence — Cerfa 15248", blocks)
}

const AUDIENCE_COLUMNS: [Column; 4] = [
    Column {
        x_mm: 0.0,
        width_mm: 80.0,
        right: false,
    },
    Column {
        x_mm: 80.0,
        width_mm: 30.0,
        right: true,
    },
    Column {
        x_mm: 110.0,
        width_mm: 25.0,
        right: true,
    },
    Column {
        x_mm: 135.0,
        width_mm: WIDTH_MM - 135.0,
        right: true,
    },
];

/// The representativeness statement as a PDF.
pub fn audience(doc: &AudienceDocument) -> Vec<u8> {
    let title = (
        "Représentativité syndicale — audience électorale (art. L2122-1 du Code du travail)",
        "Union representativeness — electoral audience (Labour Code, art. L2122-1)",
    );
    let mut body = Block::default();
    body.push(Item::Rule)
        .field("Scrutin / Election", &doc.scrutin)
        .field(
            "Suffrages valablement exprimés, titulaires, 1er tour / Valid votes, full members, \
             first round",
            &doc.sve.to_string(),
        )
        .push(Item::Gap(2.0));
    body.row(
        &AUDIENCE_COLUMNS,
        BOLD,
        8.5,
        &[
            "Syndicat / Union",
            "Voix / Votes",
            "Part / Share",
            "Représentatif",
        ],
    );
    for union in &doc.unions {
        let representative = if union.representative {
            "Oui / Yes"
        } else {
            "Non / No"
        };
        body.row(
            &AUDIENCE_COLUMNS,
            REGULAR,
            9.0,
            &[&union.union, &union.votes, &union.share, representative],
        );
    }
    let blocks = vec![header(title, &doc.employer), body];
    flow::render("Représentativité / Representativeness", blocks)
}

const EMARGEMENT_COLUMNS: [Column; 3] = [
    Column {
        x_mm: 0.0,
        width_mm: 65.0,
        right: false,
    },
    Column {
        x_mm: 65.0,
        width_mm: 55.0,
        right: false,
    },
    Column {
        x_mm: 120.0,
        width_mm: WIDTH_MM - 120.0,
        right: false,
    },
];

/// The émargement list as a PDF, to be signed by the bureau de vote d'établissement.
pub fn emargement(doc: &EmargementDocument) -> Vec<u8> {
    let title = ("Liste d'émargement", "Voters' register");
    let mut head = header(title, &doc.employer);
    head.field("Élection / Election", &doc.election);
    let voted = doc.lines.iter().filter(|l| l.voted_at.is_some()).count();
    head.field(
        "Inscrits / Registered — votants / voted",
        &format!("{} — {voted}", doc.lines.len()),
    );
    let mut blocks = vec![head];
    for chunk in doc.lines.chunks(40) {
        let mut b = Block::default();
        b.push(Item::Gap(2.0)).row(
            &EMARGEMENT_COLUMNS,
            BOLD,
            8.5,
            &["Nom / Name", "Prénom / First name", "A voté le / Voted on"],
        );
        for line in chunk {
            let at = line.voted_at.as_deref().unwrap_or("—");
            b.row(
                &EMARGEMENT_COLUMNS,
                REGULAR,
                8.5,
                &[&line.last_name, &line.first_name, at],
            );
        }
        blocks.push(b);
    }
    blocks.push(signature_block(&[
        "Président(e) / Chair",
        "Assesseur / Assessor",
        "Assesseur / Assessor",
    ]));
    flow::render(&format!("Émargement — {}", doc.election), blocks)
}
