-- Title length is validated by the API (3 to 200 UTF-16 units); the database keeps only an upper
-- bound as a safety net, counted in characters, so that nothing the API accepts is refused here.
ALTER TABLE proposal DROP CONSTRAINT proposal_title_check;
ALTER TABLE proposal ADD CONSTRAINT proposal_title_check CHECK (length(title) BETWEEN 1 AND 200);
