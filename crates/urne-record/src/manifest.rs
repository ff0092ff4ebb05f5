//! An election's manifest (`docs/protocol.md` §13.2): everything a ballot is bound to — the
//! scrutin, the election, its seats, and its lists and candidates in ballot order. Its canonical
//! bytes give the election fingerprint (§3.2), and its lists the ballot shape (§6.1).

use serde::{Deserialize, Serialize};
use urne_crypto::{BallotShape, ElectionFingerprint, PROTOCOL_VERSION};

use crate::canonical::{self, FormatError};

/// Titulaires or suppléants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// Membres titulaires.
    Titulaires,
    /// Membres suppléants.
    Suppleants,
}

/// A named place: an establishment or a college.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Its short code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The scrutin an election belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScrutinRef {
    /// Its name.
    pub name: String,
    /// Its public identifier (the record's).
    pub uid: String,
}

/// A candidate, as printed on the ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `"F"` or `"H"` (femme, homme), for the gender-balance rule.
    pub sex: String,
}

/// A list, in ballot order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// Candidates in the list's order.
    pub candidates: Vec<Candidate>,
    /// The list's name.
    pub name: String,
    /// The union that filed it, or `null` for a free list (round 2 only).
    pub union: Option<String>,
}

/// An election's manifest. Fields are declared in sorted order: the canonical JSON follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Titulaires or suppléants.
    pub body: Body,
    /// The college.
    pub college: Place,
    /// The election's public identifier (credential keys are derived for it, §7.3).
    pub election: String,
    /// The establishment.
    pub establishment: Place,
    /// The lists in ballot order (Article 9.4: union lists by union name, then free lists).
    pub lists: Vec<List>,
    /// The organisation's name.
    pub organisation: String,
    /// [`PROTOCOL_VERSION`].
    pub protocol: String,
    /// 1 or 2.
    pub round: u8,
    /// The scrutin.
    pub scrutin: ScrutinRef,
    /// Seats to fill.
    pub seats: u32,
}

impl Manifest {
    /// The canonical bytes, as published in the record.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published manifest and checks it: canonical form, protocol version, a round of 1
    /// or 2, and a ballot shape (at least one list, each with at least one candidate).
    ///
    /// # Errors
    /// [`FormatError`] naming what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let manifest: Manifest = canonical::from_bytes(bytes)?;
        if manifest.protocol != PROTOCOL_VERSION {
            return Err(FormatError::Field("protocol"));
        }
        if !matches!(manifest.round, 1 | 2) {
            return Err(FormatError::Field("round"));
        }
        manifest.shape()?;
        Ok(manifest)
    }

    /// The election fingerprint (§3.2) over the canonical bytes.
    pub fn fingerprint(&self) -> ElectionFingerprint {
        ElectionFingerprint::of_manifest(&self.to_bytes())
    }

    /// The ballot shape: the number of candidates of each list.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("lists")` when there is no list or a list has no candidate.
    pub fn shape(&self) -> Result<BallotShape, FormatError> {
        let counts = self
            .lists
            .iter()
            .map(|l| u32::try_from(l.candidates.len()).map_err(|_| FormatError::Field("lists")))
            .collect::<Result<Vec<_>, _>>()?;
        BallotShape::new(counts).map_err(|_| FormatError::Field("lists"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn example() -> Manifest {
        Manifest {
            body: Body::Titulaires,
            college: Place {
                code: "1".into(),
                name: "Ouvriers et employés".into(),
            },
            election: "e-1".into(),
            establishment: Place {
                code: "NTE".into(),
                name: "Nantes".into(),
            },
            lists: vec![
                List {
                    candidates: vec![Candidate {
                        first_name: "Chloé".into(),
                        last_name: "Durand".into(),
                        sex: "F".into(),
                    }],
                    name: "CFDT".into(),
                    union: Some("CFDT".into()),
                },
                List {
                    candidates: vec![
                        Candidate {
                            first_name: "Farid".into(),
                            last_name: "Benali \"dit\" Fa".into(),
                            sex: "H".into(),
                        },
                        Candidate {
                            first_name: "Gaëlle".into(),
                            last_name: "Roux".into(),
                            sex: "F".into(),
                        },
                    ],
                    name: "Liste libre".into(),
                    union: None,
                },
            ],
            organisation: "ACME".into(),
            protocol: PROTOCOL_VERSION.into(),
            round: 2,
            scrutin: ScrutinRef {
                name: "CSE 2026".into(),
                uid: "s-1".into(),
            },
            seats: 3,
        }
    }

    #[test]
    fn canonical_bytes_sort_keys_and_round_trip() {
        let manifest = example();
        let bytes = manifest.to_bytes();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with(r#"{"body":"titulaires","college":{"code":"1","name":"Ouvriers et employés"},"election":"e-1","#));
        assert!(text.contains(
            r#"{"candidates":[{"first_name":"Farid","last_name":"Benali \"dit\" Fa","sex":"H"}"#
        ));
        assert!(text.contains(r#""union":null"#));
        assert!(text.ends_with(
            r#""protocol":"urne/1","round":2,"scrutin":{"name":"CSE 2026","uid":"s-1"},"seats":3}"#
        ));
        assert_eq!(Manifest::from_bytes(&bytes).unwrap(), manifest);
        assert_eq!(manifest.shape().unwrap().candidates(), &[1, 2]);
        assert_eq!(
            manifest.fingerprint(),
            ElectionFingerprint::of_manifest(&bytes)
        );
    }

    #[test]
    fn non_canonical_or_invalid_manifests_are_refused() {
        let bytes = example().to_bytes();
        let mut spaced = b" ".to_vec();
        spaced.extend_from_slice(&bytes);
        assert_eq!(
            Manifest::from_bytes(&spaced),
            Err(FormatError::NotCanonical)
        );
        let mut wrong = example();
        wrong.protocol = "urne/0".into();
        assert_eq!(
            Manifest::from_bytes(&wrong.to_bytes()),
            Err(FormatError::Field("protocol"))
        );
        let mut empty = example();
        empty.lists[0].candidates.clear();
        assert_eq!(
            Manifest::from_bytes(&empty.to_bytes()),
            Err(FormatError::Field("lists"))
        );
        let extra = String::from_utf8(bytes)
            .unwrap()
            .replace("{\"body\"", "{\"a\":1,\"body\"");
        assert!(matches!(
            Manifest::from_bytes(extra.as_bytes()),
            Err(FormatError::Json(_))
        ));
    }
}
