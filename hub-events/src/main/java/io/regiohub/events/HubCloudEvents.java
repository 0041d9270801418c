package io.regiohub.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The hub's CloudEvents envelope, in Kafka binary mode: attributes travel as {@code ce_*} headers,
 * the JSON payload as the record value, and the tenant as the extension {@code municipality}.
 * Written and read with the CloudEvents SDK, never by hand.
 */
public final class HubCloudEvents {

    public static final String MUNICIPALITY_EXTENSION = "municipality";
    public static final String JSON = "application/json";
    /** W3C trace context, as a plain Kafka header so that tracing tools find it. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private HubCloudEvents() {
    }

    /** A new CloudEvent for a domain event published by a service. */
    public static CloudEvent of(UUID id, String source, OffsetDateTime time, DomainEvent event) {
        EventType type = EventCatalogue.typeOf(event.getClass());
        return builder(id.toString(), URI.create(source), type.value(), type.subject() + "/" + event.aggregateId(),
                event.municipality(), time, EventCodec.toJson(event));
    }

    public static CloudEvent builder(String id, URI source, String type, String subject, String municipality,
                                     OffsetDateTime time, byte[] json) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(id)
                .withSource(source)
                .withType(type)
                .withSubject(subject)
                .withTime(time)
                .withDataContentType(JSON)
                .withData(json);
        if (municipality != null) {
            b.withExtension(MUNICIPALITY_EXTENSION, municipality);
        }
        return b.build();
    }

    /** The Kafka record of an event, in binary mode, keyed by its aggregate. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, String key, CloudEvent event) {
        return KafkaMessageFactory.<String>createWriter(topic, key).writeBinary(event);
    }

    /** Reads a CloudEvent from Kafka headers and value; throws if the envelope is not a valid CloudEvent. */
    public static CloudEvent fromRecord(Headers headers, byte[] value) {
        return KafkaMessageFactory.createReader(headers, value).toEvent();
    }

    /**
     * Reads a CloudEvent from the headers of a Spring message as a Kafka binder hands them over
     * (values as {@code byte[]} or {@code String}).
     */
    public static CloudEvent fromMessageHeaders(Map<String, Object> messageHeaders, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        messageHeaders.forEach((name, v) -> {
            if (name.startsWith("ce_") || name.equalsIgnoreCase("content-type")) {
                if (v instanceof byte[] bytes) {
                    headers.add(name, bytes);
                } else if (v != null) {
                    headers.add(name, v.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        return fromRecord(headers, value);
    }

    public static String municipality(CloudEvent event) {
        Object m = event.getExtension(MUNICIPALITY_EXTENSION);
        return m == null ? null : m.toString();
    }
}
