//! Writes `letters-sample.pdf`: three sample letters, to look at the layout.
#![allow(clippy::unwrap_used)]
fn main() {
    let batch = urne_letters::Batch::example(true);
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
