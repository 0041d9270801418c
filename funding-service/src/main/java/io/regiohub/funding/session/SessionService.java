package io.regiohub.funding.session;

import io.regiohub.events.funding.ConsultationScheduled;
import io.regiohub.funding.consultation.Consultation;
import io.regiohub.funding.consultation.ConsultationRepository;
import io.regiohub.funding.consultation.ConsultationService;
import io.regiohub.funding.consultation.ConsultationStatus;
import io.regiohub.funding.programme.ProgrammeRepository;
import io.regiohub.funding.transition.Transitions;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Advisory sessions and their bookings. Every change of a session's places locks the session's row
 * first and then the consultation's (one order everywhere, so no deadlocks): bookings of a session are
 * decided one after the other, a place is taken by one conditional update (never more bookings than
 * places, however many arrive at once), and one consultation's bookings never overlap.
 */
@Service
public class SessionService {

    private final SessionRepository sessions;
    private final ConsultationRepository consultations;
    private final ConsultationService consultationService;
    private final ProgrammeRepository programmes;
    private final Transitions transitions;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Clock clock;

    public SessionService(SessionRepository sessions, ConsultationRepository consultations,
                          ConsultationService consultationService, ProgrammeRepository programmes,
                          Transitions transitions, TenantAccess access, Outbox outbox, Clock clock) {
        this.sessions = sessions;
        this.consultations = consultations;
        this.consultationService = consultationService;
        this.programmes = programmes;
        this.transitions = transitions;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Booked(Booking booking, boolean created) {
    }

    @Transactional
    public AdvisorySession create(CreateSession request) {
        Instant now = now();
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw HubProblem.invalidField("endsAt", "must be after startsAt");
        }
        if (!request.startsAt().isAfter(now)) {
            throw HubProblem.invalidField("startsAt", "must be in the future");
        }
        int capacity;
        if (request.format() == AdvisorySession.SessionFormat.ONE_TO_ONE) {
            if (request.capacity() != null && request.capacity() != 1) {
                throw HubProblem.invalidField("capacity", "must be 1 (or left out) for a ONE_TO_ONE session");
            }
            capacity = 1;
        } else {
            if (request.capacity() == null) {
                throw HubProblem.invalidField("capacity", "is required for a GROUP session");
            }
            capacity = request.capacity();
        }
        if (request.programmeId() != null && programmes.find(request.programmeId()).isEmpty()) {
            throw HubProblem.invalidField("programmeId", "names no programme of the catalogue");
        }
        AdvisorySession session = new AdvisorySession(UUID.randomUUID(), request.title().strip(), request.format(),
                capacity, 0, request.startsAt().truncatedTo(ChronoUnit.MICROS),
                request.endsAt().truncatedTo(ChronoUnit.MICROS), request.advisor().strip(), request.location().strip(),
                request.programmeId(), now, null, null);
        sessions.insert(session);
        return session;
    }

    public List<AdvisorySession> upcoming(Instant from, int limit) {
        return sessions.startingFrom(from == null ? now() : from, limit);
    }

    public AdvisorySession session(UUID id) {
        return sessions.find(id).orElseThrow(() -> HubProblem.notFound("session", id));
    }

    /**
     * Books a place for the consultation: 409 when the session is full or over, when the consultation
     * cannot be scheduled, or when it is booked into an overlapping session already; the same booking
     * asked for again is answered with the existing one.
     */
    @Transactional
    public Booked book(UUID sessionId, UUID consultationId) {
        AdvisorySession session = sessions.lock(sessionId).orElseThrow(() -> HubProblem.notFound("session", sessionId));
        Consultation consultation = consultationService.visible(consultations.lock(consultationId), consultationId);
        if (session.cancelledAt() != null) {
            throw HubProblem.conflict("session " + sessionId + " is cancelled");
        }
        List<Booking> live = sessions.liveBookingsOf(consultationId);
        for (Booking b : live) {
            if (b.sessionId().equals(sessionId)) {
                return new Booked(b, false);
            }
        }
        if (!consultation.status().bookable()) {
            throw HubProblem.conflict("consultation " + consultationId + " is " + consultation.status()
                    + " and cannot be booked into a session");
        }
        Instant now = now();
        if (!session.endsAt().isAfter(now)) {
            throw HubProblem.conflict("session " + sessionId + " is over");
        }
        for (Booking b : live) {
            if (b.startsAt().isBefore(session.endsAt()) && session.startsAt().isBefore(b.endsAt())) {
                throw HubProblem.conflict("consultation " + consultationId + " is booked into session " + b.sessionId()
                        + " from " + b.startsAt() + " to " + b.endsAt() + ", which overlaps this one");
            }
        }
        if (!sessions.takePlace(sessionId)) {
            throw HubProblem.conflict("session " + sessionId + " is full (" + session.capacity() + " places)");
        }
        String actor = access.caller().clientId();
        Booking booking = new Booking(UUID.randomUUID(), sessionId, consultationId, consultation.municipality(),
                session.startsAt(), session.endsAt(), now, actor, null, null);
        sessions.insertBooking(booking);
        if (consultation.status() != ConsultationStatus.SCHEDULED) {
            consultations.moveTo(consultationId, ConsultationStatus.SCHEDULED, now);
            transitions.record(ConsultationService.AGGREGATE, consultationId, consultation.programmeId(),
                    consultation.status(),
                    ConsultationStatus.SCHEDULED, actor, now, "booked into session " + sessionId);
        }
        outbox.publish(new ConsultationScheduled(consultationId, consultation.municipality(), sessionId, booking.id(),
                session.startsAt(), session.endsAt(), now));
        return new Booked(booking, true);
    }

    /**
     * Cancels a booking and frees its place; a consultation left without a booking goes back to
     * {@code REQUESTED} (or {@code FOLLOW_UP} if it had been advised before). Cancelling twice is harmless.
     */
    @Transactional
    public void cancel(UUID sessionId, UUID bookingId) {
        Booking booking = sessions.findBooking(sessionId, bookingId)
                .filter(b -> access.mayRead(b.municipality()))
                .orElseThrow(() -> HubProblem.notFound("booking", bookingId));
        sessions.lock(sessionId);
        Consultation consultation = consultations.lock(booking.consultationId()).orElseThrow();
        if (release(booking, consultation, now(), "booking " + bookingId + " cancelled")) {
            sessions.givePlaceBack(sessionId);
        }
    }

    /**
     * The programme office cancels a session: every booking is released (each consultation back to
     * waiting, the reason in its history), and the session takes no more bookings.
     */
    @Transactional
    public AdvisorySession cancelSession(UUID sessionId, String reason) {
        AdvisorySession session = sessions.lock(sessionId).orElseThrow(() -> HubProblem.notFound("session", sessionId));
        if (session.cancelledAt() != null) {
            throw HubProblem.conflict("session " + sessionId + " is cancelled already");
        }
        Instant now = now();
        // the session's row is locked: no booking can come in between; then each consultation, as bookings do
        for (Booking booking : sessions.liveBookingsIn(sessionId)) {
            Consultation consultation = consultations.lock(booking.consultationId()).orElseThrow();
            release(booking, consultation, now, "session " + sessionId + " cancelled"
                    + (reason == null ? "" : ": " + reason));
        }
        sessions.cancelSession(sessionId, access.caller().clientId(), now, reason);
        return session(sessionId);
    }

    /** @return false when the booking had been cancelled already */
    private boolean release(Booking booking, Consultation consultation, Instant now, String detail) {
        String actor = access.caller().clientId();
        if (!sessions.cancel(booking.id(), actor, now)) {
            return false;
        }
        if (consultation.status() == ConsultationStatus.SCHEDULED
                && sessions.liveBookingsOf(consultation.id()).isEmpty()) {
            ConsultationStatus back = consultation.firstHeldAt() == null ? ConsultationStatus.REQUESTED
                    : ConsultationStatus.FOLLOW_UP;
            consultations.moveTo(consultation.id(), back, now);
            transitions.record(ConsultationService.AGGREGATE, consultation.id(), consultation.programmeId(),
                    ConsultationStatus.SCHEDULED, back, actor, now, detail);
        }
        return true;
    }

    /** The session's bookings: all for the programme office, a municipality's own for its client. */
    public List<Booking> bookings(UUID sessionId) {
        session(sessionId);
        TenantAccess.Caller caller = access.caller();
        return sessions.bookingsOf(sessionId, caller.has(HubRoles.PROGRAM_OFFICE) ? null : caller.municipality());
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
