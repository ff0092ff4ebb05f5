//! The demonstration election of `urne demo` (and of the voting tests): an organisation with
//! one establishment, two colleges, titulaires and suppléants (four elections), three or four
//! union lists each, about twenty voters with their identifiants and badge digits, a bureau of
//! three whose key ceremony runs here (threshold 2), and voting open from now for a week.
//!
//! Everything goes through the same functions as a real scrutin: the voter file's diff, the
//! issuing of codes ([`crate::issuance`]) and the record ([`crate::opening::publish`]). Only the
//! ceremony is simulated: one process holds the three séquences secrètes, which a real bureau
//! never allows.

use rand::seq::SliceRandom;
use rand::Rng;
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_record::bureau::BureauKey;
use urne_rules::date::Date;
use urne_rules::parity::Sex;
use urne_setup::challenge::hash_badge;
use urne_setup::diff::diff_voters;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};
use urne_store::registry::{
    Body, ChallengeKind, CodeOrigin, NewCandidate, NewScrutin, Organisation,
};
use zeroize::Zeroizing;

use crate::app::AppState;
use crate::issuance::issue_credentials;
use crate::opening::{publish, OpeningError};

/// A demo voter, with what their letter and badge would tell them.
pub struct DemoVoter {
    /// "Prénom Nom".
    pub name: String,
    /// The college's name.
    pub college: String,
    /// The identifiant.
    pub code: Zeroizing<String>,
    /// The last four digits of the badge (the challenge).
    pub badge: String,
}

/// The demo scrutin.
pub struct Demo {
    /// The scrutin's public identifier: voters go to `/vote/{uid}`.
    pub uid: String,
    /// Its voters.
    pub voters: Vec<DemoVoter>,
    /// The bureau's séquences secrètes, member 1 to 3 (for decrypting later).
    pub sequences: Vec<Zeroizing<String>>,
    /// The simulated ceremony (what decryption needs besides the séquences).
    pub ceremony: SimulatedCeremony,
}

const FIRST: [&str; 24] = [
    "Camille", "Lucas", "Léa", "Hugo", "Manon", "Nathan", "Chloé", "Louis", "Inès", "Jules",
    "Sarah", "Adam", "Emma", "Gabriel", "Jade", "Arthur", "Lina", "Raphaël", "Zoé", "Noah",
    "Alice", "Karim", "Julie", "Thomas",
];
const LAST: [&str; 24] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
];

/// Unions and the lists they file in each college.
const UNIONS: [&str; 4] = ["CFDT", "CFE-CGC", "CGT", "FO"];

fn voter(index: usize, college: &str, badge: &str, state: &AppState, birth: Date) -> Voter {
    let matricule = format!("D{index:03}");
    Voter {
        challenge: ChallengeHashes {
            badge: Some(hash_badge(&state.pepper, &matricule, badge)),
            ss_key: None,
        },
        matricule,
        civility: if index % 2 == 0 {
            Civility::Madame
        } else {
            Civility::Monsieur
        },
        last_name: LAST[index % LAST.len()].to_owned(),
        first_name: FIRST[index % FIRST.len()].to_owned(),
        birth_date: birth,
        establishment: "SIEGE".to_owned(),
        college: college.to_owned(),
        seniority: Seniority::EntryDate(birth),
        professional_email: Some(format!("{}@demo.example", index)),
        mobile: None,
        address: PostalAddress {
            lines: vec![format!("{} rue de la République", index + 1)],
            postcode: "69002".to_owned(),
            city: "Lyon".to_owned(),
            country: String::new(),
        },
        eligibility: VoterEligibility {
            elector: true,
            eligible: true,
            reasons: vec![],
        },
    }
}

/// A list's candidates, alternating women and men, from a shifted slice of the names.
fn candidates(shift: usize, count: usize) -> Vec<NewCandidate> {
    (0..count)
        .map(|i| {
            let n = shift + i;
            NewCandidate {
                sex: if i % 2 == 0 { Sex::Woman } else { Sex::Man },
                last_name: LAST[(n * 7 + 3) % LAST.len()].to_uppercase(),
                first_name: FIRST[(n * 5 + 1) % FIRST.len()].to_owned(),
                // Distinct dates: a tie at the highest average goes to the elder (R2314-21).
                birth_date: Date::new(
                    1960 + (n % 40) as i32,
                    1 + (n % 12) as u8,
                    1 + (n % 28) as u8,
                ),
            }
        })
        .collect()
}

/// Why the demo could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum DemoError {
    /// The store, or publishing the record.
    Opening(OpeningError),
    /// A date out of range (the clock is far off).
    Date(i64),
    /// The simulated key ceremony failed.
    Ceremony(urne_crypto::dkg::DkgError),
    /// The key ceremony on the bulletin board refused a message (a bug).
    Board(String),
}

impl From<OpeningError> for DemoError {
    fn from(error: OpeningError) -> Self {
        DemoError::Opening(error)
    }
}

impl From<urne_store::StoreError> for DemoError {
    fn from(error: urne_store::StoreError) -> Self {
        DemoError::Opening(error.into())
    }
}

impl core::fmt::Display for DemoError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DemoError::Opening(error) => write!(f, "{error}"),
            DemoError::Date(secs) => write!(f, "date hors limites / date out of range: {secs}"),
            DemoError::Ceremony(error) => {
                write!(f, "cérémonie des clés / key ceremony: {error:?}")
            }
            DemoError::Board(error) => write!(f, "cérémonie des clés / key ceremony: {error}"),
        }
    }
}

impl std::error::Error for DemoError {}

/// A one-page profession de foi for a demo list (plain PDF 1.4, Helvetica, ASCII text).
fn profession_de_foi(list: &str, college: &str) -> Vec<u8> {
    let text = format!(
        "BT /F1 24 Tf 72 760 Td (Profession de foi - {list}) Tj 0 -40 Td /F1 13 Tf \
         (College {college} : nos engagements pour le CSE.) Tj 0 -22 Td \
         (Election de demonstration urne.) Tj ET"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

/// The demo scrutin set up, its lists locked, its codes issued, before any key ceremony: what
/// the bureau's pages start from (and the bureau's tests).
pub struct Prepared {
    /// The scrutin's public identifier.
    pub uid: String,
    /// Its row id.
    pub scrutin_id: i64,
    /// Its voters.
    pub voters: Vec<DemoVoter>,
}

/// Creates the demo scrutin in `state`'s stores (which must be empty), open from `now`.
///
/// # Errors
/// [`DemoError`] from the store, the opening or the ceremony.
pub async fn seed(state: &AppState, now: i64, voters: usize) -> Result<Demo, DemoError> {
    let Prepared {
        uid,
        scrutin_id,
        voters,
    } = prepare(state, now, voters).await?;
    let context = urne_crypto::ElectionFingerprint::of_manifest(uid.as_bytes()).0;
    let ceremony = SimulatedCeremony::run(context, 3, 2, &mut rand::rngs::OsRng)
        .map_err(DemoError::Ceremony)?;
    let bureau = bureau_key(&ceremony);
    let scrutin = state.stores.registry.scrutin(scrutin_id).await?;
    publish(state, &scrutin, &bureau).await?;
    Ok(Demo {
        uid,
        voters,
        sequences: ceremony.sequences.iter().map(|s| s.to_text()).collect(),
        ceremony,
    })
}

/// Sets the demo scrutin up in `state`'s stores (which must be empty), scheduled from `now` for a
/// week, with `voters` voters whose codes are issued, and locks its lists: what remains is the
/// key ceremony.
///
/// # Errors
/// [`DemoError`] from the store.
pub async fn prepare(state: &AppState, now: i64, voters: usize) -> Result<Prepared, DemoError> {
    let registry = &state.stores.registry;
    registry
        .set_organisation(&Organisation {
            name: "Démo Industries SA".to_owned(),
            siren: "552100554".to_owned(),
            idcc: "3248".to_owned(),
            naf: "2511Z".to_owned(),
            protocol_date: crate::calendar::paris_date(now)
                .map_err(|_| DemoError::Date(now))?
                .to_string(),
        })
        .await?;
    let siege = registry
        .add_establishment(
            "SIEGE",
            "Siège de Lyon",
            "",
            "1 place Bellecour, 69002 Lyon",
        )
        .await?;
    let colleges = [
        ("1", "Ouvriers et employés", 3u32),
        ("2", "Ingénieurs et cadres", 2u32),
    ];
    let uid = format!("demo-{:08x}", rand::thread_rng().gen::<u32>());
    let scrutin_id = registry
        .add_scrutin(&NewScrutin {
            record_uid: uid.clone(),
            name: "Élections CSE — démonstration".to_owned(),
            round: 1,
            first_round_id: None,
            first_round_day: crate::calendar::paris_date(now).map_err(|_| DemoError::Date(now))?,
            opens_at: now - 60,
            closes_at: now + 7 * 86_400,
        })
        .await?;
    registry
        .set_scrutin_challenge(scrutin_id, ChallengeKind::Badge)
        .await?;
    let mut shift = 0;
    for (index, (code, name, seats)) in colleges.iter().enumerate() {
        let college = registry.add_college(code, name).await?;
        for body in [Body::Titulaires, Body::Suppleants] {
            let election = registry
                .add_election(
                    &format!("{uid}-{code}-{}", body.as_str()),
                    scrutin_id,
                    siege,
                    college,
                    body,
                    *seats,
                )
                .await?;
            // College 1 has three lists, college 2 all four unions.
            for union in UNIONS.iter().filter(|u| index == 1 || **u != "CFE-CGC") {
                let union_id = registry.ensure_union(union).await?;
                let list = registry.add_list(election, Some(union_id), union).await?;
                registry
                    .set_candidates(list, &candidates(shift, *seats as usize + 1))
                    .await?;
                registry
                    .set_profession_de_foi(
                        list,
                        &format!("profession-de-foi-{union}.pdf"),
                        &profession_de_foi(union, code),
                    )
                    .await?;
                shift += 3;
            }
        }
    }
    let mut rng = rand::thread_rng();
    let mut people = Vec::new();
    for index in 0..voters {
        let college = if index * 5 < voters * 3 { "1" } else { "2" };
        let badge = format!("{:04}", rng.gen_range(0..10_000));
        let birth = Date::new(
            1970 + (index % 30) as i32,
            1 + (index % 12) as u8,
            1 + (index % 28) as u8,
        )
        .ok_or(DemoError::Date(now))?;
        people.push((voter(index, college, &badge, state, birth), badge));
    }
    let file: Vec<Voter> = people.iter().map(|(v, _)| v.clone()).collect();
    registry
        .apply_voter_diff(&diff_voters(&[], &file), now)
        .await?;
    let scrutin = registry.scrutin(scrutin_id).await?;
    let electors = registry.scrutin_electors(scrutin_id).await?;
    let issued = issue_credentials(
        &state.stores,
        &scrutin,
        &electors,
        CodeOrigin::Server,
        now,
        |_| {},
    )
    .await?;
    let mut demo_voters = Vec::new();
    for (voter_id, code) in issued {
        let stored = registry.voter(voter_id).await?.voter;
        let badge = people
            .iter()
            .find(|(v, _)| v.matricule == stored.matricule)
            .map(|(_, b)| b.clone())
            .unwrap_or_default();
        demo_voters.push(DemoVoter {
            name: format!("{} {}", stored.first_name, stored.last_name),
            college: colleges
                .iter()
                .find(|(c, _, _)| *c == stored.college)
                .map(|(_, n, _)| (*n).to_owned())
                .unwrap_or_default(),
            code: code.code,
            badge,
        });
    }
    // Listed by college (in college order), in no particular order within one.
    demo_voters.shuffle(&mut rng);
    demo_voters.sort_by_key(|v| colleges.iter().position(|(_, name, _)| *name == v.college));
    registry.set_lists_locked(scrutin_id, true).await?;
    Ok(Prepared {
        uid,
        scrutin_id,
        voters: demo_voters,
    })
}

/// The `bureau` event of a ceremony's outcome.
pub fn bureau_key(ceremony: &SimulatedCeremony) -> BureauKey {
    BureauKey::from_outcome(ceremony.params.members(), &ceremony.outcome)
}

#[cfg(test)]
mod tests {
    use super::profession_de_foi;

    #[test]
    fn the_demo_professions_de_foi_are_pdfs_with_their_text() {
        let pdf = profession_de_foi("CFDT", "1");
        assert!(crate::uploads::check_pdf(&pdf).is_ok());
        let Ok(output) = std::process::Command::new("pdftotext")
            .args(["-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(&pdf)?;
                child.wait_with_output()
            })
        else {
            eprintln!("pdftotext not installed: text not checked");
            return;
        };
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Profession de foi - CFDT"), "{text}");
    }
}
