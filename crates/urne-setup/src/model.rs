//! The validated voter: what one line of the employer's voter file becomes once every cell has
//! been checked, with its eligibility assessed and its login challenges hashed.
//!
//! Left out: the organisation's registry (establishments, colleges, elections), which the store
//! owns; the readers live in [`crate::voter_file`]. Fields are public because every combination
//! of valid values is a valid voter: the invariants (trimmed matricule, known codes, E.164
//! mobile) are those of the reader that built it.

use urne_rules::date::Date;

/// Civilité, as printed on the envelope and the émargement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Civility {
    /// `M.`
    Monsieur,
    /// `Mme`
    Madame,
}

impl Civility {
    /// `"M."` or `"Mme"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Civility::Monsieur => "M.",
            Civility::Madame => "Mme",
        }
    }

    /// `M`, `M.`, `Mr`, `Monsieur`, `Mme`, `Madame`, `Mlle`, `Mademoiselle`, in any case, with
    /// or without a final dot. `Mlle` is read as `Mme`: the administration dropped it in 2012.
    pub fn parse(text: &str) -> Option<Civility> {
        let lower = text.trim().trim_end_matches('.').to_lowercase();
        match lower.as_str() {
            "m" | "mr" | "monsieur" => Some(Civility::Monsieur),
            "mme" | "madame" | "mlle" | "mademoiselle" => Some(Civility::Madame),
            _ => None,
        }
    }
}

/// Seniority as the file gives it: a date of entry, or months already counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seniority {
    /// Date d'entrée in the company.
    EntryDate(Date),
    /// Ancienneté in whole months on the assessment date.
    Months(u32),
}

/// A postal address, for voters who receive their code by post.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PostalAddress {
    /// Street lines, non-empty ones only.
    pub lines: Vec<String>,
    /// Code postal (empty when not given).
    pub postcode: String,
    /// Ville (empty when not given).
    pub city: String,
    /// Pays (empty when not given, meaning France).
    pub country: String,
}

impl PostalAddress {
    /// Whether nothing was given.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
            && self.postcode.is_empty()
            && self.city.is_empty()
            && self.country.is_empty()
    }
}

/// Keyed hashes of the voter's second factors, see [`crate::challenge`]. The digits themselves
/// are never kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChallengeHashes {
    /// HMAC of the badge digits, when the file gives them.
    pub badge: Option<[u8; 32]>,
    /// HMAC of the social-security key, when the file gives it.
    pub ss_key: Option<[u8; 32]>,
}

/// Whether the voter may vote and stand, as `urne_rules::eligibility::assess` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterEligibility {
    /// Électeur (Code du travail, art. L2314-18).
    pub elector: bool,
    /// Éligible (Code du travail, art. L2314-19).
    pub eligible: bool,
    /// Every reason that applies, each citing its article (elector reasons first); empty when
    /// the voter is both.
    pub reasons: Vec<String>,
}

/// One voter of the organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voter {
    /// The employer's identifier: trimmed, non-empty, at most 64 characters, unique in the
    /// organisation.
    pub matricule: String,
    /// Civilité.
    pub civility: Civility,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// Date de naissance.
    pub birth_date: Date,
    /// The establishment's code in the registry.
    pub establishment: String,
    /// The college's code in the registry.
    pub college: String,
    /// Date d'entrée or ancienneté.
    pub seniority: Seniority,
    /// E-mail professionnel.
    pub professional_email: Option<String>,
    /// Mobile in E.164 (`+33612345678`).
    pub mobile: Option<String>,
    /// Adresse postale.
    pub address: PostalAddress,
    /// Hashed second factors.
    pub challenge: ChallengeHashes,
    /// Electorate and eligibility.
    pub eligibility: VoterEligibility,
}

impl Voter {
    /// The French names of the fields that differ between `self` and `other`, in the order of
    /// the voter file: `matricule`, `civilité`, `nom`, `prénom`, `date de naissance`,
    /// `établissement`, `collège`, `ancienneté`, `e-mail professionnel`, `mobile`, `adresse`,
    /// `badge`, `clé sécurité sociale`, `éligibilité`.
    ///
    /// The challenge hashes are compared as hashes: they depend on the matricule and the pepper
    /// too, so a new pepper shows every badge as changed.
    pub fn changed_fields(&self, other: &Voter) -> Vec<&'static str> {
        let checks = [
            ("matricule", self.matricule == other.matricule),
            ("civilité", self.civility == other.civility),
            ("nom", self.last_name == other.last_name),
            ("prénom", self.first_name == other.first_name),
            ("date de naissance", self.birth_date == other.birth_date),
            ("établissement", self.establishment == other.establishment),
            ("collège", self.college == other.college),
            ("ancienneté", self.seniority == other.seniority),
            (
                "e-mail professionnel",
                self.professional_email == other.professional_email,
            ),
            ("mobile", self.mobile == other.mobile),
            ("adresse", self.address == other.address),
            ("badge", self.challenge.badge == other.challenge.badge),
            (
                "clé sécurité sociale",
                self.challenge.ss_key == other.challenge.ss_key,
            ),
            ("éligibilité", self.eligibility == other.eligibility),
        ];
        checks
            .into_iter()
            .filter(|(_, same)| !same)
            .map(|(name, _)| name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civilities() {
        for text in ["M", "m.", "Mr", "MONSIEUR", " Monsieur "] {
            assert_eq!(Civility::parse(text), Some(Civility::Monsieur), "{text}");
        }
        for text in ["Mme", "mme.", "Madame", "Mlle", "MADEMOISELLE"] {
            assert_eq!(Civility::parse(text), Some(Civility::Madame), "{text}");
        }
        for text in ["", "Dr", "Mx", "Mrs"] {
            assert_eq!(Civility::parse(text), None, "{text}");
        }
        assert_eq!(Civility::Madame.as_str(), "Mme");
        assert_eq!(Civility::Monsieur.as_str(), "M.");
    }
}
