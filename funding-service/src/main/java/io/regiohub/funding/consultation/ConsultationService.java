package io.regiohub.funding.consultation;

import io.regiohub.events.funding.ConsultationHeld;
import io.regiohub.events.funding.ConsultationRequested;
import io.regiohub.funding.pipeline.PipelineCounts;
import io.regiohub.funding.programme.ProgrammeRepository;
import io.regiohub.funding.transition.Transitions;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ConsultationService {

    public static final String AGGREGATE = "consultation";

    private final ConsultationRepository consultations;
    private final ProgrammeRepository programmes;
    private final Transitions transitions;
    private final PipelineCounts pipeline;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Clock clock;

    public ConsultationService(ConsultationRepository consultations, ProgrammeRepository programmes,
                               Transitions transitions, PipelineCounts pipeline, TenantAccess access, Outbox outbox,
                               Clock clock) {
        this.consultations = consultations;
        this.programmes = programmes;
        this.transitions = transitions;
        this.pipeline = pipeline;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Requested(Consultation consultation, boolean created) {
    }

    /** A consultation with its history of state changes. */
    public record ConsultationView(Consultation consultation, List<Transitions.Transition> history) {
    }

    /** Stores the request and its {@code consultation.requested} event in one transaction. */
    @Transactional
    public Requested request(String municipality, RequestConsultation request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<Consultation> earlier = consultations.findByIdempotencyKey(municipality, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        if (programmes.find(request.programmeId()).isEmpty()) {
            throw HubProblem.invalidField("programmeId", "names no programme of the catalogue");
        }
        Instant now = now();
        Consultation c = new Consultation(UUID.randomUUID(), municipality, request.programmeId(), request.projectIdea(),
                request.proposalId(), ConsultationStatus.REQUESTED, null, null, now, null, null, null);
        if (!consultations.insert(c, idempotencyKey)) {
            return replay(consultations.findByIdempotencyKey(municipality, idempotencyKey).orElseThrow(), request);
        }
        transitions.record(AGGREGATE, c.id(), c.programmeId(), null, c.status(), access.caller().clientId(), now, null);
        pipeline.consultationRequested(now);
        outbox.publish(new ConsultationRequested(c.id(), municipality, c.programmeId(), c.projectIdea(),
                c.proposalId(), now));
        return new Requested(c, true);
    }

    private static Requested replay(Consultation earlier, RequestConsultation request) {
        if (!earlier.programmeId().equals(request.programmeId())
                || !earlier.projectIdea().equals(request.projectIdea())
                || !Objects.equals(earlier.proposalId(), request.proposalId())) {
            throw HubProblem.conflict("Idempotency-Key was already used for a different consultation request");
        }
        return new Requested(earlier, false);
    }

    /** The consultation if the caller may see it: its municipality's client or the programme office. */
    public ConsultationView view(UUID id) {
        Consultation c = visible(consultations.find(id), id);
        return new ConsultationView(c, transitions.of(id));
    }

    public List<Consultation> forMunicipality(String municipality, int limit) {
        return consultations.forMunicipality(municipality, limit);
    }

    /** The programme office assigns (or reassigns) the advisor of an open consultation. */
    @Transactional
    public ConsultationView assignAdvisor(UUID id, String advisor) {
        Consultation c = consultations.lock(id).orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
        if (c.status() == ConsultationStatus.CLOSED) {
            throw HubProblem.conflict("consultation " + id + " is closed");
        }
        consultations.setAdvisor(id, advisor);
        transitions.record(AGGREGATE, id, c.programmeId(), c.status(), c.status(), access.caller().clientId(), now(),
                "advisor: " + advisor);
        return view(id);
    }

    /**
     * The programme office records the session's outcome: {@code HELD}, or {@code FOLLOW_UP} when the
     * municipality needs another session; only a scheduled consultation can have been held.
     */
    @Transactional
    public ConsultationView recordOutcome(UUID id, String outcome, boolean followUp) {
        Consultation c = consultations.lock(id).orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
        ConsultationStatus target = followUp ? ConsultationStatus.FOLLOW_UP : ConsultationStatus.HELD;
        requireTransition(c, target);
        Instant now = now();
        consultations.setOutcome(id, outcome);
        consultations.moveTo(id, target, now);
        String advisor = c.advisor() == null ? access.caller().clientId() : c.advisor();
        if (c.advisor() == null) {
            consultations.setAdvisor(id, advisor);
        }
        transitions.record(AGGREGATE, id, c.programmeId(), c.status(), target, access.caller().clientId(), now, outcome);
        if (c.firstHeldAt() == null) {
            pipeline.consultationFirstHeld(c.municipality(), c.requestedAt(), now);
        }
        outbox.publish(new ConsultationHeld(id, c.municipality(), c.programmeId(), c.proposalId(), advisor, outcome,
                followUp, now));
        return view(id);
    }

    /** Closes the consultation: the programme office, or the municipality withdrawing its own request. */
    @Transactional
    public ConsultationView close(UUID id, String reason) {
        Consultation c = visible(consultations.lock(id), id);
        requireTransition(c, ConsultationStatus.CLOSED);
        if (c.status() == ConsultationStatus.SCHEDULED) {
            throw HubProblem.conflict("consultation " + id + " is booked into a session: cancel the booking first");
        }
        Instant now = now();
        consultations.moveTo(id, ConsultationStatus.CLOSED, now);
        transitions.record(AGGREGATE, id, c.programmeId(), c.status(), ConsultationStatus.CLOSED, access.caller().clientId(), now,
                reason);
        return view(id);
    }

    /** 404 for a consultation of another municipality: its existence is not the caller's business. */
    public Consultation visible(Optional<Consultation> found, UUID id) {
        return found.filter(c -> access.mayRead(c.municipality()))
                .orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
    }

    public static void requireTransition(Consultation c, ConsultationStatus target) {
        if (!c.status().canMoveTo(target)) {
            throw HubProblem.conflict("consultation " + c.id() + " is " + c.status() + " and cannot become " + target
                    + (c.status().next().isEmpty() ? "" : " (possible: " + c.status().next() + ")"));
        }
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
