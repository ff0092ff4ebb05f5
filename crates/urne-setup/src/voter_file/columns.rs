//! The columns of the voter file (Annex 1 §7.1 of the pre-electoral agreement), with the header
//! names accepted for each, in French and English, folded by [`crate::text::fold_key`].
//!
//! Left out: what a cell must hold, see [`super::row`].

use crate::table::ColumnSpec;

pub(super) const CIVILITY: usize = 0;
pub(super) const LAST_NAME: usize = 1;
pub(super) const FIRST_NAME: usize = 2;
pub(super) const BIRTH_DATE: usize = 3;
pub(super) const ESTABLISHMENT: usize = 4;
pub(super) const COLLEGE: usize = 5;
pub(super) const MATRICULE: usize = 6;
pub(super) const ENTRY_DATE: usize = 7;
pub(super) const SENIORITY: usize = 8;
pub(super) const EMAIL: usize = 9;
pub(super) const MOBILE: usize = 10;
pub(super) const ADDRESS_1: usize = 11;
pub(super) const ADDRESS_2: usize = 12;
pub(super) const POSTCODE: usize = 13;
pub(super) const CITY: usize = 14;
pub(super) const COUNTRY: usize = 15;
pub(super) const BADGE: usize = 16;
pub(super) const SS_KEY: usize = 17;

/// Columns without which no line can be read.
pub(super) const REQUIRED: [usize; 7] = [
    CIVILITY,
    LAST_NAME,
    FIRST_NAME,
    BIRTH_DATE,
    ESTABLISHMENT,
    COLLEGE,
    MATRICULE,
];

/// The name shown when neither seniority column is present.
pub(super) const SENIORITY_EITHER: &str = "date d'entrée ou ancienneté";

/// Indexed by the constants above.
pub(super) const SPECS: [ColumnSpec; 18] = [
    ColumnSpec {
        name: "civilité",
        aliases: &[
            "civilite",
            "civ",
            "titre",
            "civility",
            "title",
            "salutation",
        ],
    },
    ColumnSpec {
        name: "nom",
        aliases: &[
            "nom",
            "nomdefamille",
            "nomfamille",
            "nomdusage",
            "nomusage",
            "nompatronymique",
            "lastname",
            "surname",
            "familyname",
        ],
    },
    ColumnSpec {
        name: "prénom",
        aliases: &["prenom", "prenoms", "firstname", "givenname", "forename"],
    },
    ColumnSpec {
        name: "date de naissance",
        aliases: &[
            "datedenaissance",
            "datenaissance",
            "naissance",
            "nele",
            "birthdate",
            "dateofbirth",
            "dob",
            "birthday",
        ],
    },
    ColumnSpec {
        name: "établissement",
        aliases: &[
            "etablissement",
            "etab",
            "codeetablissement",
            "site",
            "establishment",
            "establishmentcode",
        ],
    },
    ColumnSpec {
        name: "collège",
        aliases: &[
            "college",
            "collegeelectoral",
            "codecollege",
            "electoralcollege",
            "collegecode",
        ],
    },
    ColumnSpec {
        name: "matricule",
        aliases: &[
            "matricule",
            "nmatricule",
            "numeromatricule",
            "matriculesalarie",
            "identifiant",
            "employeeid",
            "employeenumber",
            "staffnumber",
            "personnelnumber",
            "id",
        ],
    },
    ColumnSpec {
        name: "date d'entrée",
        aliases: &[
            "datedentree",
            "dateentree",
            "datedembauche",
            "dateembauche",
            "entree",
            "embauche",
            "entrydate",
            "hiredate",
            "dateofhire",
            "startdate",
        ],
    },
    ColumnSpec {
        name: "ancienneté",
        aliases: &[
            "anciennete",
            "ancienneteenmois",
            "anciennetemois",
            "moisdanciennete",
            "seniority",
            "senioritymonths",
            "seniorityinmonths",
            "tenure",
            "tenuremonths",
            "monthsofservice",
        ],
    },
    ColumnSpec {
        name: "e-mail professionnel",
        aliases: &[
            "emailprofessionnel",
            "mailprofessionnel",
            "courrielprofessionnel",
            "emailpro",
            "mailpro",
            "email",
            "mail",
            "courriel",
            "adresseemail",
            "adressemail",
            "adresseelectronique",
            "workemail",
            "professionalemail",
            "businessemail",
            "emailaddress",
        ],
    },
    ColumnSpec {
        name: "mobile",
        aliases: &[
            "mobile",
            "telephonemobile",
            "telmobile",
            "portable",
            "telephoneportable",
            "telportable",
            "numerodemobile",
            "mobilephone",
            "cellphone",
            "phone",
            "telephone",
            "tel",
        ],
    },
    ColumnSpec {
        name: "adresse",
        aliases: &[
            "adresse",
            "adressepostale",
            "adresse1",
            "ligneadresse1",
            "rue",
            "address",
            "postaladdress",
            "address1",
            "addressline1",
            "street",
        ],
    },
    ColumnSpec {
        name: "adresse 2",
        aliases: &[
            "adresse2",
            "complement",
            "complementdadresse",
            "complementadresse",
            "ligneadresse2",
            "address2",
            "addressline2",
        ],
    },
    ColumnSpec {
        name: "code postal",
        aliases: &[
            "codepostal",
            "cp",
            "postcode",
            "postalcode",
            "zipcode",
            "zip",
        ],
    },
    ColumnSpec {
        name: "ville",
        aliases: &["ville", "commune", "localite", "city", "town"],
    },
    ColumnSpec {
        name: "pays",
        aliases: &["pays", "country"],
    },
    ColumnSpec {
        name: "badge",
        aliases: &[
            "badge",
            "nbadge",
            "numerodebadge",
            "numerobadge",
            "chiffresbadge",
            "chiffresdubadge",
            "badgenumber",
            "badgedigits",
            "badgeid",
        ],
    },
    ColumnSpec {
        name: "clé sécurité sociale",
        aliases: &[
            "clesecuritesociale",
            "cledesecuritesociale",
            "clesecu",
            "clenir",
            "clenumerodesecuritesociale",
            "clenss",
            "cle",
            "nirkey",
            "sskey",
            "socialsecuritykey",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_key;

    #[test]
    fn aliases_are_folded_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for spec in SPECS {
            assert!(spec.aliases.contains(&fold_key(spec.name).as_str()));
            for alias in spec.aliases {
                assert_eq!(fold_key(alias), *alias, "{alias} is not folded");
                assert!(seen.insert(*alias), "{alias} twice");
            }
        }
    }
}
