CREATE TABLE applied_event (proposal_id UUID PRIMARY KEY, title TEXT NOT NULL);
