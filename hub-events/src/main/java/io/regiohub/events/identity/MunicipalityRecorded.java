package io.regiohub.events.identity;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;

/**
 * The directory's current entry of a municipality, published whenever it is registered or changed.
 * On the compacted topic {@code directory.municipalities}, keyed by the municipality key, the last
 * record of each key is the entry: services keep a local copy by reading the topic.
 */
@EventType(value = MunicipalityRecorded.TYPE, topic = TopicCatalogue.DIRECTORY_MUNICIPALITIES, subject = "municipality")
public record MunicipalityRecorded(
        String municipality,
        String name,
        String kind,
        String districtKey,
        Integer population,
        String classification,
        Instant recordedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.identity.municipality.recorded.v1";

    @Override
    public String aggregateId() {
        return municipality;
    }
}
