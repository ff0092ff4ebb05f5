//! Programmed communications (Article 5 of the agreement): an e-mail to every elector at the
//! opening, a reminder each morning (from 8 h, Paris time) while voting is open, and a notice
//! the day before the closing; with `sms_communications`, a short SMS too to the mobiles of the
//! voter file. Texts are editable per scrutin (French and English), with
//! defaults from `urne-access`.
//!
//! [`tick`] runs every minute in each `urne serve`; each mailing is claimed once per scrutin,
//! kind and day by a unique key in the registry, so two instances never send it twice, and its
//! outcome (sent, failed after retries, when) is the communications journal.

use jiff::Timestamp;
use urne_access::factors::normalise_mobile;
use urne_access::messages::{self, Communication};
use urne_store::registry::{CommunicationText, JournalKind, Scrutin};

use crate::app::Shared;
use crate::calendar::paris_date;
use crate::error::WebError;

/// Local hour of the daily reminder.
pub const REMINDER_HOUR: i8 = 8;
/// How long before the closing the closing notice goes.
pub const CLOSING_NOTICE_SECS: i64 = 24 * 3600;

/// The mailings due at `now` for a scrutin open from `opens_at` to `closes_at`, each with the
/// Paris day it belongs to (its claim key).
///
/// # Errors
/// [`WebError::Internal`] for a time out of range.
pub fn due(
    now: i64,
    opens_at: i64,
    closes_at: i64,
) -> Result<Vec<(Communication, String)>, WebError> {
    if now < opens_at || now >= closes_at {
        return Ok(Vec::new());
    }
    let day = |secs: i64| paris_date(secs).map(|d| d.to_string());
    let today = day(now)?;
    let mut due = vec![(Communication::Opening, day(opens_at)?)];
    let hour = Timestamp::from_second(now)
        .ok()
        .and_then(|ts| ts.in_tz("Europe/Paris").ok())
        .map_or(0, |zoned| zoned.hour());
    if today != day(opens_at)? && today != day(closes_at)? && hour >= REMINDER_HOUR {
        due.push((Communication::Reminder, today));
    }
    if closes_at - now <= CLOSING_NOTICE_SECS {
        due.push((Communication::Closing, day(closes_at)?));
    }
    Ok(due)
}

/// The texts of a mailing: the scrutin's, or the defaults.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn texts(
    state: &Shared,
    scrutin_id: i64,
    kind: Communication,
) -> Result<CommunicationText, WebError> {
    let stored = state
        .stores
        .registry
        .communication_text(scrutin_id, kind.as_str())
        .await?;
    Ok(stored.unwrap_or_else(|| {
        let [subject_fr, body_fr, subject_en, body_en] = kind.default_texts();
        CommunicationText {
            subject_fr: subject_fr.to_owned(),
            body_fr: body_fr.to_owned(),
            subject_en: subject_en.to_owned(),
            body_en: body_en.to_owned(),
        }
    }))
}

/// Sends one mailing to every elector with a professional address; returns (sent, failed).
async fn send(
    state: &Shared,
    scrutin: &Scrutin,
    kind: Communication,
) -> Result<(u64, u64), WebError> {
    let registry = &state.stores.registry;
    let texts = texts(state, scrutin.id, kind).await?;
    let ctx = crate::delivery::context(state, scrutin).await?;
    let text = messages::communication(
        &ctx,
        [
            &texts.subject_fr,
            &texts.body_fr,
            &texts.subject_en,
            &texts.body_en,
        ],
    );
    let mut addresses = std::collections::BTreeSet::new();
    let mut mobiles = std::collections::BTreeSet::new();
    for (_, stored) in registry.scrutin_elector_voters(scrutin.id).await? {
        let voter = stored.voter;
        if let Some(email) = voter.professional_email {
            addresses.insert(email);
        }
        if let Some(mobile) = voter
            .mobile
            .as_deref()
            .and_then(|m| normalise_mobile(m).ok())
        {
            mobiles.insert(mobile);
        }
    }
    let (mut sent, mut failed) = (0, 0);
    for address in &addresses {
        match state.delivery.email(address, &text).await {
            Ok(()) => sent += 1,
            Err(_) => failed += 1,
        }
    }
    if state.sms_communications {
        let sms = format!(
            "{} : {} / {} — {}",
            ctx.scrutin, texts.subject_fr, texts.subject_en, ctx.voting_url
        );
        for mobile in &mobiles {
            match state.delivery.sms(mobile, &sms).await {
                Ok(()) => sent += 1,
                Err(_) => failed += 1,
            }
        }
    }
    Ok((sent, failed))
}

/// Sends every mailing due now that no instance has claimed yet; returns how many ran.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn tick(state: &Shared) -> Result<u64, WebError> {
    let registry = &state.stores.registry;
    let now = state.now();
    let mut runs = 0;
    for scrutin in registry.scrutins().await? {
        for (kind, day) in due(now, scrutin.opens_at, scrutin.closes_at)? {
            let Some(run) = registry
                .claim_communication_run(scrutin.id, kind.as_str(), &day, now)
                .await?
            else {
                continue;
            };
            let (sent, failed) = send(state, &scrutin, kind).await?;
            registry
                .finish_communication_run(run, sent, failed, state.now())
                .await?;
            registry
                .journal(
                    JournalKind::Setup,
                    state.now(),
                    "urne",
                    "communication programmée / programmed communication",
                    &format!(
                        "{} {} {day}: {sent} envoyés / sent, {failed} échecs / failed",
                        scrutin.record_uid,
                        kind.as_str()
                    ),
                )
                .await?;
            runs += 1;
        }
    }
    Ok(runs)
}

/// Runs [`tick`] every minute until the process stops, publishes the ballot batches that are
/// due ([`crate::batching::tick`]) and deletes expired voter sessions; a failing tick is logged
/// and retried at the next minute.
pub fn spawn(state: Shared) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            interval.tick().await;
            if let Err(error) = tick(&state).await {
                crate::log::line(&format!("programmed communications: {error:?}"));
            }
            if let Err(error) = crate::batching::tick(&state).await {
                crate::log::line(&format!("ballot batches: {error}"));
            }
            if let Err(error) = state
                .stores
                .registry
                .purge_voter_sessions(state.now())
                .await
            {
                crate::log::line(&format!("voter sessions: {error}"));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        text.parse::<Timestamp>()
            .map(|t| t.as_second())
            .unwrap_or_default()
    }

    #[test]
    fn opening_daily_reminders_and_closing_notice() {
        // Open Monday 21 June 2027 9:00 to Thursday 24 June 14:00, Paris (UTC+2).
        let (opens, closes) = (at("2027-06-21T07:00:00Z"), at("2027-06-24T12:00:00Z"));
        let kinds = |now: &str| -> Vec<(&str, String)> {
            due(at(now), opens, closes)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, d)| (k.as_str(), d))
                .collect()
        };
        assert!(kinds("2027-06-21T06:59:00Z").is_empty());
        assert_eq!(
            kinds("2027-06-21T07:00:00Z"),
            [("opening", "2027-06-21".to_owned())]
        );
        // Tuesday 7:59 Paris: no reminder yet; 8:00: the reminder.
        assert_eq!(kinds("2027-06-22T05:59:00Z").len(), 1);
        assert_eq!(
            kinds("2027-06-22T06:00:00Z")[1],
            ("reminder", "2027-06-22".to_owned())
        );
        // Wednesday 14:00 Paris, 24 h before the closing: reminder and closing notice.
        let wednesday = kinds("2027-06-23T12:00:00Z");
        assert_eq!(wednesday[1].0, "reminder");
        assert_eq!(wednesday[2], ("closing", "2027-06-24".to_owned()));
        // Closing day: no reminder; after the closing: nothing.
        assert_eq!(kinds("2027-06-24T08:00:00Z").len(), 2);
        assert!(kinds("2027-06-24T12:00:00Z").is_empty());
    }
}
