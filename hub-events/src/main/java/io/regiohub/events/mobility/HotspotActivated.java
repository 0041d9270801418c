package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A public Wi-Fi hotspot went into service, possibly at a stop of a feed and implementing a
 * participation proposal. participation-service follows it to mark that proposal {@code IMPLEMENTED};
 * whoever maps the hotspots follows it too.
 */
@EventType(value = HotspotActivated.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "hotspot")
public record HotspotActivated(
        UUID hotspotId,
        String municipality,
        String ssid,
        String operator,
        double latitude,
        double longitude,
        UUID feedId,
        String stopId,
        UUID proposalId,
        Instant activatedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.hotspot.activated.v1";

    @Override
    public String aggregateId() {
        return hotspotId.toString();
    }
}
