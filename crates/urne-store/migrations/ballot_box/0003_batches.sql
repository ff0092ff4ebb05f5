-- Ballots enter the public record in batches (docs/protocol.md §14.2): `batch` is the sequence
-- number of the `ballots` event that published the ballot, NULL while it waits. The index
-- finds the waiting ballots and a batch's ballots in tracker order (their order in the record).
CREATE INDEX ballots_batch ON ballots (election_uid, batch, tracker);
CREATE INDEX events_hash ON events (record_uid, hash);
-- The tracker lookup ("is my ballot in the box?") finds a ballot by its tracker.
CREATE INDEX ballots_tracker ON ballots (election_uid, tracker);
