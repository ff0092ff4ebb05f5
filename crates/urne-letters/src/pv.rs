//! The procès-verbal of an election's results (Article 9.12 of the agreement): an A4 PDF carrying
//! every field of the Cerfa forms n° 15822 (membres titulaires) and n° 15823 (membres
//! suppléants), French then English, pre-filled from the count and ready for the bureau de vote
//! d'établissement to read out, complete with incidents and sign.
//!
//! Fields the set-up does not hold (IDCC, NAF code, headcount, date of the protocol) print as a
//! dotted line to fill by hand, never as an invented value. The caller formats the figures
//! (`urne-record::results` writes exact rationals; PVs show two decimals).

use crate::flow::{self, Block, Column, Item, BOLD, INDENT_MM, REGULAR, WIDTH_MM};

/// Which form: the body elected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PvForm {
    /// Cerfa n° 15822: membres titulaires.
    Titulaires,
    /// Cerfa n° 15823: membres suppléants.
    Suppleants,
}

impl PvForm {
    /// The Cerfa number.
    pub fn cerfa(self) -> &'static str {
        match self {
            PvForm::Titulaires => "15822",
            PvForm::Suppleants => "15823",
        }
    }

    fn title(self) -> (&'static str, &'static str) {
        match self {
            PvForm::Titulaires => (
                "Procès-verbal des élections des membres titulaires de la délégation du \
                 personnel du comité social et économique (CSE)",
                "Record of the election of the full members of the staff delegation to the \
                 social and economic committee",
            ),
            PvForm::Suppleants => (
                "Procès-verbal des élections des membres suppléants de la délégation du \
                 personnel du comité social et économique (CSE)",
                "Record of the election of the substitute members of the staff delegation to \
                 the social and economic committee",
            ),
        }
    }
}

/// The employer and the establishment, as the form's first box asks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Employer {
    /// Raison sociale.
    pub organisation: String,
    /// SIREN.
    pub siren: String,
    /// The establishment's name.
    pub establishment: String,
    /// SIRET of the establishment.
    pub siret: String,
    /// Postal address.
    pub address: String,
    /// Identifiant de convention collective, when known.
    pub idcc: String,
    /// Code NAF, when known.
    pub naf: String,
    /// Headcount of the establishment, when known.
    pub headcount: String,
}

/// One candidate's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvCandidate {
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// "F" or "H".
    pub sex: String,
    /// Ratures.
    pub ratures: u64,
    /// Voix obtenues.
    pub votes: u64,
    /// Élu(e).
    pub elected: bool,
}

/// One list's lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvList {
    /// The list's name.
    pub name: String,
    /// The union (sigle and affiliation), or `None` for a free list (round 2).
    pub union: Option<String>,
    /// Valid ballots for the list.
    pub ballots: u64,
    /// Its votes for the allocation (average of its candidates' votes), formatted.
    pub list_votes: String,
    /// Seats at the quotient.
    pub seats_by_quotient: u64,
    /// Seats at the highest average.
    pub seats_by_average: u64,
    /// Candidates, in the order of presentation.
    pub candidates: Vec<PvCandidate>,
}

/// A procès-verbal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvDocument {
    /// Titulaires or suppléants.
    pub form: PvForm,
    /// The employer.
    pub employer: Employer,
    /// The college, e.g. "Ouvriers et employés".
    pub college: String,
    /// 1 or 2.
    pub round: u8,
    /// Date of the vote (closing day), formatted, e.g. "27/11/2026".
    pub date: String,
    /// Date the pre-electoral protocol was signed, when known.
    pub protocol_date: String,
    /// Seats to fill.
    pub seats: u32,
    /// Électeurs inscrits.
    pub inscrits: u64,
    /// Votants.
    pub votants: u64,
    /// Bulletins blancs.
    pub blancs: u64,
    /// Bulletins nuls.
    pub nuls: u64,
    /// Suffrages valablement exprimés.
    pub sve: u64,
    /// Half the inscrits, formatted (round 1).
    pub quorum_threshold: String,
    /// The quorum reached.
    pub quorum_reached: bool,
    /// The electoral quotient, formatted, or empty when no seat was allocated.
    pub quotient: String,
    /// The lists, in ballot order.
    pub lists: Vec<PvList>,
    /// Seats left unfilled.
    pub unfilled: u64,
    /// A second round is needed.
    pub second_round_required: bool,
    /// Signatories: the bureau de vote d'établissement's members (president first).
    pub bureau: Vec<String>,
    /// Where anyone can check the count, e.g. "https://vote.example.fr/record/abc".
    pub record_url: String,
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "Oui / Yes"
    } else {
        "Non / No"
    }
}

fn ordinal(round: u8) -> &'static str {
    if round == 1 {
        "1er tour / first round"
    } else {
        "2nd tour / second round"
    }
}

fn employer_block(employer: &Employer) -> Block {
    let mut b = Block::default();
    b.push(Item::Rule).text(
        0.0,
        BOLD,
        10.5,
        "Entreprise et établissement / Employer and establishment",
    );
    b.field("Raison sociale / Company name", &employer.organisation)
        .field("SIREN", &employer.siren)
        .field("Établissement / Establishment", &employer.establishment)
        .field("SIRET", &employer.siret)
        .field("Adresse / Address", &employer.address)
        .field("IDCC (convention collective)", &employer.idcc)
        .field("Code NAF / NAF code", &employer.naf)
        .field("Effectif / Headcount", &employer.headcount);
    b
}

const LIST_COLUMNS: [Column; 6] = [
    Column {
        x_mm: 0.0,
        width_mm: 52.0,
        right: false,
    },
    Column {
        x_mm: 52.0,
        width_mm: 38.0,
        right: false,
    },
    Column {
        x_mm: 90.0,
        width_mm: 18.0,
        right: true,
    },
    Column {
        x_mm: 108.0,
        width_mm: 24.0,
        right: true,
    },
    Column {
        x_mm: 132.0,
        width_mm: 19.0,
        right: true,
    },
    Column {
        x_mm: 151.0,
        width_mm: WIDTH_MM - 151.0,
        right: true,
    },
];

const CANDIDATE_COLUMNS: [Column; 6] = [
    Column {
        x_mm: INDENT_MM,
        width_mm: 52.0,
        right: false,
    },
    Column {
        x_mm: 55.0,
        width_mm: 40.0,
        right: false,
    },
    Column {
        x_mm: 95.0,
        width_mm: 12.0,
        right: false,
    },
    Column {
        x_mm: 107.0,
        width_mm: 20.0,
        right: true,
    },
    Column {
        x_mm: 127.0,
        width_mm: 20.0,
        right: true,
    },
    Column {
        x_mm: 147.0,
        width_mm: WIDTH_MM - 147.0,
        right: true,
    },
];

fn blocks(doc: &PvDocument) -> Vec<Block> {
    let (french, english) = doc.form.title();
    let mut head = Block::default();
    head.text(0.0, BOLD, 13.0, french);
    head.text(0.0, REGULAR, 10.0, english);
    head.text(
        0.0,
        REGULAR,
        8.5,
        &format!(
            "Champs du formulaire Cerfa n° {} — vote électronique / Fields of form Cerfa {} — \
             electronic vote",
            doc.form.cerfa(),
            doc.form.cerfa()
        ),
    );
    let mut out = vec![head, employer_block(&doc.employer)];

    let mut election = Block::default();
    election
        .push(Item::Rule)
        .text(0.0, BOLD, 10.5, "Scrutin / Election");
    election
        .field("Instance / Body", "Comité social et économique (CSE)")
        .field("Tour / Round", ordinal(doc.round))
        .field("Date du scrutin / Date of the vote", &doc.date)
        .field("Collège / College", &doc.college)
        .field("Sièges à pourvoir / Seats to fill", &doc.seats.to_string())
        .field("Vote électronique / Electronic vote", yes_no(true))
        .field(
            "Date du protocole préélectoral / Pre-electoral protocol signed on",
            &doc.protocol_date,
        );
    out.push(election);

    let mut results = Block::default();
    results
        .push(Item::Rule)
        .text(0.0, BOLD, 10.5, "Résultats / Results");
    results
        .field(
            "Électeurs inscrits / Registered electors",
            &doc.inscrits.to_string(),
        )
        .field("Votants / Voters", &doc.votants.to_string())
        .field("Bulletins blancs / Blank ballots", &doc.blancs.to_string())
        .field("Bulletins nuls / Spoilt ballots", &doc.nuls.to_string())
        .field(
            "Suffrages valablement exprimés / Valid votes cast",
            &doc.sve.to_string(),
        );
    if doc.round == 1 {
        results
            .field(
                "Moitié des inscrits / Half the registered electors",
                &doc.quorum_threshold,
            )
            .field(
                "Quorum atteint / Quorum reached",
                yes_no(doc.quorum_reached),
            );
    }
    let quotient = if doc.quotient.is_empty() {
        "— (aucun siège attribué / no seat allocated)"
    } else {
        &doc.quotient
    };
    results.field("Quotient électoral / Electoral quotient", quotient);
    out.push(results);

    let mut table = Block::default();
    table.push(Item::Rule).text(
        0.0,
        BOLD,
        10.5,
        "Répartition des sièges / Allocation of seats",
    );
    table.row(
        &LIST_COLUMNS,
        BOLD,
        8.0,
        &[
            "Liste / List",
            "Syndicat / Union",
            "Bulletins",
            "Voix (moyenne)",
            "Quotient",
            "Plus f. moy.",
        ],
    );
    for list in &doc.lists {
        let union = list.union.as_deref().unwrap_or("Liste libre / free list");
        table.row(
            &LIST_COLUMNS,
            REGULAR,
            8.5,
            &[
                &list.name,
                union,
                &list.ballots.to_string(),
                &list.list_votes,
                &list.seats_by_quotient.to_string(),
                &list.seats_by_average.to_string(),
            ],
        );
    }
    table
        .field(
            "Sièges non pourvus / Seats left unfilled",
            &doc.unfilled.to_string(),
        )
        .field(
            "Second tour nécessaire / Second round needed",
            yes_no(doc.second_round_required),
        );
    out.push(table);

    for list in &doc.lists {
        let mut b = Block::default();
        let seats = list.seats_by_quotient + list.seats_by_average;
        b.push(Item::Gap(2.0)).text(
            0.0,
            BOLD,
            9.5,
            &format!(
                "{} — {} siège(s) / seat(s), {} candidat(s) / candidate(s)",
                list.name,
                seats,
                list.candidates.len()
            ),
        );
        b.row(
            &CANDIDATE_COLUMNS,
            BOLD,
            8.0,
            &[
                "Nom / Name",
                "Prénom / First name",
                "Sexe",
                "Ratures",
                "Voix / Votes",
                "Élu(e)",
            ],
        );
        for c in &list.candidates {
            let elected = if c.elected {
                "Élu(e) / Elected"
            } else {
                "—"
            };
            b.row(
                &CANDIDATE_COLUMNS,
                REGULAR,
                8.5,
                &[
                    &c.last_name,
                    &c.first_name,
                    &c.sex,
                    &c.ratures.to_string(),
                    &c.votes.to_string(),
                    elected,
                ],
            );
        }
        out.push(b);
    }

    let mut incidents = Block::default();
    incidents
        .push(Item::Rule)
        .text(
            0.0,
            BOLD,
            10.5,
            "Observations et incidents / Remarks and incidents",
        )
        .push(Item::Gap(22.0));
    out.push(incidents);

    let mut signatures = Block::default();
    signatures.push(Item::Rule).text(
        0.0,
        BOLD,
        10.5,
        "Bureau de vote — signatures / Polling board — signatures",
    );
    let names: Vec<String> = if doc.bureau.is_empty() {
        vec![String::new(); 3]
    } else {
        doc.bureau.clone()
    };
    for (i, name) in names.iter().enumerate() {
        let role = if i == 0 {
            "Président(e) / Chair"
        } else {
            "Assesseur / Assessor"
        };
        signatures
            .push(Item::Gap(3.0))
            .field(role, name)
            .field("Signature", "");
    }
    signatures
        .push(Item::Gap(3.0))
        .field("Fait à / Done at", "")
        .field("Le / On", "");
    out.push(signatures);

    let mut check = Block::default();
    check.push(Item::Rule).text(
        0.0,
        REGULAR,
        8.5,
        &format!(
            "Chaque chiffre de ce procès-verbal peut être recalculé par quiconque à partir du \
             registre public du scrutin / Anyone can recompute every figure of this record from \
             the public record of the vote: {}",
            doc.record_url
        ),
    );
    out.push(check);
    out
}

/// The PV's title in the document properties and footers.
fn title(doc: &PvDocument) -> String {
    format!(
        "PV {} — Cerfa {} — {} — {}",
        match doc.form {
            PvForm::Titulaires => "titulaires",
            PvForm::Suppleants => "suppléants",
        },
        doc.form.cerfa(),
        doc.employer.establishment,
        doc.college
    )
}

/// The procès-verbal as a PDF.
pub fn render(doc: &PvDocument) -> Vec<u8> {
    flow::render(&title(doc), blocks(doc))
}
