package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A public Wi-Fi hotspot went out of service, with the reason if known; stop, feed and proposal as
 * in {@link HotspotActivated}. Whoever maps the hotspots or tracks the proposal it implements
 * follows it.
 */
@EventType(value = HotspotDown.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "hotspot")
public record HotspotDown(
        UUID hotspotId,
        String municipality,
        String ssid,
        UUID feedId,
        String stopId,
        UUID proposalId,
        String reason,
        Instant downAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.hotspot.down.v1";

    @Override
    public String aggregateId() {
        return hotspotId.toString();
    }
}
