-- What the programme office manages per programme: who is eligible, the application window and
-- the budget. NULL means "no restriction" (eligibility), "open continuously" (window) or "no budget
-- managed in the hub" (budget: grants are then not capped here).
ALTER TABLE funding_programme
    ADD COLUMN eligible_kinds TEXT[]      NOT NULL DEFAULT '{}',
    ADD COLUMN min_population INTEGER     CHECK (min_population >= 0),
    ADD COLUMN max_population INTEGER     CHECK (max_population >= 0),
    ADD COLUMN classification TEXT        CHECK (classification IN ('URBAN', 'RURAL')),
    ADD COLUMN opens_at       TIMESTAMPTZ,
    ADD COLUMN deadline       TIMESTAMPTZ,
    ADD COLUMN budget         NUMERIC(15, 2) CHECK (budget >= 0),
    ADD COLUMN budget_left    NUMERIC(15, 2),
    ADD COLUMN published_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    ADD CONSTRAINT funding_programme_kinds CHECK (eligible_kinds <@ ARRAY['DISTRICT_FREE_CITY', 'MUNICIPALITY', 'DISTRICT']),
    ADD CONSTRAINT funding_programme_population CHECK (min_population IS NULL OR max_population IS NULL
                                                       OR min_population <= max_population),
    ADD CONSTRAINT funding_programme_window CHECK (opens_at IS NULL OR deadline IS NULL OR opens_at < deadline),
    -- never granted more than the budget: budget_left can neither go below zero nor above the budget
    ADD CONSTRAINT funding_programme_budget_left CHECK ((budget IS NULL AND budget_left IS NULL)
                                                        OR (budget_left >= 0 AND budget_left <= budget));

-- Eligibility the seeded programmes state themselves (their descriptions): the others are open to all.
UPDATE funding_programme SET eligible_kinds = ARRAY['MUNICIPALITY', 'DISTRICT_FREE_CITY'], classification = 'RURAL'
WHERE id = 'digitale-dorflinde';
UPDATE funding_programme SET classification = 'RURAL' WHERE id = 'leader-hessen';
UPDATE funding_programme SET eligible_kinds = ARRAY['MUNICIPALITY', 'DISTRICT_FREE_CITY'] WHERE id = 'wifi4eu';
