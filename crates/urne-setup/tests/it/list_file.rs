//! Candidate-list files: lists grouped by union and name, positions checked, sexes read.

use urne_rules::parity::Sex;
use urne_setup::{read_list_file, Problem};

#[test]
fn two_lists() {
    let text = "Syndicat;Liste;Ordre;Sexe;Nom;Prénom;Date de naissance\n\
CFDT;Titulaires cadres;2;H;Martin;Jean;01/01/1980\n\
CFDT;Titulaires cadres;1;F;Petit;Anne;\n\
;Liste libre des techniciens;1;Homme;Roux;Paul;1975-05-05\n\
CFDT;Titulaires cadres;3;femme;Morel;Inès;\n";
    let lists = read_list_file("listes.csv", text.as_bytes()).unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0].union_name, "CFDT");
    assert_eq!(lists[0].name, "Titulaires cadres");
    let order: Vec<_> = lists[0]
        .candidates
        .iter()
        .map(|c| (c.position, c.sex, c.last_name.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (1, Sex::Woman, "Petit"),
            (2, Sex::Man, "Martin"),
            (3, Sex::Woman, "Morel")
        ]
    );
    assert_eq!(
        lists[0].candidates[1].birth_date,
        urne_rules::date::Date::new(1980, 1, 1)
    );
    assert_eq!(lists[1].union_name, "");
    assert_eq!(lists[1].candidates[0].first_name, "Paul");
}

#[test]
fn sex_inferred_from_civility_and_english_headers() {
    let text = "List,Position,Title,Last name,First name\nA,1,Mme,Petit,Anne\nA,2,M.,Roux,Paul\n";
    let lists = read_list_file("lists.csv", text.as_bytes()).unwrap();
    let sexes: Vec<_> = lists[0].candidates.iter().map(|c| c.sex).collect();
    assert_eq!(sexes, [Sex::Woman, Sex::Man]);
}

#[test]
fn gaps_duplicates_and_unknown_sexes_all_reported() {
    let text = "Syndicat;Liste;Ordre;Sexe;Nom;Prénom\n\
CGT;Cadres;1;F;Petit;Anne\n\
CGT;Cadres;4;X;Roux;Paul\n\
CGT;Cadres;1;H;Morel;Jean\n\
CGT;Employés;1;F;Durand;Marie\n\
CGT;Employés;3;H;Simon;Luc\n\
CGT;Employés;zéro;H;Simon;Luc\n";
    let errors = read_list_file("listes.csv", text.as_bytes()).unwrap_err();
    let found: Vec<_> = errors
        .errors
        .iter()
        .map(|e| (e.line, e.column_ref.as_deref(), e.problem.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                Some("C"),
                Problem::MissingPositions {
                    list: "Cadres".into(),
                    first: 2,
                    last: 3
                }
            ),
            (3, Some("D"), Problem::InvalidSex { text: "X".into() }),
            (
                4,
                Some("C"),
                Problem::DuplicatePosition {
                    position: 1,
                    first_line: 2
                }
            ),
            (
                5,
                Some("C"),
                Problem::MissingPositions {
                    list: "Employés".into(),
                    first: 2,
                    last: 2
                }
            ),
            (
                7,
                Some("C"),
                Problem::InvalidPosition {
                    text: "zéro".into()
                }
            ),
        ],
        "{errors}"
    );
    assert!(errors
        .to_french()
        .contains("la liste « Cadres » n'a pas de candidat en positions 2 à 3"));
}

#[test]
fn missing_columns() {
    let errors = read_list_file("listes.csv", b"Liste;Nom;Prenom\nA;B;C\n").unwrap_err();
    let columns: Vec<_> = errors
        .errors
        .iter()
        .map(|e| e.column.clone().unwrap())
        .collect();
    assert_eq!(columns, ["ordre", "sexe ou civilité"]);
}
