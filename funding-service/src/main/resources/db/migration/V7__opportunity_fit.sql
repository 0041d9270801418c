-- The radar ranks opportunities by how well the programme fits the proposal: the share of the
-- proposal's topics the programme covers. Earlier rows knew only the matched topics.
ALTER TABLE funding_opportunity ADD COLUMN proposal_topics TEXT[];
UPDATE funding_opportunity SET proposal_topics = matched_topics;
ALTER TABLE funding_opportunity ALTER COLUMN proposal_topics SET NOT NULL;
