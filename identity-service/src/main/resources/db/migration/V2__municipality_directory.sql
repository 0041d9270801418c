-- The municipality directory: the tenants of the hub, by official key.
CREATE TABLE municipality (
    key            VARCHAR(8) PRIMARY KEY CHECK (key ~ '^(0[1-9]|1[0-6])([0-9]{3}|[0-9]{6})$'),
    name           TEXT       NOT NULL,
    kind           TEXT       NOT NULL CHECK (kind IN ('DISTRICT_FREE_CITY', 'MUNICIPALITY', 'DISTRICT')),
    district_key   VARCHAR(5) REFERENCES municipality (key),
    population     INTEGER    CHECK (population >= 0),
    classification TEXT       NOT NULL CHECK (classification IN ('URBAN', 'RURAL')),
    CHECK ((kind = 'MUNICIPALITY') = (district_key IS NOT NULL))
);

-- A first demo region of Hessen (official keys of the Statistisches Bundesamt). Populations are
-- left empty until the onboarding API records them from the official figures.
INSERT INTO municipality (key, name, kind, district_key, classification) VALUES
    ('06412000', 'Frankfurt am Main', 'DISTRICT_FREE_CITY', NULL, 'URBAN'),
    ('06611000', 'Kassel', 'DISTRICT_FREE_CITY', NULL, 'URBAN'),
    ('06535', 'Vogelsbergkreis', 'DISTRICT', NULL, 'RURAL');
INSERT INTO municipality (key, name, kind, district_key, classification) VALUES
    ('06535001', 'Alsfeld', 'MUNICIPALITY', '06535', 'RURAL'),
    ('06535012', 'Lauterbach (Hessen)', 'MUNICIPALITY', '06535', 'RURAL');
