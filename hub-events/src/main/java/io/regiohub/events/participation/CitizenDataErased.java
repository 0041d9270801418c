package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A municipality erased a citizen's data on request: everything the pseudonym wrote was unlinked
 * from it (each row now carries a random pseudonym of its own), the counts stayed. Carries no
 * pseudonym: the event must not spread what was erased.
 */
@EventType(value = CitizenDataErased.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "erasure")
public record CitizenDataErased(
        UUID erasureId,
        String municipality,
        int proposals,
        int comments,
        int supports,
        int reports,
        int surveyResponses,
        Instant erasedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.citizen.erased.v1";

    @Override
    public String aggregateId() {
        return erasureId.toString();
    }
}
