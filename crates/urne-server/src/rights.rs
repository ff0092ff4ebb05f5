//! Who may do what once the vote is set up: the matrix of Annex 2 of the agreement
//! ("description de l'administration du système de vote"), enforced on every bureau page.
//!
//! | right                                   | BVC | BVE (*) | direction | délégués (*) |
//! |-----------------------------------------|-----|---------|-----------|--------------|
//! | participation                           | yes | yes     | yes       | yes          |
//! | émargement lists online during the vote | no  | yes     | no        | no           |
//! | émargement lists downloaded after it    | no  | yes     | no        | no           |
//! | results: summaries, representativeness  | yes (for the company) | yes | yes | yes  |
//! | procès-verbaux (Cerfa)                  | no  | yes     | yes       | no           |
//! | event journal                           | no  | yes     | yes       | yes          |
//! | seal fingerprint                        | yes | yes     | yes       | yes          |
//! | hotline journal                         | no  | yes     | yes       | no           |
//! | returned letters (PND) journal          | no  | yes     | yes       | no           |
//! | programming: opening and closing        | yes | no      | no        | no           |
//! | encryption and decryption keys          | yes | no      | no        | no           |
//!
//! (*) within their establishment ([`Perimeter`]). Annex 2 does not name the organisateur or
//! the hotline: the organisateur is the employer's representative and has the direction's
//! column; a hotline operator sees the seal and keeps the hotline journal, nothing else.

use urne_store::registry::{Role, StaffAccount};

/// A right of Annex 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Right {
    /// "Consultation de la participation".
    Participation,
    /// "Consultation des listes d'émargement — en ligne pendant le scrutin".
    EmargementOnline,
    /// "… en téléchargement à l'issue du scrutin".
    EmargementDownload,
    /// "Résultats — états de synthèse, représentativité".
    Results,
    /// "Procès-verbaux Cerfa".
    Pvs,
    /// "Journal des événements".
    EventJournal,
    /// "Empreinte de scellement".
    Seal,
    /// "Journal de l'assistance électeurs (hotline)".
    HotlineJournal,
    /// "Journal des plis non distribués (PND)".
    PndJournal,
    /// "Programmation application — ouverture et fermeture du scrutin".
    Programming,
    /// "Clé de chiffrement / déchiffrement des votes".
    Keys,
}

impl Right {
    /// Every right, in the order of Annex 2.
    pub const ALL: [Right; 11] = [
        Right::Participation,
        Right::EmargementOnline,
        Right::EmargementDownload,
        Right::Results,
        Right::Pvs,
        Right::EventJournal,
        Right::Seal,
        Right::HotlineJournal,
        Right::PndJournal,
        Right::Programming,
        Right::Keys,
    ];
}

/// Whether `role` holds `right` (Annex 2).
pub fn allows(role: Role, right: Right) -> bool {
    use Right::*;
    match role {
        Role::Bvc => matches!(right, Participation | Results | Seal | Programming | Keys),
        Role::Bve => !matches!(right, Programming | Keys),
        Role::Direction | Role::Organisateur => matches!(
            right,
            Participation | Results | Pvs | EventJournal | Seal | HotlineJournal | PndJournal
        ),
        Role::Delegue => matches!(right, Participation | Results | EventJournal | Seal),
        Role::Hotline => matches!(right, Seal | HotlineJournal),
    }
}

/// Which establishments a staff member sees: Annex 2's (*) limits BVE members and délégués to
/// their establishment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perimeter {
    /// The whole company.
    Company,
    /// One establishment.
    Establishment(i64),
    /// None: a BVE member with no establishment yet sees nothing establishment-bound.
    Nothing,
}

impl Perimeter {
    /// The perimeter of `account`.
    pub fn of(account: &StaffAccount) -> Perimeter {
        match (account.role, account.establishment_id) {
            (Role::Bve | Role::Delegue, Some(id)) => Perimeter::Establishment(id),
            (Role::Bve, None) => Perimeter::Nothing,
            _ => Perimeter::Company,
        }
    }

    /// Whether an establishment is within it.
    pub fn covers(self, establishment_id: i64) -> bool {
        match self {
            Perimeter::Company => true,
            Perimeter::Establishment(id) => id == establishment_id,
            Perimeter::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Annex 2, cell by cell: rows are rights, columns BVC, BVE, direction, délégués.
    #[test]
    fn annex_2_cell_by_cell() {
        let matrix: [(Right, [bool; 4]); 11] = [
            (Right::Participation, [true, true, true, true]),
            (Right::EmargementOnline, [false, true, false, false]),
            (Right::EmargementDownload, [false, true, false, false]),
            (Right::Results, [true, true, true, true]),
            (Right::Pvs, [false, true, true, false]),
            (Right::EventJournal, [false, true, true, true]),
            (Right::Seal, [true, true, true, true]),
            (Right::HotlineJournal, [false, true, true, false]),
            (Right::PndJournal, [false, true, true, false]),
            (Right::Programming, [true, false, false, false]),
            (Right::Keys, [true, false, false, false]),
        ];
        let columns = [Role::Bvc, Role::Bve, Role::Direction, Role::Delegue];
        for (right, row) in matrix {
            for (role, expected) in columns.into_iter().zip(row) {
                assert_eq!(allows(role, right), expected, "{role:?} × {right:?}");
            }
            // The organisateur has the direction's column.
            assert_eq!(allows(Role::Organisateur, right), row[2], "{right:?}");
        }
        assert_eq!(
            Right::ALL
                .into_iter()
                .filter(|&r| allows(Role::Hotline, r))
                .collect::<Vec<_>>(),
            [Right::Seal, Right::HotlineJournal]
        );
    }
}
