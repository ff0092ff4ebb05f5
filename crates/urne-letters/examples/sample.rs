//! Writes `letters-sample.pdf`: three sample letters, to look at the layout.
#![allow(clippy::unwrap_used)]
fn main() {
    let batch = urne_letters::Batch {
        organisation: "Exemple SA".to_owned(),
        scrutin: "Élections du CSE 2027 — 1er tour".to_owned(),
        voting_url: "https://vote.exemple.fr".to_owned(),
        opens_fr: "21/11/2027 à 8 h".to_owned(),
        opens_en: "21/11/2027 at 8 am".to_owned(),
        closes_fr: "23/11/2027 à 17 h".to_owned(),
        closes_en: "23/11/2027 at 5 pm".to_owned(),
        hotline: Some("01 23 45 67 89".to_owned()),
        qr_code: true,
    };
    let letters: Vec<urne_letters::Letter> = (1..=3)
        .map(|i| urne_letters::Letter {
            name: format!("Mme Hélène Lefèvre {i}"),
            address_lines: vec![format!("{i} rue des Lilas"), "Bâtiment B".to_owned()],
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: "France".to_owned(),
            code: "7K2Q-9XHM-D4TR-8NWA-PB".to_owned(),
        })
        .collect();
    let pdf = urne_letters::render(&batch, &letters, &mut |_, _| {});
    std::fs::write("letters-sample.pdf", pdf).unwrap();
}
