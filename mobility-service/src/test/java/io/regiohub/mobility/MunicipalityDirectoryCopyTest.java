package io.regiohub.mobility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.starter.directory.MunicipalityDirectory;
import io.regiohub.test.HubInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** mobility-service keeps a local copy of the municipality directory. */
class MunicipalityDirectoryCopyTest extends MobilityApiTest {

    @Autowired
    MunicipalityDirectory directory;

    @Test
    void aMunicipalityRecordedByIdentityServiceIsInTheLocalCopy(HubInfrastructure infra) throws Exception {
        String key = "06611000";
        var entry = new MunicipalityRecorded(key, "Kassel", "DISTRICT_FREE_CITY", null, 200_000, "URBAN",
                Instant.now());
        try (var producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer())) {
            var ce = HubCloudEvents.of(UUID.randomUUID(), "/identity-service", OffsetDateTime.now(), entry);
            producer.send(HubCloudEvents.toRecord(TopicCatalogue.DIRECTORY_MUNICIPALITIES.topic(), key, ce))
                    .get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(directory.find(key))
                .hasValueSatisfying(e -> {
                    assertThat(e.kind()).isEqualTo("DISTRICT_FREE_CITY");
                    assertThat(e.classification()).isEqualTo("URBAN");
                    assertThat(e.districtKey()).isNull();
                }));
    }
}
