-- The credential list of each election (DESIGN.md §2): public keys only, keyed by the key
-- itself, so the table's order is the keys' order and says nothing of who got which, or when.
-- `origin` is the public count's category: 'server', 'authority' or 'recovery'.
CREATE TABLE credentials (
    election_uid TEXT NOT NULL,
    public_key {blob} NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (election_uid, public_key)
) {without_rowid}
