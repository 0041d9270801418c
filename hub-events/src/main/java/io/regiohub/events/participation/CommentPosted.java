package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A citizen commented on a proposal (or replied to a comment). Carries neither the text nor the
 * citizen: other domains count and react, they do not republish what citizens wrote.
 */
@EventType(value = CommentPosted.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "comment")
public record CommentPosted(
        UUID commentId,
        String municipality,
        UUID proposalId,
        UUID processId,
        UUID parentId,
        int depth,
        String stance,
        Instant postedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.comment.posted.v1";

    @Override
    public String aggregateId() {
        return commentId.toString();
    }
}
