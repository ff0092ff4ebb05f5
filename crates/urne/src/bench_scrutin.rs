//! The scrutin of the benchmarks: one establishment, one college, one titulaires election of
//! 8 seats with 5 union lists of 8 candidates (the CSE shape of `bench/belenios/`), and its
//! voters, all electors.

use anyhow::{Context, Result};
use urne_rules::date::Date;
use urne_setup::diff::diff_voters;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};
use urne_store::registry::{Body, NewCandidate, NewScrutin, Registry};

/// What [`cse_scrutin`] made.
pub(crate) struct CseScrutin {
    /// The scrutin's row id.
    pub(crate) scrutin_id: i64,
    /// Its election's uid.
    pub(crate) election_uid: String,
}

fn voter(index: usize, day: Date) -> Voter {
    Voter {
        matricule: format!("B{index:06}"),
        civility: Civility::Madame,
        last_name: format!("Votante{index}"),
        first_name: "Claire".to_owned(),
        birth_date: day,
        establishment: "SIEGE".to_owned(),
        college: "1".to_owned(),
        seniority: Seniority::EntryDate(day),
        professional_email: None,
        mobile: None,
        address: PostalAddress {
            lines: vec!["1 rue de la Paix".to_owned()],
            postcode: "75002".to_owned(),
            city: "Paris".to_owned(),
            country: String::new(),
        },
        challenge: ChallengeHashes {
            badge: None,
            ss_key: None,
        },
        eligibility: VoterEligibility {
            elector: true,
            eligible: true,
            reasons: vec![],
        },
    }
}

/// Creates the scrutin `uid` with `voters` voters, scheduled from `opens_at` to `closes_at`;
/// its lists are not locked.
pub(crate) async fn cse_scrutin(
    registry: &Registry,
    uid: &str,
    voters: usize,
    opens_at: i64,
    closes_at: i64,
    now: i64,
) -> Result<CseScrutin> {
    let day = Date::new(2027, 1, 4).context("date")?;
    let siege = registry
        .add_establishment("SIEGE", "Siège", "", "Paris")
        .await?;
    let college = registry.add_college("1", "Salariés").await?;
    let scrutin_id = registry
        .add_scrutin(&NewScrutin {
            record_uid: uid.to_owned(),
            name: "Banc d'essai".to_owned(),
            round: 1,
            first_round_id: None,
            first_round_day: day,
            opens_at,
            closes_at,
        })
        .await?;
    let election_uid = format!("{uid}-titulaires");
    let election = registry
        .add_election(
            &election_uid,
            scrutin_id,
            siege,
            college,
            Body::Titulaires,
            8,
        )
        .await?;
    for list in 0..5 {
        let union = registry.ensure_union(&format!("Syndicat {list}")).await?;
        let id = registry
            .add_list(election, Some(union), &format!("Syndicat {list}"))
            .await?;
        let candidates: Vec<NewCandidate> = (0..8)
            .map(|c| NewCandidate {
                sex: if c % 2 == 0 {
                    urne_rules::parity::Sex::Woman
                } else {
                    urne_rules::parity::Sex::Man
                },
                last_name: format!("CANDIDAT{list}{c}"),
                first_name: "Dominique".to_owned(),
                birth_date: None,
            })
            .collect();
        registry.set_candidates(id, &candidates).await?;
    }
    let file: Vec<Voter> = (0..voters).map(|i| voter(i, day)).collect();
    registry
        .apply_voter_diff(&diff_voters(&[], &file), now)
        .await?;
    Ok(CseScrutin {
        scrutin_id,
        election_uid,
    })
}
