-- Surveys attached to a phase of a process, to evaluate prototypes with the people who will use them.
CREATE TABLE survey (
    id           UUID PRIMARY KEY,
    process_id   UUID        NOT NULL REFERENCES process (id),
    municipality VARCHAR(8)  NOT NULL,
    phase        TEXT        NOT NULL CHECK (phase IN ('INFORMATION', 'PROPOSALS', 'DIALOGUE', 'EVALUATION', 'RESULTS')),
    title        TEXT        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    -- set when the survey's phase ended and its results were published (survey.closed)
    closed_at    TIMESTAMPTZ
);
CREATE INDEX survey_process ON survey (process_id, created_at);
CREATE INDEX survey_open ON survey (process_id) WHERE closed_at IS NULL;

CREATE TABLE survey_question (
    survey_id UUID     NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    position  SMALLINT NOT NULL CHECK (position >= 0),
    kind      TEXT     NOT NULL CHECK (kind IN ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SCALE', 'FREE_TEXT')),
    text      TEXT     NOT NULL,
    options   TEXT[]   NOT NULL DEFAULT '{}',
    required  BOOLEAN  NOT NULL,
    PRIMARY KEY (survey_id, position)
);

-- one response per citizen and survey, replaceable while the survey is open
CREATE TABLE survey_response (
    survey_id    UUID        NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    citizen      TEXT        NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (survey_id, citizen)
);
CREATE INDEX survey_response_citizen ON survey_response (citizen);

-- the answers of a response, one row per chosen option, scale value or text: results are counted from here
CREATE TABLE survey_answer (
    survey_id UUID     NOT NULL,
    citizen   TEXT     NOT NULL,
    position  SMALLINT NOT NULL,
    choice    SMALLINT,
    value     SMALLINT CHECK (value BETWEEN 1 AND 5),
    text      TEXT,
    FOREIGN KEY (survey_id, citizen) REFERENCES survey_response (survey_id, citizen) ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK (num_nonnulls(choice, value, text) = 1)
);
CREATE INDEX survey_answer_survey ON survey_answer (survey_id, position);
