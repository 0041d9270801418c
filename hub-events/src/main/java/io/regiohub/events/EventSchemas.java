package io.regiohub.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates event payloads against the JSON Schema of their type. Producers' tests validate what
 * they send; consumers validate what they receive and dead-letter what does not conform.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, Optional<JsonSchema>> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema of a type, if the hub knows it. */
    public static Optional<JsonSchema> schema(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream(EventCatalogue.schemaResource(t))) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(FACTORY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), CONFIG));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The violations of a payload against its type's schema: empty when it conforms, one entry
     * ("unknown event type") when the type has no schema.
     */
    public static List<String> violations(String type, byte[] payload) {
        Optional<JsonSchema> schema = schema(type);
        if (schema.isEmpty()) {
            return List.of("unknown event type " + type);
        }
        if (payload == null || payload.length == 0) {
            return List.of("payload is empty");
        }
        try {
            return schema.get().validate(new String(payload, StandardCharsets.UTF_8), InputFormat.JSON).stream()
                    .map(ValidationMessage::getMessage)
                    .toList();
        } catch (RuntimeException e) {
            return List.of("payload is not JSON: " + e.getMessage());
        }
    }
}
