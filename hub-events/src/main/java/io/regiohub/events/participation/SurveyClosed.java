package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A survey's phase ended: its results, counted over every response (free-text answers only
 * counted, never republished).
 */
@EventType(value = SurveyClosed.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "survey")
public record SurveyClosed(
        UUID surveyId,
        String municipality,
        UUID processId,
        String title,
        int responses,
        List<QuestionResult> results,
        Instant closedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.survey.closed.v1";

    /**
     * One question's result: for choices the count per option (in the options' order), for a scale
     * the count per value 1 to 5 and the mean, for free text the number of answers.
     */
    public record QuestionResult(int position, String kind, String text, List<String> options, List<Integer> counts,
                                 Double mean, int answered) {
    }

    @Override
    public String aggregateId() {
        return surveyId.toString();
    }
}
