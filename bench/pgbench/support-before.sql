\set n random(1, :ids)
\set c random(1, 1000000000000)
\startpipeline
BEGIN;
SELECT p.id, p.municipality, p.process_id, p.title, p.description, p.topics, p.citizen, p.status, t.support_count, p.answer, p.answered_at, p.submitted_at, p.edited_at FROM proposal p JOIN proposal_tally t ON t.proposal_id = p.id WHERE p.id = (SELECT id FROM bench_ids WHERE n = :n);
\endpipeline
WITH added AS (INSERT INTO support (proposal_id, citizen, supported_at) VALUES ((SELECT id FROM bench_ids WHERE n = :n), 'pg-' || :c, now()) ON CONFLICT DO NOTHING RETURNING proposal_id),
counted AS (UPDATE proposal_tally SET support_count = support_count + 1 WHERE proposal_id = (SELECT proposal_id FROM added) AND open RETURNING support_count, threshold_reached_at)
SELECT EXISTS (SELECT 1 FROM added), (SELECT support_count FROM counted), (SELECT threshold_reached_at FROM counted);
COMMIT;
