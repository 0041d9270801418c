package io.regiohub.funding.session;

import static io.regiohub.starter.jdbc.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SessionRepository {

    private static final String SESSION = "id, title, format, capacity, booked, starts_at, ends_at, advisor, location, "
            + "programme_id, created_at, cancelled_at, cancellation_reason";
    private static final String BOOKING = "id, session_id, consultation_id, municipality, starts_at, ends_at, booked_at, "
            + "booked_by, cancelled_at, cancelled_by";

    private final JdbcClient jdbc;

    public SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AdvisorySession s) {
        jdbc.sql("""
                        INSERT INTO advisory_session (id, title, format, capacity, booked, starts_at, ends_at, advisor,
                                                      location, programme_id, created_at)
                        VALUES (:id, :title, :format, :capacity, 0, :startsAt, :endsAt, :advisor, :location, :programmeId,
                                :createdAt)""")
                .param("id", s.id()).param("title", s.title()).param("format", s.format().name())
                .param("capacity", s.capacity()).param("startsAt", Timestamp.from(s.startsAt()))
                .param("endsAt", Timestamp.from(s.endsAt())).param("advisor", s.advisor())
                .param("location", s.location()).param("programmeId", s.programmeId())
                .param("createdAt", Timestamp.from(s.createdAt()))
                .update();
    }

    Optional<AdvisorySession> find(UUID id) {
        return jdbc.sql("SELECT " + SESSION + " FROM advisory_session WHERE id = :id").param("id", id)
                .query(SessionRepository::session).optional();
    }

    /** The session, its row locked until the transaction ends: every change of its places queues here first. */
    Optional<AdvisorySession> lock(UUID id) {
        return jdbc.sql("SELECT " + SESSION + " FROM advisory_session WHERE id = :id FOR UPDATE").param("id", id)
                .query(SessionRepository::session).optional();
    }

    List<AdvisorySession> startingFrom(Instant from, int limit) {
        return jdbc.sql("SELECT " + SESSION + " FROM advisory_session WHERE starts_at >= :from "
                        + "ORDER BY starts_at, id LIMIT :limit")
                .param("from", Timestamp.from(from)).param("limit", limit).query(SessionRepository::session).list();
    }

    /**
     * Takes a place if one is left, in one statement: concurrent bookings queue on the session's row and
     * each sees the count the one before it left, so never more bookings than places.
     */
    boolean takePlace(UUID sessionId) {
        return jdbc.sql("UPDATE advisory_session SET booked = booked + 1 "
                        + "WHERE id = :id AND booked < capacity AND cancelled_at IS NULL")
                .param("id", sessionId).update() == 1;
    }

    /** Marks the session cancelled with no places taken; false if it was cancelled already. */
    boolean cancelSession(UUID id, String by, Instant at, String reason) {
        return jdbc.sql("UPDATE advisory_session SET cancelled_at = :at, cancelled_by = :by, cancellation_reason = :reason, "
                        + "booked = 0 WHERE id = :id AND cancelled_at IS NULL")
                .param("id", id).param("by", by).param("at", Timestamp.from(at)).param("reason", reason).update() == 1;
    }

    List<Booking> liveBookingsIn(UUID sessionId) {
        return jdbc.sql("SELECT " + BOOKING + " FROM session_booking WHERE session_id = :s AND cancelled_at IS NULL "
                        + "ORDER BY consultation_id")
                .param("s", sessionId).query(SessionRepository::booking).list();
    }

    void givePlaceBack(UUID sessionId) {
        jdbc.sql("UPDATE advisory_session SET booked = booked - 1 WHERE id = :id").param("id", sessionId).update();
    }

    void insertBooking(Booking b) {
        jdbc.sql("""
                        INSERT INTO session_booking (id, session_id, consultation_id, municipality, starts_at, ends_at,
                                                     booked_at, booked_by)
                        VALUES (:id, :sessionId, :consultationId, :municipality, :startsAt, :endsAt, :bookedAt, :bookedBy)""")
                .param("id", b.id()).param("sessionId", b.sessionId()).param("consultationId", b.consultationId())
                .param("municipality", b.municipality()).param("startsAt", Timestamp.from(b.startsAt()))
                .param("endsAt", Timestamp.from(b.endsAt())).param("bookedAt", Timestamp.from(b.bookedAt()))
                .param("bookedBy", b.bookedBy())
                .update();
    }

    /** The consultation's live bookings (not cancelled). */
    List<Booking> liveBookingsOf(UUID consultationId) {
        return jdbc.sql("SELECT " + BOOKING + " FROM session_booking WHERE consultation_id = :c AND cancelled_at IS NULL "
                        + "ORDER BY starts_at")
                .param("c", consultationId).query(SessionRepository::booking).list();
    }

    Optional<Booking> findBooking(UUID sessionId, UUID bookingId) {
        return jdbc.sql("SELECT " + BOOKING + " FROM session_booking WHERE id = :id AND session_id = :s")
                .param("id", bookingId).param("s", sessionId).query(SessionRepository::booking).optional();
    }

    /** @return false when the booking was cancelled already */
    boolean cancel(UUID bookingId, String by, Instant at) {
        return jdbc.sql("UPDATE session_booking SET cancelled_at = :at, cancelled_by = :by "
                        + "WHERE id = :id AND cancelled_at IS NULL")
                .param("id", bookingId).param("by", by).param("at", Timestamp.from(at)).update() == 1;
    }

    List<Booking> bookingsOf(UUID sessionId, String municipality) {
        return jdbc.sql("SELECT " + BOOKING + " FROM session_booking WHERE session_id = :s "
                        + "AND (CAST(:m AS varchar) IS NULL OR municipality = :m) ORDER BY booked_at, id")
                .param("s", sessionId).param("m", municipality).query(SessionRepository::booking).list();
    }

    static AdvisorySession session(ResultSet rs, int row) throws SQLException {
        return new AdvisorySession(rs.getObject("id", UUID.class), rs.getString("title"),
                AdvisorySession.SessionFormat.valueOf(rs.getString("format")), rs.getInt("capacity"),
                rs.getInt("booked"), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                rs.getString("advisor"), rs.getString("location"), rs.getString("programme_id"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("cancelled_at")),
                rs.getString("cancellation_reason"));
    }

    static Booking booking(ResultSet rs, int row) throws SQLException {
        return new Booking(rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class),
                rs.getObject("consultation_id", UUID.class), rs.getString("municipality"),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                rs.getTimestamp("booked_at").toInstant(), rs.getString("booked_by"),
                instant(rs.getTimestamp("cancelled_at")), rs.getString("cancelled_by"));
    }
}
