package io.regiohub.funding.session;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/funding/sessions")
public class SessionController {

    private final SessionService sessions;

    public SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The programme office offers a session. */
    @PostMapping
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ResponseEntity<AdvisorySession> create(@Valid @RequestBody CreateSession request) {
        AdvisorySession session = sessions.create(request);
        return ResponseEntity.created(URI.create("/api/funding/sessions/" + session.id())).body(session);
    }

    /** Sessions starting from {@code from} (default: now), soonest first, with the places left. */
    @GetMapping
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, shared = true)
    public List<AdvisorySession> upcoming(@RequestParam(name = "from", required = false) Instant from,
                                          @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return sessions.upcoming(from, limit);
    }

    @GetMapping("/{id}")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, shared = true)
    public AdvisorySession get(@PathVariable("id") UUID id) {
        return sessions.session(id);
    }

    /** The programme office cancels the session; its bookings are released (409 if cancelled already). */
    @DeleteMapping("/{id}")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public AdvisorySession cancelSession(@PathVariable("id") UUID id,
                                         @RequestParam(name = "reason", required = false)
                                         @jakarta.validation.constraints.Size(max = 1000) String reason) {
        return sessions.cancelSession(id, reason);
    }

    public record BookPlace(@NotNull UUID consultationId) {
    }

    /** Books a place for a consultation: 201, or 200 with the booking made before; 409 when full or overlapping. */
    @PostMapping("/{id}/bookings")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ResponseEntity<Booking> book(@PathVariable("id") UUID id, @Valid @RequestBody BookPlace body) {
        SessionService.Booked booked = sessions.book(id, body.consultationId());
        URI location = URI.create("/api/funding/sessions/" + id + "/bookings/" + booked.booking().id());
        return booked.created() ? ResponseEntity.created(location).body(booked.booking())
                : ResponseEntity.ok().location(location).body(booked.booking());
    }

    /** All bookings for the programme office; a municipality's client sees its own only. */
    @GetMapping("/{id}/bookings")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE}, shared = true)
    public List<Booking> bookings(@PathVariable("id") UUID id) {
        return sessions.bookings(id);
    }

    /** Gives the place back (the booking's municipality or the programme office). */
    @DeleteMapping("/{id}/bookings/{bookingId}")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ResponseEntity<Void> cancel(@PathVariable("id") UUID id, @PathVariable("bookingId") UUID bookingId) {
        sessions.cancel(id, bookingId);
        return ResponseEntity.noContent().build();
    }
}
