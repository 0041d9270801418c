package io.regiohub.starter;

import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.messaging.EventConsumers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;

/**
 * A service as small as it gets, on the hub runtime: it applies proposal events to a table. Titles
 * steer its failures: "fails N times ..." fails N times before it succeeds, "always fails ..." never succeeds.
 */
@SpringBootApplication
public class StarterTestApplication {

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Bean
    Consumer<Message<byte[]>> participationEvents(EventConsumers consumers, JdbcClient jdbc) {
        return consumers.consumer("starter-test")
                .on(ProposalSubmitted.class, (event, metadata) -> {
                    int attempt = attempts.computeIfAbsent(event.proposalId().toString(), k -> new AtomicInteger())
                            .incrementAndGet();
                    jdbc.sql("INSERT INTO applied_event (proposal_id, title) VALUES (:id, :title) ON CONFLICT DO NOTHING")
                            .param("id", event.proposalId()).param("title", event.title()).update();
                    if (event.title().startsWith("always fails")) {
                        throw new IllegalStateException("the effect cannot be applied (attempt " + attempt + ")");
                    }
                    if (event.title().startsWith("fails twice") && attempt <= 2) {
                        throw new IllegalStateException("transient failure (attempt " + attempt + ")");
                    }
                })
                .build();
    }
}
