//! Reading a union's candidate-list file: one candidate per line, with the list's name, the
//! candidate's position on it, sex and name. CSV or XLSX, detected as for the voter file.
//!
//! Lines are grouped into lists by union and list name, in order of first appearance; positions
//! must run from 1 without gap or repeat. Every problem is reported at once.
//!
//! Left out: the balanced representation of women and men (Code du travail, art. L2314-30),
//! checked by `urne_rules::parity` once the list is tied to its college; whether candidates are
//! eligible voters of that college, which needs the registry; and the number of seats.

use std::collections::HashMap;

use urne_rules::date::Date;
use urne_rules::parity::{Sex, MAX_LIST_SIZE};

use crate::error::{FileErrors, Problem, RowError};
use crate::model::Civility;
use crate::table::{read_table, resolve, ColumnSpec, Header, Row};
use crate::text::{excerpt, fold_key};

/// One candidate as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateDraft {
    /// Position on the list, from 1.
    pub position: u32,
    /// Sexe, for the parity check.
    pub sex: Sex,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// Date de naissance, when given.
    pub birth_date: Option<Date>,
}

/// One list as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateListDraft {
    /// The union (organisation syndicale); empty for a free list (« liste libre »).
    pub union_name: String,
    /// The list's name.
    pub name: String,
    /// Its candidates, by position.
    pub candidates: Vec<CandidateDraft>,
}

const UNION: usize = 0;
const LIST: usize = 1;
const POSITION: usize = 2;
const SEX: usize = 3;
const CIVILITY: usize = 4;
const LAST_NAME: usize = 5;
const FIRST_NAME: usize = 6;
const BIRTH_DATE: usize = 7;

const REQUIRED: [usize; 4] = [LIST, POSITION, LAST_NAME, FIRST_NAME];

const SPECS: [ColumnSpec; 8] = [
    ColumnSpec {
        name: "syndicat",
        aliases: &[
            "syndicat",
            "organisation",
            "organisationsyndicale",
            "os",
            "union",
            "tradeunion",
        ],
    },
    ColumnSpec {
        name: "liste",
        aliases: &["liste", "nomdelaliste", "nomliste", "list", "listname"],
    },
    ColumnSpec {
        name: "ordre",
        aliases: &["ordre", "position", "rang", "numero", "order", "rank"],
    },
    ColumnSpec {
        name: "sexe",
        aliases: &["sexe", "genre", "sex", "gender"],
    },
    ColumnSpec {
        name: "civilité",
        aliases: &["civilite", "civ", "civility", "title"],
    },
    ColumnSpec {
        name: "nom",
        aliases: &["nom", "nomdefamille", "nomdusage", "lastname", "surname"],
    },
    ColumnSpec {
        name: "prénom",
        aliases: &["prenom", "prenoms", "firstname", "givenname"],
    },
    ColumnSpec {
        name: "date de naissance",
        aliases: &[
            "datedenaissance",
            "datenaissance",
            "birthdate",
            "dateofbirth",
        ],
    },
];

/// Reads a candidate-list file.
///
/// # Errors
/// [`FileErrors`] with every problem: file and header problems, bad cells, repeated positions
/// (on the second line, naming the first) and gaps (on the list's first line).
pub fn read_list_file(
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<CandidateListDraft>, FileErrors> {
    let table = read_table(file_name, bytes).map_err(|e| FileErrors::single(file_name, e))?;
    let (positions, mut errors) =
        resolve(&table.header, &SPECS).map_err(|e| FileErrors::single(file_name, e))?;
    for spec in REQUIRED {
        if positions[spec].is_none() {
            errors.push(table.header.missing(SPECS[spec].name));
        }
    }
    if positions[SEX].is_none() && positions[CIVILITY].is_none() {
        errors.push(table.header.missing("sexe ou civilité"));
    }
    if !errors.is_empty() {
        return Err(FileErrors::new(file_name, errors, 0));
    }
    if table.rows.is_empty() {
        let no_rows = RowError {
            line: table.header.line,
            column: None,
            column_ref: None,
            problem: Problem::NoRows,
        };
        return Err(FileErrors::single(file_name, no_rows));
    }

    let mut lists: Vec<Gathered> = Vec::new();
    let mut list_of: HashMap<(String, String), usize> = HashMap::new();
    for row in &table.rows {
        let mut line = Line {
            header: &table.header,
            positions: &positions,
            row,
            errors: &mut errors,
        };
        let union_name = line.text(UNION);
        let list_name = line.required(LIST);
        let position = line.position();
        let sex = line.sex();
        let last_name = line.required(LAST_NAME);
        let first_name = line.required(FIRST_NAME);
        let birth_date = line.birth_date();
        let Some(list_name) = list_name else {
            continue;
        };
        let list_idx = *list_of
            .entry((union_name.clone(), list_name.clone()))
            .or_insert_with(|| {
                lists.push(Gathered {
                    union_name,
                    name: list_name,
                    first_line: row.line,
                    first_line_of: HashMap::new(),
                    candidates: Vec::new(),
                });
                lists.len() - 1
            });
        let Some(position) = position else {
            continue;
        };
        let Some(list) = lists.get_mut(list_idx) else {
            continue;
        };
        if let Some(&first_line) = list.first_line_of.get(&position) {
            line.fail(
                POSITION,
                Problem::DuplicatePosition {
                    position,
                    first_line,
                },
            );
            continue;
        }
        list.first_line_of.insert(position, row.line);
        if let (Some(sex), Some(last_name), Some(first_name), Some(birth_date)) =
            (sex, last_name, first_name, birth_date)
        {
            list.candidates.push(CandidateDraft {
                position,
                sex,
                last_name,
                first_name,
                birth_date,
            });
        }
    }

    for list in &mut lists {
        let mut taken: Vec<u32> = list.first_line_of.keys().copied().collect();
        taken.sort_unstable();
        let mut expected = 1;
        for position in taken {
            if position > expected {
                let problem = Problem::MissingPositions {
                    list: excerpt(&list.name),
                    first: expected,
                    last: position - 1,
                };
                errors.push(at(&table.header, &positions, list.first_line, problem));
            }
            expected = position + 1;
        }
        list.candidates.sort_by_key(|candidate| candidate.position);
    }
    if !errors.is_empty() {
        return Err(FileErrors::new(file_name, errors, table.rows.len()));
    }
    Ok(lists
        .into_iter()
        .map(|list| CandidateListDraft {
            union_name: list.union_name,
            name: list.name,
            candidates: list.candidates,
        })
        .collect())
}

/// A list while its lines are read.
struct Gathered {
    union_name: String,
    name: String,
    first_line: usize,
    /// Position → the line that took it.
    first_line_of: HashMap<u32, usize>,
    candidates: Vec<CandidateDraft>,
}

/// `H`, `Homme`, `M`, `Masculin`, `Man`, `Male` are men; `F`, `Femme`, `Féminin`, `W`, `Woman`,
/// `Female` are women; in any case, with or without accents.
fn parse_sex(text: &str) -> Option<Sex> {
    match fold_key(text).as_str() {
        "h" | "homme" | "m" | "masculin" | "man" | "male" => Some(Sex::Man),
        "f" | "femme" | "feminin" | "w" | "woman" | "female" => Some(Sex::Woman),
        _ => None,
    }
}

fn at(header: &Header, positions: &[Option<usize>], line: usize, problem: Problem) -> RowError {
    match positions[POSITION] {
        Some(index) => header.error(line, index, problem),
        None => RowError {
            line,
            column: None,
            column_ref: None,
            problem,
        },
    }
}

/// One line being read.
struct Line<'a> {
    header: &'a Header,
    positions: &'a [Option<usize>],
    row: &'a Row,
    errors: &'a mut Vec<RowError>,
}

impl Line<'_> {
    fn fail(&mut self, spec: usize, problem: Problem) {
        let error = match self.positions[spec] {
            Some(index) => self.header.error(self.row.line, index, problem),
            None => RowError {
                line: self.row.line,
                column: Some(SPECS[spec].name.to_owned()),
                column_ref: None,
                problem,
            },
        };
        self.errors.push(error);
    }

    fn text(&self, spec: usize) -> String {
        self.row.text(self.positions[spec]).into_owned()
    }

    fn required(&mut self, spec: usize) -> Option<String> {
        let text = self.text(spec);
        if text.is_empty() {
            self.fail(spec, Problem::EmptyRequired);
            return None;
        }
        Some(text)
    }

    /// A whole number from 1 to [`MAX_LIST_SIZE`], the largest list the parity rules check.
    fn position(&mut self) -> Option<u32> {
        let text = self.required(POSITION)?;
        match text.parse::<u32>() {
            Ok(position) if position >= 1 && u64::from(position) <= MAX_LIST_SIZE => Some(position),
            _ => {
                let text = excerpt(&text);
                self.fail(POSITION, Problem::InvalidPosition { text });
                None
            }
        }
    }

    /// The sex column when filled, else the civility column.
    fn sex(&mut self) -> Option<Sex> {
        let sex_text = self.text(SEX);
        if !sex_text.is_empty() {
            return parse_sex(&sex_text).or_else(|| {
                let text = excerpt(&sex_text);
                self.fail(SEX, Problem::InvalidSex { text });
                None
            });
        }
        let civility_text = self.text(CIVILITY);
        if civility_text.is_empty() {
            let spec = if self.positions[SEX].is_some() {
                SEX
            } else {
                CIVILITY
            };
            self.fail(spec, Problem::EmptyRequired);
            return None;
        }
        match Civility::parse(&civility_text) {
            Some(Civility::Madame) => Some(Sex::Woman),
            Some(Civility::Monsieur) => Some(Sex::Man),
            None => {
                let text = excerpt(&civility_text);
                self.fail(CIVILITY, Problem::InvalidCivility { text });
                None
            }
        }
    }

    /// `Some(None)` when empty, `None` after a bad date.
    fn birth_date(&mut self) -> Option<Option<Date>> {
        let cell = self.row.cell(self.positions[BIRTH_DATE]);
        let text = cell.text();
        if text.is_empty() {
            return Some(None);
        }
        match cell.date() {
            Some(date) => Some(Some(date)),
            None => {
                let text = excerpt(&text);
                self.fail(BIRTH_DATE, Problem::InvalidDate { text });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sexes() {
        for text in ["H", "homme", "M", "Masculin", "man", "MALE"] {
            assert_eq!(parse_sex(text), Some(Sex::Man), "{text}");
        }
        for text in ["F", "Femme", "Féminin", "W", "woman", "female"] {
            assert_eq!(parse_sex(text), Some(Sex::Woman), "{text}");
        }
        assert_eq!(parse_sex("X"), None);
    }
}
