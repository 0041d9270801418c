-- A proposal's support count moves off the wide proposal row onto a narrow row of its own. Counting a
-- support updated the proposal row: PostgreSQL recomputed its stored generated search column (the German
-- tsvector of title and description) and, the count being indexed, wrote new entries into every index of
-- the row, the full-text GIN index included. Now a support updates this row and its two small indexes.
-- `search` is a copy of the proposal's (updated only when its title or description change): a search sorted
-- by supports walks the tally's index and filters on it without a lookup of each proposal it passes.
-- `open` mirrors status IN ('SUBMITTED', 'EVALUATING') so that a support re-checks it on the row it counts
-- on (a proposal closed meanwhile counts no support). Triggers keep the tally with every proposal,
-- whichever path inserts a proposal or changes its state.
CREATE TABLE proposal_tally (
    proposal_id          UUID        PRIMARY KEY REFERENCES proposal (id) ON DELETE CASCADE,
    process_id           UUID        NOT NULL,
    open                 BOOLEAN     NOT NULL,
    support_count        INTEGER     NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    threshold_reached_at TIMESTAMPTZ,
    search               tsvector    NOT NULL
);
INSERT INTO proposal_tally (proposal_id, process_id, open, support_count, threshold_reached_at, search)
SELECT id, process_id, status IN ('SUBMITTED', 'EVALUATING'), support_count, threshold_reached_at, search FROM proposal;
-- keyset pagination of a process's proposals by supports
CREATE INDEX proposal_tally_supports ON proposal_tally (process_id, support_count DESC, proposal_id DESC);

-- a support references the row it is counted on (its foreign-key check locks that row, not the proposal's)
ALTER TABLE support DROP CONSTRAINT support_proposal_id_fkey,
    ADD CONSTRAINT support_proposal_fk FOREIGN KEY (proposal_id) REFERENCES proposal_tally (proposal_id) ON DELETE CASCADE;

CREATE FUNCTION proposal_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proposal_tally (proposal_id, process_id, open, search)
    VALUES (NEW.id, NEW.process_id, NEW.status IN ('SUBMITTED', 'EVALUATING'), NEW.search);
    RETURN NULL;
END $$;
CREATE TRIGGER proposal_tally_insert AFTER INSERT ON proposal
    FOR EACH ROW EXECUTE FUNCTION proposal_tally_insert();

CREATE FUNCTION proposal_tally_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE proposal_tally SET open = NEW.status IN ('SUBMITTED', 'EVALUATING') WHERE proposal_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER proposal_tally_open AFTER UPDATE OF status ON proposal
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION proposal_tally_open();

CREATE FUNCTION proposal_tally_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE proposal_tally SET search = NEW.search WHERE proposal_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER proposal_tally_search AFTER UPDATE OF title, description ON proposal
    FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search) EXECUTE FUNCTION proposal_tally_search();

DROP INDEX proposal_process_supports;
ALTER TABLE proposal DROP COLUMN support_count, DROP COLUMN threshold_reached_at;
