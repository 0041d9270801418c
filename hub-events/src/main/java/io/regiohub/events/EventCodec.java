package io.regiohub.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON (de)serialisation of event payloads, the same in every service. */
public final class EventCodec {

    // Jackson 3 writes java.time values as ISO-8601 strings by default
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    public static byte[] toJson(DomainEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
