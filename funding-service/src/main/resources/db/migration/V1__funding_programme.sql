CREATE TABLE funding_programme (
    id          TEXT PRIMARY KEY,
    name        TEXT   NOT NULL,
    funder      TEXT   NOT NULL,
    description TEXT   NOT NULL,
    topics      TEXT[] NOT NULL CHECK (cardinality(topics) >= 1),
    url         TEXT
);
CREATE INDEX funding_programme_topics ON funding_programme USING GIN (topics);

-- A first catalogue of real programmes that municipalities in Hessen can apply to, tagged with the
-- shared taxonomy (io.regiohub.events.Taxonomy). Application windows, budgets and eligibility rules
-- are managed by the programme office (funding-service issue); here only what the radar needs.
INSERT INTO funding_programme (id, name, funder, description, topics, url) VALUES
('wifi4eu', 'WiFi4EU', 'Europäische Kommission (HaDEA)',
 'Gutscheine der EU für kostenloses öffentliches WLAN an zentralen Orten von Gemeinden: Rathäuser, Bibliotheken, Plätze, Haltestellen.',
 ARRAY['wlan'], 'https://hadea.ec.europa.eu/programmes/connecting-europe-facility/about/wifi4eu_en'),
('digitale-dorflinde', 'Digitale Dorflinde', 'Hessisches Ministerium für Digitalisierung und Innovation',
 'Förderung freier WLAN-Hotspots an öffentlichen Treffpunkten in Kommunen des ländlichen Raums in Hessen.',
 ARRAY['wlan', 'rural-development'], 'https://digitales.hessen.de'),
('gigabit-richtlinie-2', 'Gigabit-Richtlinie des Bundes 2.0', 'Bundesministerium für Digitales und Staatsmodernisierung',
 'Förderung des gigabitfähigen Breitbandausbaus in Gebieten, die der Markt nicht erschließt.',
 ARRAY['broadband'], 'https://www.gigabitfoerderung.de'),
('modellprojekte-smart-cities', 'Modellprojekte Smart Cities', 'Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen / KfW',
 'Förderung integrierter Smart-City-Strategien und ihrer Umsetzung in Städten, Gemeinden und Kreisen.',
 ARRAY['smart-city', 'digital-administration', 'participation', 'mobility'], 'https://www.smart-city-dialog.de'),
('mobfoeg-hessen', 'Hessisches Mobilitätsfördergesetz (MobFöG)', 'Land Hessen (Hessen Mobil)',
 'Förderung kommunaler Investitionen in ÖPNV, Nahmobilität, Radverkehr und Mobilitätsstationen.',
 ARRAY['public-transport', 'mobility', 'climate'], 'https://mobil.hessen.de'),
('kommunalrichtlinie', 'Kommunalrichtlinie (Nationale Klimaschutzinitiative)', 'Bundesministerium für Wirtschaft und Energie (ZUG)',
 'Förderung von Klimaschutz in Kommunen: Klimaschutzmanagement, nachhaltige Mobilität, Beleuchtung, Radverkehr.',
 ARRAY['climate', 'energy', 'mobility'], 'https://www.klimaschutz.de/kommunalrichtlinie'),
('leader-hessen', 'LEADER in Hessen (ELER)', 'Europäische Union / Land Hessen',
 'Förderung von Projekten der Lokalen Aktionsgruppen im ländlichen Raum, auch zu Daseinsvorsorge und Digitalisierung.',
 ARRAY['rural-development', 'participation', 'wlan', 'mobility'], 'https://www.leader-in-hessen.de');
