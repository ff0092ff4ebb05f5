-- The bureau de vote (issue 8): a BVE member's or a délégué's establishment (Annex 2's
-- "périmètre de l'établissement"), the scrutin's threshold t and its BVC members, numbered for
-- the key ceremony, the elections without any candidate (carence: no vote, a PV de carence), and
-- what the procès-verbaux ask of the employer (IDCC, NAF code, date of the protocol).
ALTER TABLE organisation ADD COLUMN idcc TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN naf TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN protocol_date TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN establishment_id {int} REFERENCES establishments (id);
ALTER TABLE scrutins ADD COLUMN threshold {int} NOT NULL DEFAULT 2;
ALTER TABLE elections ADD COLUMN carence {int} NOT NULL DEFAULT 0;
CREATE TABLE bureau_members (
    scrutin_id {int} NOT NULL REFERENCES scrutins (id),
    member_index {int} NOT NULL,
    staff_id {int} NOT NULL REFERENCES staff (id),
    PRIMARY KEY (scrutin_id, member_index),
    UNIQUE (scrutin_id, staff_id)
)
