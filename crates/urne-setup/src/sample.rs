//! Synthetic voter files for benchmarks and demos: deterministic, valid, French-looking.
//!
//! Left out: realism beyond what the reader checks (names are drawn from short lists, addresses
//! are invented), and any invalid line; tests that need bad lines edit a sample.

use std::fmt::Write as _;

use crate::voter_file::Known;

const LAST_NAMES: [&str; 24] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
];
const WOMEN: [&str; 12] = [
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Élodie",
    "Chloé",
    "Inès",
    "Léa",
    "Camille",
    "Françoise",
    "Zoé",
];
const MEN: [&str; 12] = [
    "Jean",
    "Philippe",
    "Michel",
    "Alain",
    "Nicolas",
    "Stéphane",
    "Jérôme",
    "François",
    "Hugo",
    "Théo",
    "Lucas",
    "Rémi",
];
const CITIES: [(&str, &str); 6] = [
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("59000", "Lille"),
    ("44000", "Nantes"),
];
const STREETS: [&str; 5] = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Voltaire",
    "place de l'Église",
    "chemin des Prés",
];

/// splitmix64: small, fast, and the same on every platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        // n fits in u64 and the result is below n, so both casts are lossless.
        (self.next() % n as u64) as usize
    }
}

/// A voter file of `n` valid lines (plus the header) in UTF-8 with `;` and `JJ/MM/AAAA` dates,
/// the same for the same `seed`. Establishments and colleges are drawn from `known` (their
/// codes); when it lists none, the placeholders `ETAB` and `COLL` are written, which a reader
/// with that same empty `known` will refuse. Birth dates fall in 1960–2001 and entry dates in
/// 1990–2019, so every voter is an elector for an assessment date after 2020; matricules are
/// `M000001`, `M000002`, ….
pub fn sample_voter_csv(n: usize, known: &Known, seed: u64) -> String {
    let mut rng = SplitMix(seed);
    let mut out = String::with_capacity(200 * (n + 1));
    out.push_str(
        "Matricule;Civilité;Nom;Prénom;Date de naissance;Établissement;Collège;Date d'entrée;\
         E-mail professionnel;Mobile;Adresse;Code postal;Ville;Badge;Clé sécurité sociale\n",
    );
    for idx in 1..=n {
        let woman = rng.below(2) == 0;
        let civility = if woman { "Mme" } else { "M." };
        let first_name = if woman {
            WOMEN[rng.below(WOMEN.len())]
        } else {
            MEN[rng.below(MEN.len())]
        };
        let last_name = LAST_NAMES[rng.below(LAST_NAMES.len())];
        let establishment = pick(&known.establishments, &mut rng, "ETAB");
        let college = pick(&known.colleges, &mut rng, "COLL");
        let (postcode, city) = CITIES[rng.below(CITIES.len())];
        let street = STREETS[rng.below(STREETS.len())];
        let email_first = ascii_lower(first_name);
        let email_last = ascii_lower(last_name);
        // `write!` into a String cannot fail.
        let _ = writeln!(
            out,
            "M{idx:06};{civility};{last_name};{first_name};{:02}/{:02}/{};{establishment};\
             {college};{:02}/{:02}/{};{email_first}.{email_last}.{idx}@exemple.fr;\
             06 {:02} {:02} {:02} {:02};{} {street};{postcode};{city};{:06};{:02}",
            1 + rng.below(28),
            1 + rng.below(12),
            1960 + rng.below(42),
            1 + rng.below(28),
            1 + rng.below(12),
            1990 + rng.below(30),
            rng.below(100),
            rng.below(100),
            rng.below(100),
            rng.below(100),
            1 + rng.below(150),
            rng.below(1_000_000),
            1 + rng.below(97),
        );
    }
    out
}

fn pick<'a>(entries: &'a [(String, String)], rng: &mut SplitMix, fallback: &'a str) -> &'a str {
    if entries.is_empty() {
        fallback
    } else {
        entries[rng.below(entries.len())].0.as_str()
    }
}

/// Lowercase ASCII for an e-mail local part: accents dropped, other letters kept.
fn ascii_lower(text: &str) -> String {
    crate::text::fold_name(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}
