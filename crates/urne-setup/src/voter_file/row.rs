//! One line of the voter file to one [`Voter`]: each cell checked, every problem of the line
//! recorded, eligibility assessed, second factors hashed.
//!
//! Left out: the header (see [`super::columns`]) and problems of the whole file.

use std::collections::HashMap;

use urne_rules::date::Date;
use urne_rules::eligibility::{assess, Tenure, VoterFacts};

use super::columns::{
    ADDRESS_1, ADDRESS_2, BADGE, BIRTH_DATE, CITY, CIVILITY, COLLEGE, COUNTRY, EMAIL, ENTRY_DATE,
    ESTABLISHMENT, FIRST_NAME, LAST_NAME, MATRICULE, MOBILE, POSTCODE, SENIORITY, SPECS, SS_KEY,
};
use super::{ReadOptions, Registry};
use crate::challenge::{hash_badge, hash_ss_key};
use crate::error::{Problem, RowError};
use crate::fields::{parse_badge, parse_email, parse_mobile, parse_months, parse_ss_key};
use crate::model::{ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility};
use crate::table::{Header, Row};
use crate::text::excerpt;

/// The longest matricule, in characters.
const MATRICULE_MAX_CHARS: usize = 64;

/// Reads lines one after the other, remembering matricules to catch duplicates.
pub(super) struct RowReader<'a> {
    pub(super) header: &'a Header,
    /// For each column spec, its index in the file.
    pub(super) positions: &'a [Option<usize>],
    pub(super) establishments: Registry<'a>,
    pub(super) colleges: Registry<'a>,
    pub(super) options: &'a ReadOptions<'a>,
    /// Matricule → the line that first used it.
    pub(super) first_line_of: HashMap<String, usize>,
}

impl RowReader<'_> {
    /// The voter of `row`, or `None` after pushing its problems onto `errors`.
    pub(super) fn read(&mut self, row: &Row, errors: &mut Vec<RowError>) -> Option<Voter> {
        let errors_before = errors.len();
        let mut line = Line {
            reader: self,
            row,
            errors,
        };

        let matricule = line.required(MATRICULE).and_then(|matricule| {
            let chars = matricule.chars().count();
            if chars > MATRICULE_MAX_CHARS {
                line.fail(MATRICULE, Problem::MatriculeTooLong { chars });
                None
            } else {
                Some(matricule)
            }
        });
        let civility = line.required(CIVILITY).and_then(|text| {
            Civility::parse(&text).or_else(|| {
                line.fail(
                    CIVILITY,
                    Problem::InvalidCivility {
                        text: excerpt(&text),
                    },
                );
                None
            })
        });
        let last_name = line.required(LAST_NAME);
        let first_name = line.required(FIRST_NAME);
        let assessed_on = line.reader.options.conditions.assessed_on();
        let birth_date = line
            .date(BIRTH_DATE, true)
            .flatten()
            .and_then(|birth_date| {
                if birth_date > assessed_on {
                    let problem = Problem::BirthDateAfterAssessment {
                        birth_date,
                        assessed_on,
                    };
                    line.fail(BIRTH_DATE, problem);
                    None
                } else {
                    Some(birth_date)
                }
            });
        let establishment = line.registered(ESTABLISHMENT);
        let college = line.registered(COLLEGE);
        let seniority = line.seniority();
        let professional_email =
            line.optional(EMAIL, parse_email, |text| Problem::InvalidEmail { text });
        let mobile = line.optional(MOBILE, parse_mobile, |text| Problem::InvalidMobile { text });
        let badge = line.optional(BADGE, parse_badge, |text| Problem::InvalidBadge { text });
        let ss_key = line.optional(SS_KEY, parse_ss_key, |text| Problem::InvalidSsKey { text });
        let address = line.address();

        if let Some(matricule) = &matricule {
            let this_line = row.line;
            if let Some(&first_line) = line.reader.first_line_of.get(matricule) {
                let problem = Problem::DuplicateMatricule {
                    matricule: excerpt(matricule),
                    first_line,
                };
                line.fail(MATRICULE, problem);
            } else {
                line.reader
                    .first_line_of
                    .insert(matricule.clone(), this_line);
            }
        }
        if line.errors.len() > errors_before {
            return None;
        }

        let (matricule, civility, last_name, first_name, birth_date) =
            (matricule?, civility?, last_name?, first_name?, birth_date?);
        let (establishment, college, seniority) = (establishment?, college?, seniority?);
        let (professional_email, mobile, badge, ss_key) =
            (professional_email?, mobile?, badge?, ss_key?);
        let pepper = self.options.pepper;
        let challenge = ChallengeHashes {
            badge: badge.map(|digits| hash_badge(pepper, &matricule, &digits)),
            ss_key: ss_key.map(|key| hash_ss_key(pepper, &matricule, &key)),
        };
        let eligibility = eligibility(birth_date, seniority, self.options);
        Some(Voter {
            matricule,
            civility,
            last_name,
            first_name,
            birth_date,
            establishment,
            college,
            seniority,
            professional_email,
            mobile,
            address,
            challenge,
            eligibility,
        })
    }
}

/// Code du travail, art. L2314-18 and L2314-19, through `urne_rules::eligibility::assess`.
fn eligibility(
    birth_date: Date,
    seniority: Seniority,
    options: &ReadOptions<'_>,
) -> VoterEligibility {
    let tenure = match seniority {
        Seniority::EntryDate(date) => Tenure::Since(date),
        Seniority::Months(months) => Tenure::Months(months),
    };
    let facts = VoterFacts::employee(birth_date, tenure);
    let assessed = assess(&facts, options.conditions);
    let mut reasons = Vec::new();
    for outcome in [&assessed.elector, &assessed.eligible] {
        if let Err(found) = outcome {
            reasons.extend(found.iter().map(ToString::to_string));
        }
    }
    VoterEligibility {
        elector: assessed.is_elector(),
        eligible: assessed.is_eligible(),
        reasons,
    }
}

/// One line being read.
struct Line<'r, 'a> {
    reader: &'r mut RowReader<'a>,
    row: &'r Row,
    errors: &'r mut Vec<RowError>,
}

impl Line<'_, '_> {
    fn fail(&mut self, spec: usize, problem: Problem) {
        let error = match self.reader.positions[spec] {
            Some(index) => self.reader.header.error(self.row.line, index, problem),
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
        self.row.text(self.reader.positions[spec]).into_owned()
    }

    /// A required cell's text, or `None` after an [`Problem::EmptyRequired`].
    fn required(&mut self, spec: usize) -> Option<String> {
        let text = self.text(spec);
        if text.is_empty() {
            self.fail(spec, Problem::EmptyRequired);
            None
        } else {
            Some(text)
        }
    }

    /// The registry code an establishment or college cell names (by code or name), or `None`
    /// after recording an empty or unknown one.
    fn registered(&mut self, spec: usize) -> Option<String> {
        let text = self.required(spec)?;
        let registry = if spec == COLLEGE {
            &self.reader.colleges
        } else {
            &self.reader.establishments
        };
        if let Some(code) = registry.code_of(&text) {
            return Some(code.to_owned());
        }
        let known = registry.codes.clone();
        let text = excerpt(&text);
        let problem = if spec == COLLEGE {
            Problem::UnknownCollege { text, known }
        } else {
            Problem::UnknownEstablishment { text, known }
        };
        self.fail(spec, problem);
        None
    }

    /// `Some(None)` for an empty optional cell, `Some(Some(value))` for a good one, `None`
    /// after recording a bad one.
    fn optional(
        &mut self,
        spec: usize,
        parse: fn(&str) -> Option<String>,
        problem: fn(String) -> Problem,
    ) -> Option<Option<String>> {
        let text = self.text(spec);
        if text.is_empty() {
            return Some(None);
        }
        match parse(&text) {
            Some(value) => Some(Some(value)),
            None => {
                self.fail(spec, problem(excerpt(&text)));
                None
            }
        }
    }

    /// A date cell: `Some(None)` when empty and not `required`, `None` after a problem.
    fn date(&mut self, spec: usize, required: bool) -> Option<Option<Date>> {
        let cell = self.row.cell(self.reader.positions[spec]);
        let text = cell.text();
        if text.is_empty() {
            if required {
                self.fail(spec, Problem::EmptyRequired);
                return None;
            }
            return Some(None);
        }
        match cell.date() {
            Some(date) => Some(Some(date)),
            None => {
                let text = excerpt(&text);
                self.fail(spec, Problem::InvalidDate { text });
                None
            }
        }
    }

    /// The date of entry when given, else the months of seniority; when neither is, the date
    /// of entry is reported empty (or the months, when the file has no date column).
    fn seniority(&mut self) -> Option<Seniority> {
        let months_text = self.text(SENIORITY);
        if !self.text(ENTRY_DATE).is_empty() || months_text.is_empty() {
            if self.reader.positions[ENTRY_DATE].is_none() {
                self.fail(SENIORITY, Problem::EmptyRequired);
                return None;
            }
            return self
                .date(ENTRY_DATE, true)
                .flatten()
                .map(Seniority::EntryDate);
        }
        match parse_months(&months_text) {
            Some(months) => Some(Seniority::Months(months)),
            None => {
                let text = excerpt(&months_text);
                self.fail(SENIORITY, Problem::InvalidSeniority { text });
                None
            }
        }
    }

    fn address(&self) -> PostalAddress {
        let lines = [ADDRESS_1, ADDRESS_2]
            .into_iter()
            .map(|spec| self.text(spec))
            .filter(|line| !line.is_empty())
            .collect();
        PostalAddress {
            lines,
            postcode: self.text(POSTCODE),
            city: self.text(CITY),
            country: self.text(COUNTRY),
        }
    }
}
