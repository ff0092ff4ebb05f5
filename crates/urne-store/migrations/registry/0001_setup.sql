-- The registry: who. Organisation, set-up, voters, access-code material (hashes only),
-- émargement, journals and staff. `{id}`, `{int}` and `{blob}` are replaced per backend
-- (src/db.rs). No column here holds a ballot, a tracker or a credential's public key.

CREATE TABLE organisation (
    id {id},
    name TEXT NOT NULL,
    siren TEXT NOT NULL DEFAULT ''
);

CREATE TABLE establishments (
    id {id},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    siret TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);

CREATE TABLE colleges (
    id {id},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE scrutins (
    id {id},
    record_uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    round {int} NOT NULL,
    first_round_id {int} REFERENCES scrutins (id),
    first_round_day TEXT NOT NULL,
    opens_at {int} NOT NULL,
    closes_at {int} NOT NULL,
    status TEXT NOT NULL DEFAULT 'setup',
    lists_locked {int} NOT NULL DEFAULT 0
);

CREATE TABLE calendar_steps (
    id {id},
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    step TEXT NOT NULL,
    due TEXT NOT NULL,
    UNIQUE (scrutin_id, step)
);

CREATE TABLE elections (
    id {id},
    election_uid TEXT NOT NULL UNIQUE,
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    establishment_id {int} NOT NULL REFERENCES establishments (id),
    college_id {int} NOT NULL REFERENCES colleges (id),
    body TEXT NOT NULL,
    seats {int} NOT NULL,
    UNIQUE (scrutin_id, establishment_id, college_id, body)
);

CREATE TABLE unions (
    id {id},
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE candidate_lists (
    id {id},
    election_id {int} NOT NULL REFERENCES elections (id),
    union_id {int} REFERENCES unions (id),
    name TEXT NOT NULL,
    profession_de_foi {blob},
    profession_de_foi_name TEXT,
    logo {blob},
    logo_type TEXT,
    UNIQUE (election_id, name)
);

CREATE TABLE candidates (
    id {id},
    list_id {int} NOT NULL REFERENCES candidate_lists (id) ON DELETE CASCADE,
    position {int} NOT NULL,
    sex TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    birth_date TEXT,
    photo {blob},
    photo_type TEXT,
    UNIQUE (list_id, position)
);

CREATE TABLE voters (
    id {id},
    matricule TEXT NOT NULL UNIQUE,
    active {int} NOT NULL,
    civility TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    establishment_id {int} NOT NULL REFERENCES establishments (id),
    college_id {int} NOT NULL REFERENCES colleges (id),
    entry_date TEXT,
    seniority_months {int},
    professional_email TEXT,
    mobile TEXT,
    address_lines TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    badge_hash {blob},
    ss_key_hash {blob},
    elector {int} NOT NULL,
    eligible {int} NOT NULL,
    eligibility_reasons TEXT NOT NULL
);

CREATE INDEX voters_by_place ON voters (establishment_id, college_id);

CREATE TABLE access_codes (
    id {id},
    voter_id {int} NOT NULL REFERENCES voters (id),
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    login_verifier {blob} NOT NULL UNIQUE,
    status TEXT NOT NULL,
    issued_at {int} NOT NULL,
    revoked_at {int}
);

CREATE TABLE emargement (
    id {id},
    voter_id {int} NOT NULL REFERENCES voters (id),
    election_id {int} NOT NULL REFERENCES elections (id),
    voted_at {int} NOT NULL,
    UNIQUE (voter_id, election_id)
);

CREATE TABLE journal (
    id {id},
    kind TEXT NOT NULL,
    at {int} NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE TABLE staff (
    id {id},
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_phc TEXT NOT NULL,
    role TEXT NOT NULL,
    union_id {int} REFERENCES unions (id),
    failed_logins {int} NOT NULL DEFAULT 0,
    locked_until {int} NOT NULL DEFAULT 0
);

CREATE TABLE staff_sessions (
    id {id},
    token_hash {blob} NOT NULL UNIQUE,
    staff_id {int} NOT NULL REFERENCES staff (id),
    expires_at {int} NOT NULL
);

CREATE TABLE pending_imports (
    id {id},
    token TEXT NOT NULL UNIQUE,
    staff_id {int} NOT NULL REFERENCES staff (id),
    file_name TEXT NOT NULL,
    content {blob} NOT NULL,
    created_at {int} NOT NULL
)
