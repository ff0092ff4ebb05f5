//! The demo of `urne demo`, with its bureau: three BVC staff accounts (`bvc1` to `bvc3`) whose
//! key ceremony runs through the real bulletin board ([`crate::ceremony`]) with the three
//! séquences secrètes drawn here, so that the record holds the whole ceremony and the demo's
//! user can close the vote and decrypt it on the bureau's pages with two of the séquences.
//!
//! To be votable at once, the demo then skips the scrutin à blanc and the seal and moves the
//! scrutin straight to "sealed": a real bureau never does.

use rand::rngs::OsRng;
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_crypto::dkg::{CeremonyOutcome, SecretSequence};
use urne_record::ceremony as wire;
use urne_store::registry::{Role, ScrutinStatus};

use crate::app::AppState;
use crate::ceremony::{self, Step};
use crate::demo::{prepare, Demo, DemoError, Prepared};

/// Logins of the demo's BVC members.
pub const MEMBERS: [&str; 3] = ["bvc1", "bvc2", "bvc3"];

fn board_error(e: impl core::fmt::Display) -> DemoError {
    DemoError::Board(e.to_string())
}

/// Creates the demo scrutin with its bureau (accounts [`MEMBERS`], password hash `phc`,
/// threshold 2) in `state`'s stores, which must be empty; voting opens at `now`.
///
/// # Errors
/// [`DemoError`] from the store or the ceremony.
pub async fn seed_with_bureau(
    state: &AppState,
    now: i64,
    voters: usize,
    phc: &str,
) -> Result<Demo, DemoError> {
    let Prepared {
        uid,
        scrutin_id,
        voters,
    } = prepare(state, now, voters).await?;
    let registry = &state.stores.registry;
    let mut ids = Vec::new();
    for (i, login) in MEMBERS.iter().enumerate() {
        let name = format!("Membre {} du BVC (démo)", i + 1);
        ids.push(
            registry
                .add_staff(login, &name, phc, Role::Bvc, None)
                .await?,
        );
    }
    registry.set_bureau(scrutin_id, &ids, 2).await?;
    let scrutin = registry.scrutin(scrutin_id).await?;
    let setup = ceremony::start(state, &scrutin)
        .await
        .map_err(board_error)?;
    let scrutin = registry.scrutin(scrutin_id).await?;
    let params = setup.params().map_err(board_error)?;
    let sequences: Vec<SecretSequence> = MEMBERS
        .iter()
        .map(|_| SecretSequence::generate(&mut OsRng))
        .collect();
    let trustees: Vec<_> = sequences
        .iter()
        .zip(1..)
        .map(|(s, i)| s.trustee(&params, i))
        .collect();
    let publish = |member: u32, step: Step, text: String| {
        let scrutin = &scrutin;
        async move {
            ceremony::publish(state, scrutin, member, step, &text)
                .await
                .map_err(board_error)
        }
    };
    for t in &trustees {
        let text = wire::announcement_to_json(&t.announce(&params, &mut OsRng));
        publish(t.index(), Step::Announcement, text).await?;
    }
    let board = || async {
        ceremony::board(state, &scrutin)
            .await
            .map_err(board_error)?
            .ok_or_else(|| board_error("no ceremony"))?
            .decoded()
            .map_err(board_error)
    };
    let messages = board().await?;
    for t in &trustees {
        let dealing = t
            .deal(&params, &messages.announcements, &mut OsRng)
            .map_err(DemoError::Ceremony)?;
        publish(t.index(), Step::Dealing, wire::dealing_to_json(&dealing)).await?;
    }
    let messages = board().await?;
    for t in &trustees {
        let complaints = t.check_dealings(&params, &messages.dealings, &mut OsRng);
        let text = wire::complaints_to_json(&complaints);
        publish(t.index(), Step::Complaints, text).await?;
    }
    let messages = board().await?;
    let outcome = CeremonyOutcome::compute(
        &params,
        &messages.announcements,
        &messages.dealings,
        &messages.complaints,
        &mut OsRng,
    )
    .map_err(DemoError::Ceremony)?;
    for t in &trustees {
        let (_, confirmation) = t
            .key_share(&params, &outcome, &messages.dealings, &mut OsRng)
            .map_err(DemoError::Ceremony)?;
        let text = wire::confirmation_to_json(&confirmation);
        publish(t.index(), Step::Confirmation, text).await?;
    }
    // The demo skips the scrutin à blanc and the seal (see the module's documentation).
    registry
        .set_scrutin_status(scrutin_id, ScrutinStatus::Sealed)
        .await?;
    Ok(Demo {
        uid,
        voters,
        sequences: sequences.iter().map(SecretSequence::to_text).collect(),
        ceremony: SimulatedCeremony {
            params,
            outcome,
            dealings: messages.dealings,
            sequences,
        },
    })
}
