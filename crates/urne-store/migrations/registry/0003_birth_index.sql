-- Voters asking for their codes again are found by birth date first (then by name, folded in
-- Rust): an index keeps that a lookup, not a scan of the electoral lists.
CREATE INDEX voters_by_birth_date ON voters (birth_date)
