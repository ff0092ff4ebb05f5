-- The ballot box: what was voted, as the public election record. `{id}`, `{int}` and `{blob}`
-- are replaced per backend (src/db.rs). Nothing here names a voter, and nothing is timed:
-- ballots carry no timestamp and are appended in batches (docs/protocol.md, DESIGN.md §2).
-- Everything else of the record (manifest, trustees' data, seal, tallies, decryptions, results)
-- is an event of `events`, typed by `event_type`; its format comes with the record issue.

CREATE TABLE events (
    record_uid TEXT NOT NULL,
    seq {int} NOT NULL,
    event_type TEXT NOT NULL,
    payload {blob} NOT NULL,
    prev_hash {blob} NOT NULL,
    hash {blob} NOT NULL,
    PRIMARY KEY (record_uid, seq)
);

-- No row id: a sequential id would follow arrival order, like the émargement's, and link them.
CREATE TABLE ballots (
    election_uid TEXT NOT NULL,
    credential {blob} NOT NULL,
    ballot {blob} NOT NULL,
    tracker {blob} NOT NULL,
    batch {int},
    PRIMARY KEY (election_uid, credential)
) {without_rowid}
