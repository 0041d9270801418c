package io.regiohub.starter.outbox;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventCatalogue;
import io.regiohub.events.EventCodec;
import io.regiohub.events.EventType;
import io.regiohub.starter.HubSchema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox. {@link #publish(DomainEvent)} stores the event in the caller's
 * transaction, beside the state change that caused it: both commit or neither does. After the
 * commit the {@link OutboxRelay} is woken and publishes it to Kafka.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final String source;
    private final OutboxRelay relay;
    private final Clock clock;

    /** {@code schema} is taken so that the hub's tables exist before the first event is stored. */
    public Outbox(JdbcClient jdbc, String service, OutboxRelay relay, Clock clock, HubSchema schema) {
        this.jdbc = jdbc;
        this.source = java.net.URI.create("/" + service).toString(); // fail at start, not in the relay
        this.relay = relay;
        this.clock = clock;
    }

    /** Stores the event in the current transaction; it is an error to call this outside one. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID publish(DomainEvent event) {
        EventType type = EventCatalogue.typeOf(event.getClass());
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO hub.outbox (event_id, topic, event_key, event_type, source, subject, municipality,
                                                occurred_at, payload)
                        VALUES (:id, :topic, :key, :type, :source, :subject, :municipality, :occurredAt, :payload)
                        """)
                .param("id", id)
                .param("topic", type.topic().topic())
                .param("key", event.aggregateId())
                .param("type", type.value())
                .param("source", source)
                .param("subject", type.subject() + "/" + event.aggregateId())
                .param("municipality", event.municipality())
                .param("occurredAt", Timestamp.from(Instant.now(clock)))
                .param("payload", EventCodec.toJson(event))
                .update();
        wakeRelayAfterCommit();
        return id;
    }

    /**
     * Stores many events in the current transaction with one statement, in the order given (a realtime
     * message that cancels and delays hundreds of trips at once); the same as {@link #publish} for each.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> publishAll(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] subjects = new String[n];
        String[] municipalities = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            DomainEvent event = events.get(i);
            EventType type = EventCatalogue.typeOf(event.getClass());
            ids[i] = UUID.randomUUID();
            topics[i] = type.topic().topic();
            keys[i] = event.aggregateId();
            types[i] = type.value();
            subjects[i] = type.subject() + "/" + event.aggregateId();
            municipalities[i] = event.municipality();
            payloads[i] = new String(EventCodec.toJson(event), java.nio.charset.StandardCharsets.UTF_8);
        }
        jdbc.sql("""
                        INSERT INTO hub.outbox (event_id, topic, event_key, event_type, source, subject, municipality,
                                                occurred_at, payload)
                        SELECT e, t, k, ty, :source, s, m, :occurredAt, convert_to(p, 'UTF8')
                        FROM unnest(:ids::uuid[], :topics::text[], :keys::text[], :types::text[], :subjects::text[],
                                    :municipalities::text[], :payloads::text[]) WITH ORDINALITY AS x(e, t, k, ty, s, m, p, ord)
                        ORDER BY ord
                        """)
                .param("source", source)
                .param("occurredAt", Timestamp.from(Instant.now(clock)))
                .param("ids", ids).param("topics", topics).param("keys", keys).param("types", types)
                .param("subjects", subjects).param("municipalities", municipalities).param("payloads", payloads)
                .update();
        wakeRelayAfterCommit();
        return List.of(ids);
    }

    /** The relay publishes what the transaction stored as soon as it has committed. */
    private void wakeRelayAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wakeUp();
                }
            });
        }
    }

    /** Events stored and not yet acknowledged by the broker. */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM hub.outbox").query(Long.class).single();
    }
}
