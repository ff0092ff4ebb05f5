-- Voting (issue 7): the bureau can suspend a scrutin (Article 9.9); the voters' pages say so.
ALTER TABLE scrutins ADD COLUMN suspended {int} NOT NULL DEFAULT 0
