package io.regiohub.events;

import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.events.funding.ApplicationSubmitted;
import io.regiohub.events.funding.ConsultationHeld;
import io.regiohub.events.funding.ConsultationRequested;
import io.regiohub.events.funding.ConsultationScheduled;
import io.regiohub.events.funding.FundsDisbursed;
import io.regiohub.events.funding.ProgrammePublished;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.events.mobility.AlertCleared;
import io.regiohub.events.mobility.AlertRaised;
import io.regiohub.events.mobility.HotspotActivated;
import io.regiohub.events.mobility.HotspotDown;
import io.regiohub.events.mobility.RealtimeApplied;
import io.regiohub.events.mobility.ScheduleImported;
import io.regiohub.events.mobility.TripCancelled;
import io.regiohub.events.mobility.TripDelayed;
import io.regiohub.events.participation.CitizenDataErased;
import io.regiohub.events.participation.CommentPosted;
import io.regiohub.events.participation.ContentHidden;
import io.regiohub.events.participation.PhaseChanged;
import io.regiohub.events.participation.ProcessOpened;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.events.participation.SupportThresholdReached;
import io.regiohub.events.participation.SurveyClosed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type the hub publishes. Add a record here when you add one; a test checks its schema. */
public final class EventCatalogue {

    public static final List<Class<? extends DomainEvent>> ALL = List.of(
            ProposalSubmitted.class,
            ProcessOpened.class,
            PhaseChanged.class,
            SupportThresholdReached.class,
            ProposalAnswered.class,
            CommentPosted.class,
            ContentHidden.class,
            SurveyClosed.class,
            CitizenDataErased.class,
            MunicipalityRecorded.class,
            ScheduleImported.class,
            AlertRaised.class,
            AlertCleared.class,
            TripCancelled.class,
            TripDelayed.class,
            HotspotActivated.class,
            HotspotDown.class,
            RealtimeApplied.class,
            ProgrammePublished.class,
            ConsultationRequested.class,
            ConsultationScheduled.class,
            ConsultationHeld.class,
            ApplicationSubmitted.class,
            ApplicationDecided.class,
            FundsDisbursed.class);

    private static final Map<String, Class<? extends DomainEvent>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(c -> typeOf(c).value(), Function.identity()));

    private EventCatalogue() {
    }

    public static EventType typeOf(Class<? extends DomainEvent> eventClass) {
        EventType type = eventClass.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " has no @EventType");
        }
        return type;
    }

    public static Optional<Class<? extends DomainEvent>> classOf(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static String schemaResource(String type) {
        return "/schemas/" + type + ".json";
    }
}
