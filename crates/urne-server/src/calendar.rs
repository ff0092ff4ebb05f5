//! Dates and times as the organisateur enters and reads them: Europe/Paris local time
//! (DESIGN.md §7), and the steps of an election calendar (Article 5 of the agreement in
//! `../shared/seeds/004_…txt`).
//!
//! Left out: programmed communications (the access issue) and the automatic opening and closing
//! (the bureau issue); here the calendar is information for everyone involved.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use urne_rules::date::Date;

use crate::clock::format_paris;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::bad;

/// One step of the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Stored key.
    pub key: &'static str,
    /// French label.
    pub fr: &'static str,
    /// English label.
    pub en: &'static str,
    /// Suggested offset from the opening, in days, and the hour; for round 1.
    round_1: (i64, i8),
    /// The same for round 2 (Article 5 bis: a shorter calendar).
    round_2: (i64, i8),
}

/// The steps of Article 5, in order. Offsets are those of the agreement (opening on 21/11 at
/// 8 h; round 2 opening on 05/12), counted from the opening; results are sent within 15 days of
/// the closing (R2314-22 via the CTEP).
pub const STEPS: [Step; 9] = [
    Step { key: "annonce", fr: "Annonce des élections", en: "Announcement of the elections", round_1: (-78, 9), round_2: (-11, 9) },
    Step { key: "affichage_listes", fr: "Affichage et publication des listes électorales", en: "Electoral lists posted and published", round_1: (-54, 9), round_2: (-11, 9) },
    Step { key: "depot_candidatures", fr: "Date limite de dépôt des candidatures et des pièces (professions de foi, photos)", en: "Deadline for lists and attachments (professions de foi, photos)", round_1: (-25, 12), round_2: (-7, 12) },
    Step { key: "recette_debut", fr: "Début de la recette du site de vote (DRH et organisations syndicales)", en: "Start of the acceptance test of the voting site (HR and unions)", round_1: (-19, 9), round_2: (-6, 9) },
    Step { key: "recette_fin", fr: "Fin de la recette : listes verrouillées", en: "End of the acceptance test: lists locked", round_1: (-13, 17), round_2: (-4, 17) },
    Step { key: "envoi_materiel", fr: "Envoi du matériel de vote (courrier et identifiant)", en: "Voting material sent (letter and identifier)", round_1: (-11, 9), round_2: (-4, 9) },
    Step { key: "scrutin_a_blanc", fr: "Scrutin à blanc, programmation de l'ouverture et de la fermeture, contrôle des urnes et de l'empreinte", en: "Test election, programming of opening and closing, check of the ballot boxes and of the seal", round_1: (-1, 10), round_2: (-1, 10) },
    Step { key: "depouillement", fr: "Dépouillement et proclamation des résultats", en: "Count and proclamation of the results", round_1: (0, 17), round_2: (0, 17) },
    Step { key: "envoi_resultats", fr: "Date limite d'envoi des résultats au Centre de traitement des élections professionnelles", en: "Deadline to send the results to the CTEP", round_1: (15, 17), round_2: (15, 17) },
];

fn paris() -> Result<TimeZone, WebError> {
    TimeZone::get("Europe/Paris").map_err(|e| WebError::Internal(format!("time zone: {e}")))
}

/// Parses a `datetime-local` value (`2027-11-21T08:00`) in Paris time, to Unix seconds.
///
/// # Errors
/// [`WebError::BadRequest`] naming the field.
pub fn parse_local(text: &str, fr_name: &str, en_name: &str) -> Result<i64, WebError> {
    let invalid = || {
        bad(
            format!("Date et heure invalides pour « {fr_name} » : « {text} » (attendu AAAA-MM-JJTHH:MM)."),
            format!("Invalid date and time for \"{en_name}\": \"{text}\" (expected YYYY-MM-DDTHH:MM)."),
        )
    };
    let civil: DateTime = text.trim().parse().map_err(|_| invalid())?;
    let zoned = civil.to_zoned(paris()?).map_err(|_| invalid())?;
    Ok(zoned.timestamp().as_second())
}

/// Unix seconds as a `datetime-local` value in Paris time.
///
/// # Errors
/// [`WebError::Internal`] for a time out of range.
pub fn to_local(secs: i64) -> Result<String, WebError> {
    let ts = Timestamp::from_second(secs).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(ts.to_zoned(paris()?).strftime("%Y-%m-%dT%H:%M").to_string())
}

/// The Paris calendar date of a time.
///
/// # Errors
/// [`WebError::Internal`] for a time out of range.
pub fn paris_date(secs: i64) -> Result<Date, WebError> {
    let ts = Timestamp::from_second(secs).map_err(|e| WebError::Internal(e.to_string()))?;
    let date = ts.to_zoned(paris()?).date();
    Date::new(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
    .ok_or_else(|| WebError::Internal("date".to_owned()))
}

/// A time for people: "21/11/2027 à 08:00" in Paris time.
pub fn show(secs: i64, lang: Lang) -> String {
    Timestamp::from_second(secs).map_or_else(|_| secs.to_string(), |ts| format_paris(ts, lang))
}

/// The suggested calendar of a scrutin opening at `opens`, as `datetime-local` values.
///
/// # Errors
/// [`WebError::Internal`] for a time out of range.
pub fn suggested(round: u8, opens: i64, closes: i64) -> Result<Vec<(Step, String)>, WebError> {
    let tz = paris()?;
    let base = |secs: i64| -> Result<jiff::Zoned, WebError> {
        Timestamp::from_second(secs)
            .map(|ts| ts.to_zoned(tz.clone()))
            .map_err(|e| WebError::Internal(e.to_string()))
    };
    let (opening, closing) = (base(opens)?, base(closes)?);
    STEPS
        .iter()
        .map(|step| {
            let (days, hour) = if round == 2 {
                step.round_2
            } else {
                step.round_1
            };
            // Steps from the count on are counted from the closing, the others from the opening.
            let anchor = if days >= 0 { &closing } else { &opening };
            let day = anchor
                .date()
                .checked_add(days.days())
                .map_err(|e| WebError::Internal(e.to_string()))?;
            let at = day.at(hour, 0, 0, 0);
            Ok((*step, at.strftime("%Y-%m-%dT%H:%M").to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_local_times_round_trip() {
        // 21 November 2023, 8:00 in Paris is 07:00 UTC (winter time).
        let secs = parse_local("2023-11-21T08:00", "ouverture", "opening").unwrap();
        assert_eq!(secs, 1_700_550_000);
        assert_eq!(to_local(secs).unwrap(), "2023-11-21T08:00");
        assert_eq!(paris_date(secs).unwrap().to_string(), "2023-11-21");
        assert!(parse_local("21/11/2023", "ouverture", "opening").is_err());
    }

    #[test]
    fn the_agreements_calendar_is_suggested() {
        // Article 5: opening 21/11/2023 8 h, closing 23/11/2023 17 h.
        let opens = parse_local("2023-11-21T08:00", "", "").unwrap();
        let closes = parse_local("2023-11-23T17:00", "", "").unwrap();
        let steps = suggested(1, opens, closes).unwrap();
        let due = |key: &str| steps.iter().find(|(s, _)| s.key == key).unwrap().1.clone();
        assert_eq!(due("annonce"), "2023-09-04T09:00");
        assert_eq!(due("affichage_listes"), "2023-09-28T09:00");
        assert_eq!(due("depot_candidatures"), "2023-10-27T12:00");
        assert_eq!(due("recette_debut"), "2023-11-02T09:00");
        assert_eq!(due("recette_fin"), "2023-11-08T17:00");
        assert_eq!(due("envoi_materiel"), "2023-11-10T09:00");
        assert_eq!(due("scrutin_a_blanc"), "2023-11-20T10:00");
        assert_eq!(due("depouillement"), "2023-11-23T17:00");
    }
}
