package io.regiohub.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.regiohub.events.mobility.AlertCleared;
import io.regiohub.events.mobility.AlertRaised;
import io.regiohub.events.mobility.HotspotActivated;
import io.regiohub.events.mobility.HotspotDown;
import io.regiohub.events.mobility.RealtimeApplied;
import io.regiohub.events.mobility.ScheduleImported;
import io.regiohub.events.mobility.TripCancelled;
import io.regiohub.events.mobility.TripDelayed;
import io.regiohub.events.participation.ProposalSubmitted;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventSchemasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Path> schemaFiles() throws Exception {
        Path dir = Path.of("src/main/resources/schemas");
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void everyPublishedExampleConformsToItsSchema(Path file) throws Exception {
        JsonNode schema = JSON.readTree(file.toFile());
        String type = file.getFileName().toString().replaceFirst("\\.json$", "");
        assertThat(schema.path("examples").isArray() && !schema.path("examples").isEmpty())
                .as("%s publishes examples", type).isTrue();
        for (JsonNode example : schema.path("examples")) {
            assertThat(EventSchemas.violations(type, JSON.writeValueAsBytes(example)))
                    .as("example %s of %s", example, type).isEmpty();
        }
    }

    @Test
    void everyCataloguedEventTypeHasASchemaAndFollowsTheNamingRule() {
        for (Class<? extends DomainEvent> c : EventCatalogue.ALL) {
            String type = EventCatalogue.typeOf(c).value();
            assertThat(type).matches("io\\.regiohub\\.[a-z]+\\.[a-z-]+\\.[a-z-]+\\.v\\d+");
            assertThat(EventSchemas.schema(type)).as("schema of %s", type).isPresent();
        }
    }

    @Test
    void schemaRejectsWhatTheContractForbids() {
        String type = ProposalSubmitted.TYPE;
        assertThat(EventSchemas.violations(type, "{}".getBytes())).isNotEmpty();
        assertThat(EventSchemas.violations(type, "not json".getBytes())).isNotEmpty();
        assertThat(EventSchemas.violations(type, """
                {"proposalId":"0b8f6f6c-5b8e-4b8a-9a57-2f3c1c7e9d11","municipality":"99412000",
                 "title":"Freies WLAN","topics":["wlan"],"submittedAt":"2026-11-26T09:15:00Z"}
                """.getBytes())).anySatisfy(v -> assertThat(v).contains("municipality"));
        assertThat(EventSchemas.violations(type, """
                {"proposalId":"0b8f6f6c-5b8e-4b8a-9a57-2f3c1c7e9d11","municipality":"06412000",
                 "title":"Freies WLAN","topics":["teleportation"],"submittedAt":"2026-11-26T09:15:00Z"}
                """.getBytes())).anySatisfy(v -> assertThat(v).contains("topics"));
        assertThat(EventSchemas.violations("io.regiohub.nobody.thing.happened.v1", "{}".getBytes()))
                .containsExactly("unknown event type io.regiohub.nobody.thing.happened.v1");
    }

    @Test
    void whatAProducerSerialisesConformsToTheSchema() {
        var event = new ProposalSubmitted(UUID.randomUUID(), "06611000", null, "Radweg am Fulda-Ufer", null,
                List.of("mobility", "climate"), Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(EventSchemas.violations(ProposalSubmitted.TYPE, EventCodec.toJson(event))).isEmpty();
    }

    static Stream<DomainEvent> mobilityEvents() {
        UUID feed = UUID.fromString("4f6c2a1e-8b3d-4c7a-9e5f-1a2b3c4d5e6f");
        UUID hotspot = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        Instant t = Instant.parse("2027-03-01T06:44:15Z");
        LocalDate day = LocalDate.parse("2027-03-01");
        return Stream.of(
                new ScheduleImported(feed, "06412000", UUID.randomUUID(), "RMV Frankfurt", 3, 1487, 142, 38560,
                        912345L, LocalDate.parse("2026-12-13"), LocalDate.parse("2027-12-11"), t),
                new ScheduleImported(feed, "06412000", UUID.randomUUID(), "RMV Frankfurt", 1, 1, 1, 1, 1L, null, null, t),
                new AlertRaised(feed, "06412000", "RMV_HIM_2027_004711", "CONSTRUCTION", "DETOUR",
                        "Bauarbeiten: Buslinie 34 wird umgeleitet", null,
                        List.of(new AlertRaised.InformedEntity(null, "34", null, null),
                                new AlertRaised.InformedEntity(null, null, "de:06412:10", null)),
                        List.of(new AlertRaised.ActivePeriod(t, null), new AlertRaised.ActivePeriod(null, null)), t),
                new AlertRaised(feed, "06412000", "a", "UNKNOWN_CAUSE", "UNKNOWN_EFFECT", null, null, List.of(),
                        List.of(), t),
                new AlertCleared(feed, "06412000", "RMV_HIM_2027_004711", "EXPIRED", t),
                new TripCancelled(feed, "06412000", "U4-H-270301-0512", "U4", day, null, t, t),
                new TripCancelled(feed, "06412000", "U4-H-270301-0512", null, day, null, null, t),
                new TripCancelled(feed, "06412000", "CITY1", "CITY", day, "24:35:00", t, t),
                new TripDelayed(feed, "06412000", "U4-H-270301-0742", "U4", day, null, "de:06412:10", 420, 300, t),
                new TripDelayed(feed, "06412000", "U4-H-270301-0742", null, day, null, null, 300, 300, t),
                new TripDelayed(feed, "06412000", "CITY1", "CITY", day, "06:30:00", "STAGECOACH", 300, 300, t),
                new HotspotActivated(hotspot, "06412000", "Frankfurt Free WiFi", "Mainova AG", 50.1071, 8.6638, feed,
                        "de:06412:10", UUID.randomUUID(), t),
                new HotspotActivated(hotspot, "06535001", "Dorflinde-WLAN", null, 50.7519, 9.2711, null, null, null, t),
                new HotspotDown(hotspot, "06412000", "Frankfurt Free WiFi", feed, "de:06412:10", UUID.randomUUID(),
                        "Stromausfall", t),
                new HotspotDown(hotspot, "06535001", "Dorflinde-WLAN", null, null, null, null, t),
                new RealtimeApplied(feed, "06412000", "TRIP_UPDATES", t, 1843, t),
                new RealtimeApplied(feed, "06412000", "ALERTS", null, 0, t));
    }

    @ParameterizedTest
    @MethodSource("mobilityEvents")
    void whatMobilityServiceSerialisesConformsToTheSchemaAndReadsBack(DomainEvent event) {
        String type = EventCatalogue.typeOf(event.getClass()).value();
        byte[] json = EventCodec.toJson(event);
        assertThat(EventSchemas.violations(type, json)).as("%s", new String(json, StandardCharsets.UTF_8)).isEmpty();
        assertThat(EventCodec.fromJson(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void mobilityEventsAreKeyedByTheirAggregate() {
        UUID feed = UUID.fromString("4f6c2a1e-8b3d-4c7a-9e5f-1a2b3c4d5e6f");
        Instant t = Instant.parse("2027-03-01T06:44:15Z");
        assertThat(new TripDelayed(feed, "06412000", "U4-H-0742", null, LocalDate.parse("2027-03-01"), null, null, 420,
                300,
                t).aggregateId()).isEqualTo(feed + "/U4-H-0742/2027-03-01");
        assertThat(new AlertCleared(feed, "06412000", "RMV_1", "EXPIRED", t).aggregateId()).isEqualTo(feed + "/RMV_1");
        assertThat(EventCatalogue.typeOf(RealtimeApplied.class).topic()).isEqualTo(TopicCatalogue.MOBILITY_REALTIME);
        assertThat(EventCatalogue.typeOf(TripDelayed.class).topic()).isEqualTo(TopicCatalogue.MOBILITY_EVENTS);
    }

    @Test
    void theTopicEnumOfTheSchemaIsTheSharedTaxonomy() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(EventCatalogue.schemaResource(ProposalSubmitted.TYPE))) {
            JsonNode items = JSON.readTree(in).path("properties").path("topics").path("items").path("enum");
            Set<String> inSchema = new TreeSet<>();
            items.forEach(n -> inSchema.add(n.asString()));
            Set<String> taxonomy = new TreeSet<>(Arrays.stream(Taxonomy.values()).map(Taxonomy::code).toList());
            assertThat(inSchema).isEqualTo(taxonomy);
        }
    }

    @Test
    void cloudEventTravelsInKafkaBinaryModeWithTheMunicipalityExtension() {
        var event = new ProposalSubmitted(UUID.randomUUID(), "06412000", null, "Freies WLAN", "am Römer",
                List.of("wlan"), Instant.parse("2026-11-26T08:00:00Z"));
        UUID id = UUID.randomUUID();
        CloudEvent ce = HubCloudEvents.of(id, "/participation-service",
                OffsetDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZoneOffset.UTC), event);
        ProducerRecord<String, byte[]> record = HubCloudEvents.toRecord(TopicCatalogue.PARTICIPATION_EVENTS.topic(),
                event.aggregateId(), ce);

        List<String> headerNames = new ArrayList<>();
        record.headers().forEach(h -> headerNames.add(h.key()));
        assertThat(headerNames).contains("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time",
                "ce_subject", "ce_municipality", "content-type");
        assertThat(record.key()).isEqualTo(event.proposalId().toString());
        assertThat(new String(record.headers().lastHeader("ce_municipality").value(), StandardCharsets.UTF_8))
                .isEqualTo("06412000");

        CloudEvent read = HubCloudEvents.fromRecord(record.headers(), record.value());
        assertThat(read.getId()).isEqualTo(id.toString());
        assertThat(read.getType()).isEqualTo(ProposalSubmitted.TYPE);
        assertThat(read.getSource()).isEqualTo(URI.create("/participation-service"));
        assertThat(HubCloudEvents.municipality(read)).isEqualTo("06412000");
        assertThat(EventCodec.fromJson(read.getData().toBytes(), ProposalSubmitted.class)).isEqualTo(event);
    }

    @Test
    void deadLetterTopicsFollowTheNamingRule() {
        assertThat(TopicCatalogue.PARTICIPATION_EVENTS.deadLetterTopic("funding-service"))
                .isEqualTo("participation.events.funding-service.dlt");
    }
}
