package io.regiohub.funding.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.starter.directory.DirectoryEntry;
import io.regiohub.starter.directory.MunicipalityDirectory;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binding.BindingService;

/**
 * funding-service keeps a local copy of the municipality directory next to its own consumer of
 * participation.events: both functions of its definition are bound.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "funding")
class MunicipalityDirectoryCopyTest {

    @Autowired
    MunicipalityDirectory directory;
    @Autowired
    BindingService bindings;

    @Test
    void aMunicipalityRecordedByIdentityServiceIsInTheLocalCopy(HubInfrastructure infra) throws Exception {
        assertThat(bindings.getConsumerBindings("participationEvents-in-0")).isNotEmpty();
        assertThat(bindings.getConsumerBindings("directoryReplica-in-0")).isNotEmpty();

        String key = "06535" + String.format("%03d", 100 + (int) (Math.random() * 900));
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var entry = new MunicipalityRecorded(key, "Herbstein", "MUNICIPALITY", "06535", 4_700, "RURAL", recordedAt);
        try (var producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer())) {
            var ce = HubCloudEvents.of(UUID.randomUUID(), "/identity-service", OffsetDateTime.now(), entry);
            producer.send(HubCloudEvents.toRecord(TopicCatalogue.DIRECTORY_MUNICIPALITIES.topic(), key, ce))
                    .get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(directory.find(key))
                .contains(new DirectoryEntry(key, "Herbstein", "MUNICIPALITY", "06535", 4_700, "RURAL", recordedAt)));
        assertThat(directory.districtMembers("06535")).extracting(DirectoryEntry::key).contains(key);
    }
}
