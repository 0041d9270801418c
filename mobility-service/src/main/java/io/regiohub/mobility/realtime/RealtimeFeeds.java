package io.regiohub.mobility.realtime;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.transit.realtime.GtfsRealtime;
import io.regiohub.events.mobility.AlertCleared;
import io.regiohub.events.mobility.AlertRaised;
import io.regiohub.events.mobility.RealtimeApplied;
import io.regiohub.events.mobility.TripCancelled;
import io.regiohub.events.mobility.TripDelayed;
import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.mobility.feed.FeedSourceKind;
import io.regiohub.mobility.schedule.GtfsTime;
import io.regiohub.mobility.schedule.ScheduleSnapshot;
import io.regiohub.mobility.schedule.Schedules;
import io.regiohub.mobility.schedule.Schedules.Call;
import io.regiohub.starter.jdbc.Rows;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.web.HubProblem;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies GTFS-Realtime messages to a feed: trip updates (matched to trip instances, stop-time updates
 * resolved to stop sequences, absolute times turned into delays), alerts (raised and cleared as they
 * appear and disappear) and vehicle positions. A message is applied whole in one transaction, with the
 * domain events it causes (a trip cancelled, a significant delay, once per trip instance; alerts) and
 * a {@code realtime.applied} notice on {@code mobility.realtime} through the outbox. The realtime data
 * itself never goes to the domain topic.
 */
@Service
public class RealtimeFeeds {

    private static final DateTimeFormatter GTFS_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final Schedules schedules;
    private final RealtimeStates states;
    private final JsonMapper json;
    private final MobilityProperties.Realtime settings;
    private final Clock clock;

    public RealtimeFeeds(JdbcClient jdbc, DataSource dataSource, TransactionTemplate tx, Outbox outbox,
                         Schedules schedules, RealtimeStates states, JsonMapper json, MobilityProperties properties,
                         Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = tx;
        this.outbox = outbox;
        this.schedules = schedules;
        this.states = states;
        this.json = json;
        this.settings = properties.realtime();
        this.clock = clock;
    }

    /** What applying a message did. */
    public record Applied(Instant feedTimestamp, String incrementality, int tripUpdates, int matched, int unmatched,
                          int canceled, int added, int alerts, int alertsRaised, int alertsCleared, int vehicles,
                          List<String> unmatchedTrips) {
    }

    /** Decodes a binary FeedMessage; anything undecodable is a 422 and changes nothing. */
    public static GtfsRealtime.FeedMessage decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw HubProblem.invalidField("body", "is empty: send a binary GTFS-Realtime FeedMessage");
        }
        try {
            GtfsRealtime.FeedMessage message = GtfsRealtime.FeedMessage.parseFrom(body);
            if (!message.getHeader().hasGtfsRealtimeVersion()) {
                throw new InvalidProtocolBufferException("the header has no gtfs_realtime_version");
            }
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw new HubProblem(HttpStatus.UNPROCESSABLE_ENTITY, "undecodable-realtime", "Undecodable GTFS-Realtime",
                    "the body is not a GTFS-Realtime FeedMessage: " + e.getMessage(),
                    List.of(new HubProblem.FieldError("body", "not a decodable GTFS-Realtime FeedMessage")));
        }
    }

    /**
     * Applies a message. What a FULL_DATASET replaces follows from the entities it carries; a message
     * without entities empties only what {@code kind} names (the polled source's kind, or the pusher's
     * {@code ?kind=}): an empty TripUpdates feed at night must not clear the alerts. Without a kind an empty
     * message changes nothing.
     */
    public Applied apply(Feed feed, GtfsRealtime.FeedMessage message, FeedSourceKind kind) {
        if (feed.activeVersion() == null) {
            throw new HubProblem(HttpStatus.CONFLICT, "no-schedule", "No schedule",
                    "feed " + feed.id() + " has no schedule yet: realtime data is matched against it, import one first",
                    List.of());
        }
        ScheduleSnapshot schedule = schedules.snapshot(feed.activeVersion());
        Instant now = clock.instant();
        Instant feedTime = message.getHeader().hasTimestamp() ? Instant.ofEpochSecond(message.getHeader().getTimestamp())
                : now;
        boolean full = message.getHeader().getIncrementality() == GtfsRealtime.FeedHeader.Incrementality.FULL_DATASET;

        List<GtfsRealtime.FeedEntity> tripEntities = new ArrayList<>();
        List<GtfsRealtime.FeedEntity> alertEntities = new ArrayList<>();
        List<GtfsRealtime.FeedEntity> vehicleEntities = new ArrayList<>();
        for (GtfsRealtime.FeedEntity e : message.getEntityList()) {
            if (e.hasTripUpdate() || (e.getIsDeleted() && !e.hasAlert() && !e.hasVehicle())) {
                tripEntities.add(e);
            }
            if (e.hasAlert()) {
                alertEntities.add(e);
            }
            if (e.hasVehicle()) {
                vehicleEntities.add(e);
            }
        }
        TripMatch trips = matchTrips(feed, schedule, tripEntities, feedTime);
        Applied applied = tx.execute(status -> {
            int[] alertCounts = {0, 0};
            boolean empty = message.getEntityCount() == 0;
            if (!tripEntities.isEmpty() || full && empty && kind == FeedSourceKind.TRIP_UPDATES) {
                storeTrips(feed, schedule, trips, full, now);
                source(feed, "TRIP_UPDATES", feedTime, tripEntities.size(), now);
            }
            if (!alertEntities.isEmpty() || full && empty && kind == FeedSourceKind.ALERTS) {
                alertCounts = storeAlerts(feed, alertEntities, full, now);
                source(feed, "ALERTS", feedTime, alertEntities.size(), now);
            }
            if (!vehicleEntities.isEmpty() || full && empty && kind == FeedSourceKind.VEHICLE_POSITIONS) {
                storeVehicles(feed, vehicleEntities, full, feedTime);
                source(feed, "VEHICLE_POSITIONS", feedTime, vehicleEntities.size(), now);
            }
            String appliedKind = !tripEntities.isEmpty() ? "TRIP_UPDATES" : !alertEntities.isEmpty() ? "ALERTS"
                    : !vehicleEntities.isEmpty() ? "VEHICLE_POSITIONS" : kind == null ? "TRIP_UPDATES" : kind.name();
            outbox.publish(new RealtimeApplied(feed.id(), feed.municipality(), appliedKind, feedTime,
                    message.getEntityCount(), now));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    states.invalidate(feed.id());
                }
            });
            return new Applied(feedTime, full ? "FULL_DATASET" : "DIFFERENTIAL", tripEntities.size(),
                    trips.rows.size(), trips.unmatched.size(), trips.canceled, trips.added, alertEntities.size(),
                    alertCounts[0], alertCounts[1], vehicleEntities.size(),
                    trips.unmatched.stream().limit(20).toList());
        });
        return applied;
    }

    private void source(Feed feed, String kind, Instant feedTime, int entities, Instant now) {
        jdbc.sql("""
                        INSERT INTO realtime_source (feed_id, kind, feed_timestamp, applied_at, entities) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (feed_id, kind) DO UPDATE SET feed_timestamp = excluded.feed_timestamp,
                            applied_at = excluded.applied_at, entities = excluded.entities""")
                .params(feed.id(), kind, Timestamp.from(feedTime), Timestamp.from(now), entities).update();
    }

    // ---------------------------------------------------------------------------------------- trip updates

    private static final class TripMatch {
        final List<RealtimeTrip> rows = new ArrayList<>();
        final List<String> deletedTrips = new ArrayList<>();
        final List<String> unmatched = new ArrayList<>();
        int canceled;
        int added;
    }

    private TripMatch matchTrips(Feed feed, ScheduleSnapshot schedule, List<GtfsRealtime.FeedEntity> entities,
                                 Instant feedTime) {
        TripMatch match = new TripMatch();
        // the scheduled calls are needed where updates name stops by id only or give absolute times
        List<String> needCalls = new ArrayList<>();
        for (GtfsRealtime.FeedEntity e : entities) {
            if (!e.hasTripUpdate()) {
                continue;
            }
            GtfsRealtime.TripUpdate u = e.getTripUpdate();
            for (GtfsRealtime.TripUpdate.StopTimeUpdate s : u.getStopTimeUpdateList()) {
                if (!s.hasStopSequence() || (s.hasArrival() && !s.getArrival().hasDelay() && s.getArrival().hasTime())
                        || (s.hasDeparture() && !s.getDeparture().hasDelay() && s.getDeparture().hasTime())) {
                    needCalls.add(u.getTrip().getTripId());
                    break;
                }
            }
        }
        Map<String, List<Call>> calls = schedules.callsOf(schedule.version(), needCalls);
        for (GtfsRealtime.FeedEntity e : entities) {
            if (!e.hasTripUpdate()) {
                if (e.getIsDeleted()) {
                    match.deletedTrips.add(e.getId());
                }
                continue;
            }
            GtfsRealtime.TripUpdate u = e.getTripUpdate();
            GtfsRealtime.TripDescriptor d = u.getTrip();
            Instant updated = u.hasTimestamp() ? Instant.ofEpochSecond(u.getTimestamp()) : feedTime;
            String tripId = d.getTripId();
            ScheduleSnapshot.Trip trip = tripId.isEmpty() ? null : schedule.trip(tripId);
            boolean addedTrip = d.getScheduleRelationship() == GtfsRealtime.TripDescriptor.ScheduleRelationship.ADDED
                    && trip == null && !tripId.isEmpty();
            if (trip == null && !addedTrip) {
                match.unmatched.add(tripId.isEmpty() ? "(entity " + e.getId() + ")" : tripId);
                continue;
            }
            // a frequency-based trip runs many times a day: its start_time names the instance
            int startTime = RealtimeTrip.ONCE_A_DAY;
            int shift = 0;
            if (trip != null && trip.frequencyBased() && !addedTrip) {
                if (!d.hasStartTime()) {
                    match.unmatched.add(tripId + " (frequency-based: the trip descriptor needs a start_time)");
                    continue;
                }
                int given;
                try {
                    given = GtfsTime.parse(d.getStartTime());
                } catch (IllegalArgumentException ex) {
                    match.unmatched.add(tripId + " (start_time '" + d.getStartTime() + "')");
                    continue;
                }
                startTime = frequencyInstance(schedule.frequencies(tripId), given);
                if (startTime == RealtimeTrip.ONCE_A_DAY) {
                    match.unmatched.add(tripId + " (start_time " + d.getStartTime() + " is no instance of its frequencies)");
                    continue;
                }
                shift = given - startTime;
            }
            LocalDate day;
            if (d.hasStartDate()) {
                try {
                    day = LocalDate.parse(d.getStartDate(), GTFS_DATE);
                } catch (DateTimeParseException ex) {
                    match.unmatched.add(tripId + " (start_date '" + d.getStartDate() + "')");
                    continue;
                }
            } else if (addedTrip) {
                day = LocalDateTime.ofInstant(feedTime, schedule.zone()).toLocalDate();
            } else {
                int first = startTime == RealtimeTrip.ONCE_A_DAY ? trip.firstDeparture() : startTime + shift;
                day = nearestServiceDay(schedule, trip, first, first + trip.lastArrival() - trip.firstDeparture(), feedTime);
                if (day == null) {
                    match.unmatched.add(tripId + " (no service day near the feed's timestamp)");
                    continue;
                }
            }
            if (addedTrip) {
                match.rows.add(added(tripId, day, d, u, updated));
                match.added++;
                continue;
            }
            if (d.getScheduleRelationship() == GtfsRealtime.TripDescriptor.ScheduleRelationship.CANCELED) {
                match.rows.add(new RealtimeTrip(tripId, day, startTime, trip.routeId(), RealtimeTrip.Relationship.CANCELED,
                        new int[0], new String[0], new Integer[0], new Integer[0], new Long[0], new Long[0],
                        new RealtimeTrip.StopRelationship[0], null, updated));
                match.canceled++;
                continue;
            }
            RealtimeTrip resolved = resolve(schedule, trip, day, startTime, shift, u, calls.get(tripId), updated);
            if (resolved == null) {
                match.unmatched.add(tripId + " (a stop_time_update names a stop the trip does not serve)");
                continue;
            }
            match.rows.add(resolved);
        }
        return match;
    }

    /**
     * The start of the schedule's instance of a frequency-based trip that a trip descriptor's start_time
     * ({@code given}) names, or {@link RealtimeTrip#ONCE_A_DAY} for none. With {@code exact_times=1} it must
     * be one of the instances exactly; with {@code exact_times=0} the specification lets the start time be
     * arbitrary (the vehicle's first departure), so it names the nearest instance within half a headway.
     */
    static int frequencyInstance(List<ScheduleSnapshot.Frequency> frequencies, int given) {
        int best = RealtimeTrip.ONCE_A_DAY;
        int bestDistance = Integer.MAX_VALUE;
        for (ScheduleSnapshot.Frequency f : frequencies) {
            if (f.headway() <= 0 || f.end() <= f.start()) {
                continue;
            }
            int last = f.start() + (f.end() - 1 - f.start()) / f.headway() * f.headway();
            if (f.exactTimes()) {
                if (given >= f.start() && given <= last && (given - f.start()) % f.headway() == 0) {
                    return given;
                }
                continue;
            }
            int nearest = f.start() + Math.round((float) (given - f.start()) / f.headway()) * f.headway();
            nearest = Math.max(f.start(), Math.min(last, nearest));
            int distance = Math.abs(given - nearest);
            if (2 * distance <= f.headway() && distance < bestDistance) {
                best = nearest;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * Without a start_date: the service day running the trip whose times ({@code first} to {@code last},
     * GTFS seconds of the instance) lie nearest the feed's timestamp.
     */
    static LocalDate nearestServiceDay(ScheduleSnapshot schedule, ScheduleSnapshot.Trip trip, int first, int last,
                                       Instant t) {
        LocalDate today = LocalDateTime.ofInstant(t, schedule.zone()).toLocalDate();
        LocalDate best = null;
        long bestDistance = Long.MAX_VALUE;
        for (int offset = -2; offset <= 1; offset++) {
            LocalDate day = today.plusDays(offset);
            if (!schedule.runs(trip.serviceId(), day)) {
                continue;
            }
            Instant start = schedule.instant(day, first);
            Instant end = schedule.instant(day, last);
            long distance = t.isBefore(start) ? start.getEpochSecond() - t.getEpochSecond()
                    : t.isAfter(end) ? t.getEpochSecond() - end.getEpochSecond() : 0;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = day;
            }
        }
        return best;
    }

    /**
     * A trip update's stop-time updates as delays against the schedule's instance: {@code startTime} of a
     * frequency-based instance (its calls' times move by {@code startTime - firstDeparture}), and {@code shift}
     * seconds the feed's own start_time lies after it (a stated delay counts from the feed's start).
     */
    private RealtimeTrip resolve(ScheduleSnapshot schedule, ScheduleSnapshot.Trip trip, LocalDate day, int startTime,
                                 int shift, GtfsRealtime.TripUpdate u, List<Call> calls, Instant updated) {
        int moved = startTime == RealtimeTrip.ONCE_A_DAY ? 0 : startTime - trip.firstDeparture();
        record Update(int seq, String stopId, Integer arr, Integer dep, Long arrTime, Long depTime,
                      RealtimeTrip.StopRelationship rel) {
        }
        List<Update> updates = new ArrayList<>();
        for (GtfsRealtime.TripUpdate.StopTimeUpdate s : u.getStopTimeUpdateList()) {
            Call call = null;
            if (calls != null) {
                for (Call c : calls) {
                    if (s.hasStopSequence() ? c.seq() == s.getStopSequence() : c.stopId().equals(s.getStopId())) {
                        call = c;
                        break;
                    }
                }
            }
            if (!s.hasStopSequence() && call == null) {
                return null;
            }
            int seq = s.hasStopSequence() ? s.getStopSequence() : call.seq();
            Integer arr = delay(s.hasArrival() ? s.getArrival() : null, schedule, day, call, moved, shift, true);
            Integer dep = delay(s.hasDeparture() ? s.getDeparture() : null, schedule, day, call, moved, shift, false);
            RealtimeTrip.StopRelationship rel = switch (s.getScheduleRelationship()) {
                case SKIPPED -> RealtimeTrip.StopRelationship.SKIPPED;
                case NO_DATA -> RealtimeTrip.StopRelationship.NO_DATA;
                default -> RealtimeTrip.StopRelationship.SCHEDULED;
            };
            updates.add(new Update(seq, call != null ? call.stopId() : s.getStopId(), arr, dep, null, null, rel));
        }
        updates.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
        int n = updates.size();
        RealtimeTrip r = new RealtimeTrip(trip.id(), day, startTime, trip.routeId(), RealtimeTrip.Relationship.SCHEDULED,
                new int[n], new String[n], new Integer[n], new Integer[n], new Long[n], new Long[n],
                new RealtimeTrip.StopRelationship[n], null, updated);
        for (int i = 0; i < n; i++) {
            Update x = updates.get(i);
            r.seqs()[i] = x.seq();
            r.stopIds()[i] = x.stopId() == null || x.stopId().isEmpty() ? null : x.stopId();
            r.arrivalDelay()[i] = x.arr();
            r.departureDelay()[i] = x.dep();
            r.stopRelationships()[i] = x.rel();
        }
        return r;
    }

    private static Integer delay(GtfsRealtime.TripUpdate.StopTimeEvent event, ScheduleSnapshot schedule, LocalDate day,
                                 Call call, int moved, int shift, boolean arrival) {
        if (event == null) {
            return null;
        }
        if (event.hasDelay()) {
            return event.getDelay() + shift;
        }
        if (event.hasTime() && call != null) {
            Instant scheduled = schedule.instant(day, (arrival ? call.arrival() : call.departure()) + moved);
            return (int) (event.getTime() - scheduled.getEpochSecond());
        }
        return null;
    }

    private static RealtimeTrip added(String tripId, LocalDate day, GtfsRealtime.TripDescriptor d,
                                      GtfsRealtime.TripUpdate u, Instant updated) {
        int n = u.getStopTimeUpdateCount();
        RealtimeTrip r = new RealtimeTrip(tripId, day, RealtimeTrip.ONCE_A_DAY, d.hasRouteId() ? d.getRouteId() : null,
                RealtimeTrip.Relationship.ADDED, new int[n], new String[n], new Integer[n], new Integer[n], new Long[n],
                new Long[n], new RealtimeTrip.StopRelationship[n], null, updated);
        for (int i = 0; i < n; i++) {
            GtfsRealtime.TripUpdate.StopTimeUpdate s = u.getStopTimeUpdate(i);
            r.seqs()[i] = s.hasStopSequence() ? s.getStopSequence() : i;
            r.stopIds()[i] = s.getStopId();
            r.arrivalTime()[i] = s.hasArrival() && s.getArrival().hasTime() ? s.getArrival().getTime() : null;
            r.departureTime()[i] = s.hasDeparture() && s.getDeparture().hasTime() ? s.getDeparture().getTime()
                    : r.arrivalTime()[i];
            r.stopRelationships()[i] = s.getScheduleRelationship()
                    == GtfsRealtime.TripUpdate.StopTimeUpdate.ScheduleRelationship.SKIPPED
                    ? RealtimeTrip.StopRelationship.SKIPPED : RealtimeTrip.StopRelationship.SCHEDULED;
        }
        return r;
    }

    private void storeTrips(Feed feed, ScheduleSnapshot schedule, TripMatch match, boolean full, Instant now) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        if (full) {
            jdbc.sql("DELETE FROM realtime_trip WHERE feed_id = ?").param(feed.id()).update();
        } else if (!match.rows.isEmpty() || !match.deletedTrips.isEmpty()) {
            // an entity deleted by a differential message names its trip by the entity id
            jdbc.sql("""
                            DELETE FROM realtime_trip WHERE feed_id = ? AND (trip_id = ANY(?) OR (trip_id, service_date,
                                start_time) IN (SELECT * FROM unnest(?::text[], ?::date[], ?::int[])))""")
                    .params(feed.id(), match.deletedTrips.toArray(String[]::new),
                            match.rows.stream().map(RealtimeTrip::tripId).toArray(String[]::new),
                            match.rows.stream().map(r -> r.serviceDate().toString()).toArray(String[]::new),
                            match.rows.stream().map(RealtimeTrip::startTime).toArray(Integer[]::new))
                    .update();
        }
        // one row per trip instance: the last update of a trip instance in the message wins
        Map<String, RealtimeTrip> unique = new LinkedHashMap<>();
        match.rows.forEach(r -> unique.put(r.instanceKey(), r));
        try (var copy = new io.regiohub.mobility.schedule.CopyRows(c, "realtime_trip", "feed_id, trip_id, service_date, "
                + "start_time, route_id, relationship, seqs, stop_ids, arrival_delay, departure_delay, arrival_time, departure_time, "
                + "stop_relationships, headsign, updated_at")) {
            for (RealtimeTrip r : unique.values()) {
                copy.raw(feed.id().toString()).text(r.tripId()).raw(r.serviceDate().toString())
                        .raw(String.valueOf(r.startTime())).text(r.routeId())
                        .raw(r.relationship().name()).raw(intArray(r.seqs())).raw(textArray(r.stopIds()))
                        .raw(array(r.arrivalDelay())).raw(array(r.departureDelay())).raw(array(r.arrivalTime()))
                        .raw(array(r.departureTime())).raw(textArray(Arrays.stream(r.stopRelationships())
                                .map(Enum::name).toArray(String[]::new)))
                        .text(r.headsign()).raw(r.updatedAt().toString()).endRow();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing trip updates failed", e);
        }
        announce(feed, schedule, unique.values(), now);
    }

    /** Cancellations and significant delays, announced once per trip instance (the key decides, not a check). */
    private void announce(Feed feed, ScheduleSnapshot schedule, Iterable<RealtimeTrip> trips, Instant now) {
        int threshold = (int) settings.significantDelay().toSeconds();
        List<RealtimeTrip> candidates = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (RealtimeTrip r : trips) {
            if (r.canceled()) {
                candidates.add(r);
                kinds.add("CANCELLED");
            } else if (r.relationship() == RealtimeTrip.Relationship.SCHEDULED && r.maxDelay() >= threshold) {
                candidates.add(r);
                kinds.add("DELAYED");
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> fresh = new HashSet<>(jdbc.sql("""
                        INSERT INTO realtime_announcement (feed_id, trip_id, service_date, start_time, kind, at)
                        SELECT ?, t, d, s, k, ? FROM unnest(?::text[], ?::date[], ?::int[], ?::text[]) AS x(t, d, s, k)
                        ON CONFLICT DO NOTHING RETURNING trip_id, service_date, start_time, kind""")
                .params(feed.id(), Timestamp.from(now), candidates.stream().map(RealtimeTrip::tripId).toArray(String[]::new),
                        candidates.stream().map(r -> r.serviceDate().toString()).toArray(String[]::new),
                        candidates.stream().map(RealtimeTrip::startTime).toArray(Integer[]::new),
                        kinds.toArray(String[]::new))
                .query((rs, n) -> RealtimeTrip.instanceKey(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getInt(3))
                        + "\u0000" + rs.getString(4)).list());
        // the stops of delays stated by stop sequence only, for all announced trips in one query
        List<String> needStops = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            RealtimeTrip r = candidates.get(i);
            if (kinds.get(i).equals("DELAYED") && fresh.contains(r.instanceKey() + "\u0000DELAYED")
                    && r.stopIds()[r.firstDelayedBy(threshold)] == null) {
                needStops.add(r.tripId());
            }
        }
        Map<String, List<Call>> callsOfDelayed = schedules.callsOf(schedule.version(), needStops);
        List<io.regiohub.events.DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            RealtimeTrip r = candidates.get(i);
            if (!fresh.contains(r.instanceKey() + "\u0000" + kinds.get(i))) {
                continue;
            }
            ScheduleSnapshot.Trip trip = schedule.trip(r.tripId());
            String startTime = r.startTime() == RealtimeTrip.ONCE_A_DAY ? null : GtfsTime.format(r.startTime());
            if (kinds.get(i).equals("CANCELLED")) {
                events.add(new TripCancelled(feed.id(), feed.municipality(), r.tripId(), r.routeId(), r.serviceDate(),
                        startTime, trip == null ? null : schedule.instant(r.serviceDate(),
                        r.startTime() == RealtimeTrip.ONCE_A_DAY ? trip.firstDeparture() : r.startTime()), now));
            } else {
                int at = r.firstDelayedBy(threshold);
                String stopId = r.stopIds()[at];
                if (stopId == null) {
                    int seq = r.seqs()[at];
                    stopId = callsOfDelayed.getOrDefault(r.tripId(), List.of()).stream().filter(c -> c.seq() == seq)
                            .map(Call::stopId).findFirst().orElse(null);
                }
                events.add(new TripDelayed(feed.id(), feed.municipality(), r.tripId(), r.routeId(), r.serviceDate(),
                        startTime, stopId, r.maxDelay(), threshold, now));
            }
        }
        outbox.publishAll(events);
    }

    private static String intArray(int[] values) {
        return Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static String array(Object[] values) {
        return Arrays.stream(values).map(v -> v == null ? "NULL" : v.toString()).collect(Collectors.joining(",", "{", "}"));
    }

    private static String textArray(String[] values) {
        return Arrays.stream(values).map(v -> v == null ? "NULL"
                        : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    // ---------------------------------------------------------------------------------------------- alerts

    private int[] storeAlerts(Feed feed, List<GtfsRealtime.FeedEntity> entities, boolean full, Instant now) {
        Set<String> existing = new HashSet<>(jdbc.sql("SELECT alert_id FROM realtime_alert WHERE feed_id = ?")
                .param(feed.id()).query(String.class).list());
        Set<String> present = new HashSet<>();
        int raised = 0;
        int cleared = 0;
        for (GtfsRealtime.FeedEntity e : entities) {
            if (e.getIsDeleted()) {
                if (existing.remove(e.getId())) {
                    clear(feed, e.getId(), "REMOVED_FROM_FEED", now);
                    cleared++;
                }
                continue;
            }
            present.add(e.getId());
            RealtimeAlert alert = alert(e);
            Instant endsAt = null;
            boolean open = alert.periods().isEmpty();
            for (AlertRaised.ActivePeriod p : alert.periods()) {
                open |= p.end() == null;
                endsAt = p.end() != null && (endsAt == null || p.end().isAfter(endsAt)) ? p.end() : endsAt;
            }
            int inserted = jdbc.sql("""
                            INSERT INTO realtime_alert (feed_id, alert_id, cause, effect, header, description, url, entities,
                                periods, ends_at, route_ids, stop_ids, trip_ids, agency_ids, raised_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (feed_id, alert_id) DO UPDATE SET cause = excluded.cause, effect = excluded.effect,
                                header = excluded.header, description = excluded.description, url = excluded.url,
                                entities = excluded.entities, periods = excluded.periods, ends_at = excluded.ends_at,
                                route_ids = excluded.route_ids, stop_ids = excluded.stop_ids, trip_ids = excluded.trip_ids,
                                agency_ids = excluded.agency_ids, updated_at = excluded.updated_at
                            RETURNING (xmax = 0)""")
                    .params(feed.id(), alert.id(), alert.cause(), alert.effect(), alert.header(), alert.description(),
                            alert.url(), json.writeValueAsString(alert.entities()), json.writeValueAsString(alert.periods()),
                            open || endsAt == null ? null : Timestamp.from(endsAt),
                            ids(alert, AlertRaised.InformedEntity::routeId), ids(alert, AlertRaised.InformedEntity::stopId),
                            ids(alert, AlertRaised.InformedEntity::tripId), ids(alert, AlertRaised.InformedEntity::agencyId),
                            Timestamp.from(now), Timestamp.from(now))
                    .query(Boolean.class).single() ? 1 : 0;
            if (inserted == 1) {
                raised++;
                outbox.publish(new AlertRaised(feed.id(), feed.municipality(), alert.id(), alert.cause(), alert.effect(),
                        alert.header(), alert.description(), alert.entities(), alert.periods(), now));
            }
        }
        if (full) {
            for (String gone : existing) {
                if (!present.contains(gone)) {
                    clear(feed, gone, "REMOVED_FROM_FEED", now);
                    cleared++;
                }
            }
        }
        return new int[] {raised, cleared};
    }

    private static String[] ids(RealtimeAlert alert, java.util.function.Function<AlertRaised.InformedEntity, String> id) {
        return alert.entities().stream().map(id).filter(v -> v != null).distinct().toArray(String[]::new);
    }

    void clear(Feed feed, String alertId, String reason, Instant now) {
        jdbc.sql("DELETE FROM realtime_alert WHERE feed_id = ? AND alert_id = ?").params(feed.id(), alertId).update();
        outbox.publish(new AlertCleared(feed.id(), feed.municipality(), alertId, reason, now));
    }

    static RealtimeAlert alert(GtfsRealtime.FeedEntity e) {
        GtfsRealtime.Alert a = e.getAlert();
        List<AlertRaised.InformedEntity> entities = a.getInformedEntityList().stream()
                .map(s -> new AlertRaised.InformedEntity(s.hasAgencyId() ? s.getAgencyId() : null,
                        s.hasRouteId() ? s.getRouteId() : null, s.hasStopId() ? s.getStopId() : null,
                        s.hasTrip() && s.getTrip().hasTripId() ? s.getTrip().getTripId() : null)).toList();
        List<AlertRaised.ActivePeriod> periods = a.getActivePeriodList().stream()
                .map(p -> new AlertRaised.ActivePeriod(p.hasStart() && p.getStart() > 0 ? Instant.ofEpochSecond(p.getStart())
                        : null, p.hasEnd() && p.getEnd() > 0 ? Instant.ofEpochSecond(p.getEnd()) : null)).toList();
        return new RealtimeAlert(e.getId(), a.getCause().name(), a.getEffect().name(), text(a.getHeaderText()),
                text(a.getDescriptionText()), text(a.getUrl()), entities, periods);
    }

    /** The German translation, else one without a language, else the first. */
    static String text(GtfsRealtime.TranslatedString s) {
        if (s == null || s.getTranslationCount() == 0) {
            return null;
        }
        GtfsRealtime.TranslatedString.Translation pick = s.getTranslation(0);
        for (GtfsRealtime.TranslatedString.Translation t : s.getTranslationList()) {
            if ("de".equalsIgnoreCase(t.getLanguage())) {
                return t.getText();
            }
            if (!t.hasLanguage()) {
                pick = t;
            }
        }
        return pick.getText();
    }

    // -------------------------------------------------------------------------------------------- vehicles

    private void storeVehicles(Feed feed, List<GtfsRealtime.FeedEntity> entities, boolean full, Instant feedTime) {
        if (full) {
            jdbc.sql("DELETE FROM realtime_vehicle WHERE feed_id = ?").param(feed.id()).update();
        }
        for (GtfsRealtime.FeedEntity e : entities) {
            GtfsRealtime.VehiclePosition v = e.getVehicle();
            String key = v.hasVehicle() && v.getVehicle().hasId() ? v.getVehicle().getId() : e.getId();
            if (e.getIsDeleted() || !v.hasPosition()) {
                jdbc.sql("DELETE FROM realtime_vehicle WHERE feed_id = ? AND vehicle_key = ?").params(feed.id(), key).update();
                continue;
            }
            jdbc.sql("""
                            INSERT INTO realtime_vehicle (feed_id, vehicle_key, trip_id, route_id, label, lat, lon, bearing,
                                speed, stop_id, status, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (feed_id, vehicle_key) DO UPDATE SET trip_id = excluded.trip_id,
                                route_id = excluded.route_id, label = excluded.label, lat = excluded.lat, lon = excluded.lon,
                                bearing = excluded.bearing, speed = excluded.speed, stop_id = excluded.stop_id,
                                status = excluded.status, observed_at = excluded.observed_at""")
                    .params(feed.id(), key, v.getTrip().hasTripId() ? v.getTrip().getTripId() : null,
                            v.getTrip().hasRouteId() ? v.getTrip().getRouteId() : null,
                            v.getVehicle().hasLabel() ? v.getVehicle().getLabel() : null,
                            (double) v.getPosition().getLatitude(), (double) v.getPosition().getLongitude(),
                            v.getPosition().hasBearing() ? v.getPosition().getBearing() : null,
                            v.getPosition().hasSpeed() ? v.getPosition().getSpeed() : null,
                            v.hasStopId() ? v.getStopId() : null, v.hasCurrentStatus() ? v.getCurrentStatus().name() : null,
                            Timestamp.from(v.hasTimestamp() ? Instant.ofEpochSecond(v.getTimestamp()) : feedTime))
                    .update();
        }
    }

    /** Clears alerts whose last active period ended. */
    public int clearExpired(java.util.function.Function<java.util.UUID, Feed> feeds) {
        Instant now = clock.instant();
        List<Map.Entry<java.util.UUID, String>> expired = jdbc.sql(
                        "SELECT feed_id, alert_id FROM realtime_alert WHERE ends_at < ? LIMIT 500")
                .param(Timestamp.from(now))
                .query((rs, n) -> Map.entry(rs.getObject(1, java.util.UUID.class), rs.getString(2))).list();
        for (Map.Entry<java.util.UUID, String> e : expired) {
            tx.executeWithoutResult(s -> {
                int gone = jdbc.sql("DELETE FROM realtime_alert WHERE feed_id = ? AND alert_id = ? AND ends_at < ?")
                        .params(e.getKey(), e.getValue(), Timestamp.from(now)).update();
                if (gone == 1) {
                    Feed feed = feeds.apply(e.getKey());
                    outbox.publish(new AlertCleared(feed.id(), feed.municipality(), e.getValue(), "EXPIRED", now));
                }
            });
            states.invalidate(e.getKey());
        }
        return expired.size();
    }

    /** When each realtime source of the feed last applied a message, and that message's time. */
    public record Source(String kind, Instant feedTimestamp, Instant appliedAt, int entities) {
    }

    public List<Source> sources(java.util.UUID feedId) {
        return jdbc.sql("SELECT kind, feed_timestamp, applied_at, entities FROM realtime_source WHERE feed_id = ? ORDER BY kind")
                .param(feedId).query((rs, n) -> new Source(rs.getString(1), Rows.instant(rs.getTimestamp(2)),
                        Rows.instant(rs.getTimestamp(3)), rs.getInt(4))).list();
    }

    /** A vehicle as its last position told. */
    public record Vehicle(String vehicleId, String tripId, String routeId, String label, double lat, double lon,
                          Float bearing, Float speed, String stopId, String status, Instant observedAt) {
    }

    public List<Vehicle> vehicles(java.util.UUID feedId) {
        return jdbc.sql("SELECT * FROM realtime_vehicle WHERE feed_id = ? ORDER BY vehicle_key").param(feedId)
                .query((rs, n) -> new Vehicle(rs.getString("vehicle_key"), rs.getString("trip_id"), rs.getString("route_id"),
                        rs.getString("label"), rs.getDouble("lat"), rs.getDouble("lon"), (Float) rs.getObject("bearing"),
                        (Float) rs.getObject("speed"), rs.getString("stop_id"), rs.getString("status"),
                        Rows.instant(rs.getTimestamp("observed_at")))).list();
    }
}
