package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * Content was hidden (action {@code HIDDEN}: by its reports' count or by the municipality's
 * moderators) or restored by them ({@code RESTORED}); the reason is kept. Whoever shows or indexes
 * the content follows it.
 */
@EventType(value = ContentHidden.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "comment")
public record ContentHidden(
        UUID contentId,
        String contentType,
        String municipality,
        UUID proposalId,
        String action,
        String reason,
        String by,
        int reportCount,
        Instant at) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.content.hidden.v1";

    @Override
    public String aggregateId() {
        return contentId.toString();
    }
}
