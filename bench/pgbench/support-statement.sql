\set n random(1, :ids)
\set c random(1, 1000000000000)
\startpipeline
BEGIN;
WITH t AS (SELECT proposal_id, support_count FROM proposal_tally WHERE proposal_id = (SELECT id FROM bench_ids WHERE n = :n) AND open FOR UPDATE),
added AS (INSERT INTO support (proposal_id, citizen, supported_at) SELECT proposal_id, 'pg-' || :c, now() FROM t ON CONFLICT DO NOTHING RETURNING proposal_id),
counted AS (UPDATE proposal_tally SET support_count = support_count + 1 WHERE proposal_id = (SELECT proposal_id FROM added) RETURNING support_count, threshold_reached_at)
SELECT EXISTS (SELECT 1 FROM t), EXISTS (SELECT 1 FROM added), coalesce((SELECT support_count FROM counted), (SELECT support_count FROM t)), (SELECT threshold_reached_at FROM counted);
\endpipeline
COMMIT;
