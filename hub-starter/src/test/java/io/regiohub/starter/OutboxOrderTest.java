package io.regiohub.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCodec;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.outbox.OutboxRelay;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/** One aggregate's events reach the broker in the order they were stored, also across relay failures. */
@SpringBootTest(classes = StarterTestApplication.class)
@UsesHubInfrastructure(database = "starter")
class OutboxOrderTest {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate tx;

    @AfterEach
    void restoreRelay() {
        relay.setAfterSendHook(null);
        relay.start();
    }

    /** The titles of the aggregate's events as they arrive, until {@code distinct} different ones have (redeliveries kept). */
    private static List<String> titles(HubInfrastructure infra, UUID aggregate, int distinct) {
        List<String> seen = new ArrayList<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicCatalogue.PARTICIPATION_EVENTS.topic()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (aggregate.toString().equals(r.key())) {
                        var ce = HubCloudEvents.fromRecord(r.headers(), r.value());
                        seen.add(EventCodec.fromJson(ce.getData().toBytes(), ProposalSubmitted.class).title());
                    }
                });
                assertThat(new LinkedHashSet<>(seen)).hasSize(distinct);
            });
        }
        return seen;
    }

    private void publishSteps(UUID aggregate, int from, int to) {
        for (int i = from; i < to; i++) {
            int step = i;
            tx.executeWithoutResult(s -> outbox.publish(new ProposalSubmitted(aggregate, "06412000", null,
                    "step " + step, null, List.of("wlan"), Instant.now())));
        }
    }

    @Test
    void eventsStoredTogetherArriveInTheOrderGiven(HubInfrastructure infra) {
        UUID aggregate = UUID.randomUUID();
        List<ProposalSubmitted> events = IntStream.range(0, 200).mapToObj(i -> new ProposalSubmitted(aggregate, "06412000",
                null, "step " + i, null, List.of("wlan"), Instant.now())).toList();
        tx.executeWithoutResult(s -> outbox.publishAll(events));

        List<String> seen = titles(infra, aggregate, 200);
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "step " + i).toList());
    }

    @Test
    void anAggregatesEventsArriveInStoredOrderAtLeastOnceDespiteARelayCrash(HubInfrastructure infra) {
        UUID aggregate = UUID.randomUUID();
        AtomicInteger batches = new AtomicInteger();
        relay.stop();
        publishSteps(aggregate, 0, 30);
        // the first batch "crashes" after the broker acknowledged it: the relay sends it again
        relay.setAfterSendHook(() -> {
            if (batches.incrementAndGet() == 1) {
                throw new IllegalStateException("injected crash after publish");
            }
        });
        relay.start();
        publishSteps(aggregate, 30, 60);

        List<String> seen = titles(infra, aggregate, 60);
        assertThat(batches.get()).isGreaterThanOrEqualTo(2);
        assertThat(seen.size()).as("the crashed batch was delivered twice").isGreaterThan(60);
        // first occurrences in stored order; a resent batch only repeats what came before
        List<String> expected = IntStream.range(0, 60).mapToObj(i -> "step " + i).toList();
        assertThat(new ArrayList<>(new LinkedHashSet<>(seen))).containsExactlyElementsOf(expected);
        for (int i = 1; i < seen.size(); i++) {
            int previous = Integer.parseInt(seen.get(i - 1).substring(5));
            int current = Integer.parseInt(seen.get(i).substring(5));
            if (current < previous) {
                // a redelivery restarts at an event already seen, never skips ahead
                assertThat(seen.subList(0, i)).contains(seen.get(i));
            }
        }
    }
}
