package io.regiohub.starter.messaging;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventCatalogue;
import io.regiohub.events.EventCodec;
import io.regiohub.events.EventSchemas;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.MunicipalityKey;
import io.regiohub.starter.inbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the Spring Cloud Stream consumer functions of a service. Every event goes through the
 * same steps:
 * <ol>
 *   <li>read the CloudEvents envelope (binary mode) with the SDK: unreadable → dead letter at once;</li>
 *   <li>skip types this consumer does not handle (a topic carries all events of a context);</li>
 *   <li>validate the payload against the type's JSON Schema: invalid → dead letter at once;</li>
 *   <li>record the event id in the inbox and apply the handler in one transaction: a redelivered
 *       event changes nothing; a failing handler is retried with back-off, then dead-lettered.</li>
 * </ol>
 * A tombstone (a record without value, which deletes its key on a compacted topic) is no CloudEvent:
 * it carries neither id, type nor payload to read or validate. It is recognised before the first
 * step and goes to the consumer's {@link Builder#onTombstone tombstone handler}, or to the
 * dead-letter topic if the consumer has none.
 */
public class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);
    /** The {@code type} tag of tombstones in the consumer metrics. */
    private static final String TOMBSTONE = "tombstone";

    private final Inbox inbox;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    public EventConsumers(Inbox inbox, TransactionTemplate tx, MeterRegistry meters) {
        this.inbox = inbox;
        this.tx = tx;
        this.meters = meters;
    }

    /** Starts a consumer; {@code name} is the inbox key (use the binding's consumer group). */
    public Builder consumer(String name) {
        return new Builder(name);
    }

    public final class Builder {
        private final String name;
        private final Map<String, Registered<?>> handlers = new LinkedHashMap<>();
        private TombstoneHandler tombstones;

        private Builder(String name) {
            this.name = name;
        }

        public <E extends DomainEvent> Builder on(Class<E> type, EventHandler<? super E> handler) {
            handlers.put(EventCatalogue.typeOf(type).value(), new Registered<>(type, handler));
            return this;
        }

        /** Handles tombstones (records without value) of a compacted topic, e.g. by deleting the key. */
        public Builder onTombstone(TombstoneHandler handler) {
            this.tombstones = handler;
            return this;
        }

        public Consumer<Message<byte[]>> build() {
            Map<String, Registered<?>> copy = Map.copyOf(handlers);
            TombstoneHandler tombstoneHandler = tombstones;
            return message -> {
                // the binder hands a record without value over as KafkaNull, whatever the declared type
                Object value = ((Message<?>) message).getPayload();
                if (value == null || value instanceof KafkaNull) {
                    receiveTombstone(name, tombstoneHandler, message);
                } else {
                    receive(name, copy, message);
                }
            };
        }
    }

    private record Registered<E extends DomainEvent>(Class<E> type, EventHandler<? super E> handler) {
        void apply(byte[] payload, EventMetadata metadata) {
            handler.handle(EventCodec.fromJson(payload, type), metadata);
        }
    }

    private void receive(String consumer, Map<String, Registered<?>> handlers, Message<byte[]> message) {
        CloudEvent event;
        try {
            event = HubCloudEvents.fromMessageHeaders(message.getHeaders(), message.getPayload());
        } catch (RuntimeException e) {
            count(consumer, "unreadable", "unknown");
            throw new UnprocessableEventException("not a CloudEvent in binary mode: " + e.getMessage(), e);
        }
        Registered<?> registered = handlers.get(event.getType());
        if (registered == null) {
            count(consumer, "skipped", event.getType());
            return;
        }
        byte[] payload = event.getData() == null ? null : event.getData().toBytes();
        List<String> violations = EventSchemas.violations(event.getType(), payload);
        if (!violations.isEmpty()) {
            count(consumer, "invalid", event.getType());
            throw new UnprocessableEventException("event " + event.getId() + " of type " + event.getType()
                    + " violates its schema: " + String.join("; ", violations));
        }
        String municipality = HubCloudEvents.municipality(event);
        if (municipality != null && !MunicipalityKey.isValid(municipality)) {
            count(consumer, "invalid", event.getType());
            throw new UnprocessableEventException("event " + event.getId() + " carries an invalid municipality "
                    + municipality);
        }
        EventMetadata metadata = new EventMetadata(event.getId(), event.getType(), event.getSource(),
                event.getSubject(), municipality, event.getTime());
        Boolean applied = tx.execute(status -> {
            if (!inbox.firstDelivery(consumer, event.getId(), event.getType())) {
                return false;
            }
            registered.apply(payload, metadata);
            return true;
        });
        if (Boolean.TRUE.equals(applied)) {
            count(consumer, "applied", event.getType());
        } else {
            count(consumer, "duplicate", event.getType());
            log.debug("{} already applied event {}, skipped the redelivery", consumer, event.getId());
        }
    }

    private void receiveTombstone(String consumer, TombstoneHandler handler, Message<?> message) {
        if (handler == null) {
            count(consumer, "unreadable", TOMBSTONE);
            throw new UnprocessableEventException("a tombstone (record without value), which this consumer does not handle");
        }
        String key = key(message);
        if (key == null || key.isEmpty()) {
            count(consumer, "unreadable", TOMBSTONE);
            throw new UnprocessableEventException("a tombstone without a key");
        }
        tx.executeWithoutResult(status -> handler.handle(key));
        count(consumer, "applied", TOMBSTONE);
    }

    private static String key(Message<?> message) {
        Object key = message.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return key == null ? null : key.toString();
    }

    private void count(String consumer, String outcome, String type) {
        meters.counter("regiohub.events.received", "consumer", consumer, "outcome", outcome, "type", type)
                .increment();
    }
}
