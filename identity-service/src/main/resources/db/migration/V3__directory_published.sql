-- Entries not yet published on directory.municipalities (the seeded ones); identity-service
-- publishes them through its outbox at start and marks them.
ALTER TABLE municipality ADD COLUMN published BOOLEAN NOT NULL DEFAULT false;
