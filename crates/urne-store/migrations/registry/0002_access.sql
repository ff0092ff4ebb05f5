-- Voter access (issue 6): how codes were issued, the voters' declared mobiles, voter login
-- sessions, the hotline's queue, returned letters and programmed communications.
-- Nothing here holds a code in clear: identifiants are stored as the verifier of their login
-- token (access_codes), one-time passwords and declared numbers as HMACs under the pepper of
-- the secrets file.

-- The challenge asked at login, per scrutin: 'badge' (last 4 badge digits), 'ss_key' (key of
-- the social-security number) or 'none'.
ALTER TABLE scrutins ADD COLUMN challenge TEXT NOT NULL DEFAULT 'badge';

-- Who issued a code: 'server' (generated and forgotten by urne), 'authority' (an offline
-- credential authority), 'recovery' (a replacement sent by self-service or the hotline).
ALTER TABLE access_codes ADD COLUMN issued_by TEXT NOT NULL DEFAULT 'server';
ALTER TABLE access_codes ADD COLUMN failures {int} NOT NULL DEFAULT 0;
ALTER TABLE access_codes ADD COLUMN locked_until {int} NOT NULL DEFAULT 0;
CREATE INDEX access_codes_by_voter ON access_codes (voter_id, scrutin_id);

-- One declared mobile per voter and scrutin, and one voter per number (Article 9.2.1).
CREATE TABLE declared_phones (
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    voter_id {int} NOT NULL REFERENCES voters (id),
    phone_hash {blob} NOT NULL,
    PRIMARY KEY (scrutin_id, voter_id),
    UNIQUE (scrutin_id, phone_hash)
);

-- Voters without a mobile that receives SMS: the hotline, after calling them back, sends their
-- one-time passwords to this address instead (Article 9.3, level 2).
CREATE TABLE password_emails (
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    voter_id {int} NOT NULL REFERENCES voters (id),
    email TEXT NOT NULL,
    PRIMARY KEY (scrutin_id, voter_id)
);

-- A voter's way in: a cookie token (stored hashed), the access code it was opened with (none
-- when the typed identifiant was unknown: the steps still run, so no step reveals which factor
-- failed), the one-time password's HMAC, and whether every factor passed.
CREATE TABLE voter_sessions (
    id {id},
    token_hash {blob} NOT NULL UNIQUE,
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    access_code_id {int} REFERENCES access_codes (id),
    stage TEXT NOT NULL,
    otp_hash {blob},
    otp_expires_at {int} NOT NULL DEFAULT 0,
    otp_sends {int} NOT NULL DEFAULT 0,
    expires_at {int} NOT NULL
);

-- Level-2 recovery requests (Article 9.3): filled in by the voter on the voting site, decided
-- by a hotline operator after a call back.
CREATE TABLE hotline_requests (
    id {id},
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    created_at {int} NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    voter_id {int} REFERENCES voters (id),
    decided_by TEXT,
    decided_at {int},
    decision TEXT
);

-- Letters returned by La Poste (plis non distribués).
CREATE TABLE returned_letters (
    id {id},
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    voter_id {int} NOT NULL REFERENCES voters (id),
    recorded_at {int} NOT NULL,
    recorded_by TEXT NOT NULL,
    note TEXT NOT NULL,
    resent_at {int},
    resent_by TEXT
);

-- Programmed communications (Article 5): the texts per scrutin and kind ('opening',
-- 'reminder', 'closing'), and each send run.
CREATE TABLE communication_texts (
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    kind TEXT NOT NULL,
    subject_fr TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    subject_en TEXT NOT NULL,
    body_en TEXT NOT NULL,
    PRIMARY KEY (scrutin_id, kind)
);

CREATE TABLE communication_runs (
    id {id},
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    started_at {int} NOT NULL,
    finished_at {int},
    sent {int} NOT NULL DEFAULT 0,
    failed {int} NOT NULL DEFAULT 0,
    UNIQUE (scrutin_id, kind, day)
)
