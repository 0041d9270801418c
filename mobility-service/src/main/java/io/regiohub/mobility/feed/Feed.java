package io.regiohub.mobility.feed;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A municipality's transit feed. {@code activeVersion} is the schedule serving its boards (none before the
 * first successful import), {@code timezone} its agencies' time zone.
 */
public record Feed(UUID id, String municipality, String name, int pollIntervalSeconds, Long activeVersion,
                   String timezone, Instant createdAt) {

    public ZoneId zone() {
        return timezone == null ? ZoneId.of("Europe/Berlin") : ZoneId.of(timezone);
    }
}
