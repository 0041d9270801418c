package io.regiohub.mobility.board;

import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.mobility.feed.FeedService;
import io.regiohub.mobility.hotspot.Hotspots;
import io.regiohub.mobility.realtime.Predictions;
import io.regiohub.mobility.realtime.RealtimeAlert;
import io.regiohub.mobility.realtime.RealtimeStates;
import io.regiohub.mobility.realtime.RealtimeTrip;
import io.regiohub.mobility.schedule.ScheduleSnapshot;
import io.regiohub.mobility.schedule.Schedules;
import io.regiohub.mobility.schedule.Schedules.Call;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Departure boards of a stop: the schedule's departures in a window (calendar and calendar dates,
 * frequency-based trips, times past midnight and daylight-saving days counted from "noon minus 12h"
 * of each service day in the agency's zone), with realtime predictions where they apply and are fresh,
 * added trips, the alerts that concern each departure, and the Wi-Fi at the stop. Served from memory
 * (schedule snapshot, calls per stop, realtime state): a board asks PostgreSQL nothing once warm.
 */
@Service
public class DepartureBoards {

    /** Departures whose prediction is up to this much later than scheduled are still found. */
    private static final Duration LOOKBACK = Duration.ofHours(2);

    public record AlertRef(String id, String effect, String header) {
        static AlertRef of(RealtimeAlert a) {
            return new AlertRef(a.id(), a.effect(), a.header());
        }
    }

    public record Departure(String tripId, String routeId, String routeShortName, String headsign, String stopId,
                            String platform, LocalDate serviceDate, OffsetDateTime scheduledDeparture,
                            OffsetDateTime predictedDeparture, Integer delaySeconds, boolean realtime,
                            boolean realtimeExpired, boolean canceled, boolean skipped, boolean added,
                            boolean frequencyBased, List<AlertRef> alerts) {
    }

    public record StopView(String id, String name, Double lat, Double lon, String parentStation) {
        static StopView of(ScheduleSnapshot.Stop s) {
            return new StopView(s.id(), s.name(), s.lat(), s.lon(), s.parentStation());
        }
    }

    public record Alert(String id, String cause, String effect, String header, String description, String url) {
        static Alert of(RealtimeAlert a) {
            return new Alert(a.id(), a.cause(), a.effect(), a.header(), a.description(), a.url());
        }
    }

    public record Board(UUID feedId, StopView stop, OffsetDateTime at, Duration window, String timezone,
                        List<Departure> departures, List<Alert> alerts, List<Hotspots.WifiAtStop> wifi,
                        OffsetDateTime generatedAt, Duration realtimeTtl) {
    }

    private final FeedService feeds;
    private final Schedules schedules;
    private final RealtimeStates realtime;
    private final Hotspots hotspots;
    private final MobilityProperties properties;
    private final Clock clock;

    public DepartureBoards(FeedService feeds, Schedules schedules, RealtimeStates realtime, Hotspots hotspots,
                           MobilityProperties properties, Clock clock) {
        this.feeds = feeds;
        this.schedules = schedules;
        this.realtime = realtime;
        this.hotspots = hotspots;
        this.properties = properties;
        this.clock = clock;
    }

    public Board board(UUID feedId, String stopId, Instant at, Duration window) {
        Feed feed = feeds.recent(feedId);
        if (feed.activeVersion() == null) {
            throw new HubProblem(HttpStatus.NOT_FOUND, "no-schedule", "No schedule",
                    "feed " + feedId + " has no schedule yet", List.of());
        }
        if (window.isNegative() || window.isZero() || window.compareTo(properties.boards().maxWindow()) > 0) {
            throw HubProblem.invalidField("window", "must be a positive duration of at most "
                    + properties.boards().maxWindow());
        }
        ScheduleSnapshot snap = schedules.snapshot(feed.activeVersion());
        ScheduleSnapshot.Stop stop = snap.stop(stopId);
        if (stop == null) {
            throw HubProblem.notFound("stop", stopId + " of feed " + feedId);
        }
        List<String> stopIds = snap.stopAndPlatforms(stopId);
        ZoneId zone = snap.zone();
        Instant now = clock.instant();
        Instant end = at.plus(window);
        Instant from = at.minus(LOOKBACK);
        Instant freshAfter = now.minus(properties.realtime().ttl());
        RealtimeStates.State state = realtime.of(feedId);

        List<Departure> departures = new ArrayList<>();
        LocalDate firstDay = from.atZone(zone).toLocalDate().minusDays(2);
        LocalDate lastDay = end.atZone(zone).toLocalDate();
        for (String sid : stopIds) {
            Schedules.StopCalls stopCalls = schedules.callsAt(snap.version(), sid);
            List<Call> calls = stopCalls.byDeparture();
            for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
                Instant base = snap.serviceDayStart(day);
                long lo = from.getEpochSecond() - base.getEpochSecond();
                long hi = end.getEpochSecond() - base.getEpochSecond();
                if (hi < 0) {
                    continue;
                }
                Set<String> services = snap.servicesOn(day);
                if (services.isEmpty()) {
                    continue;
                }
                for (int i = firstAtOrAfter(calls, lo); i < calls.size() && calls.get(i).departure() <= hi; i++) {
                    Call call = calls.get(i);
                    ScheduleSnapshot.Trip trip = snap.trip(call.tripId());
                    if (trip == null || !services.contains(trip.serviceId())
                            || call.seq() == trip.lastSeq() || call.pickupType() == 1) {
                        continue;
                    }
                    departure(snap, state, trip, call, day, base.plusSeconds(call.departure()), at, end, freshAfter,
                            zone, stopIds, RealtimeTrip.ONCE_A_DAY, departures);
                }
                for (Call call : stopCalls.frequencyTemplates()) {
                    ScheduleSnapshot.Trip trip = snap.trip(call.tripId());
                    if (trip == null || !services.contains(trip.serviceId())
                            || call.seq() == trip.lastSeq() || call.pickupType() == 1) {
                        continue;
                    }
                    int offset = call.departure() - trip.firstDeparture();
                    for (ScheduleSnapshot.Frequency f : snap.frequencies(trip.id())) {
                        for (int start = f.start(); start < f.end(); start += f.headway()) {
                            int dep = start + offset;
                            if (dep >= lo && dep <= hi) {
                                departure(snap, state, trip, call, day, base.plusSeconds(dep), at, end, freshAfter, zone,
                                        stopIds, start, departures);
                            }
                        }
                    }
                }
            }
            for (RealtimeTrip t : state.addedByStop().getOrDefault(sid, List.of())) {
                added(snap, t, sid, at, end, freshAfter, zone, stopIds, state, departures);
            }
        }
        departures.sort(Comparator.comparing((Departure d) -> d.predictedDeparture() != null ? d.predictedDeparture()
                : d.scheduledDeparture()).thenComparing(Departure::tripId));
        List<Alert> stopAlerts = state.alerts().stream()
                .filter(a -> a.activeAt(now.isAfter(at) ? now : at) && a.concerns(null, null, stopIds, null))
                .map(Alert::of).toList();
        return new Board(feedId, StopView.of(stop), at.atZone(zone).toOffsetDateTime(), window, zone.getId(), departures,
                stopAlerts, hotspots.atStop(feedId, stopIds, stop.lat(), stop.lon()), now.atZone(zone).toOffsetDateTime(),
                properties.realtime().ttl());
    }

    private static int firstAtOrAfter(List<Call> calls, long departure) {
        int lo = 0;
        int hi = calls.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (calls.get(mid).departure() < departure) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void departure(ScheduleSnapshot snap, RealtimeStates.State state, ScheduleSnapshot.Trip trip, Call call,
                           LocalDate day, Instant scheduled, Instant at, Instant end, Instant freshAfter, ZoneId zone,
                           List<String> stopIds, int startTime, List<Departure> out) {
        boolean frequencyBased = startTime != RealtimeTrip.ONCE_A_DAY;
        RealtimeTrip rt = state.trip(trip.id(), day, startTime);
        boolean expired = rt != null && rt.updatedAt().isBefore(freshAfter);
        Predictions.Prediction p = Predictions.at(expired ? null : rt, call.seq());
        Instant predicted = p.realtime() && p.delay() != null ? scheduled.plusSeconds(p.delay()) : null;
        Instant effective = predicted != null ? predicted : scheduled;
        if (effective.isBefore(at) || effective.isAfter(end)) {
            return;
        }
        ScheduleSnapshot.Route route = snap.route(trip.routeId());
        ScheduleSnapshot.Stop stop = snap.stop(call.stopId());
        List<AlertRef> alerts = new ArrayList<>();
        for (RealtimeAlert a : state.alerts()) {
            if (a.activeAt(effective) && a.concerns(route == null ? null : route.agencyId(), trip.routeId(), stopIds,
                    trip.id())) {
                alerts.add(AlertRef.of(a));
            }
        }
        out.add(new Departure(trip.id(), trip.routeId(), route == null ? null : route.displayName(),
                call.headsign() != null ? call.headsign() : trip.headsign(), call.stopId(),
                stop == null ? null : stop.platformCode(), day, scheduled.atZone(zone).toOffsetDateTime(),
                predicted == null ? null : predicted.atZone(zone).toOffsetDateTime(), p.realtime() ? p.delay() : null,
                p.realtime(), expired, p.canceled(), p.skipped(), false, frequencyBased, alerts));
    }

    private void added(ScheduleSnapshot snap, RealtimeTrip t, String stopId, Instant at, Instant end, Instant freshAfter,
                       ZoneId zone, List<String> stopIds, RealtimeStates.State state, List<Departure> out) {
        if (t.updatedAt().isBefore(freshAfter)) {
            return;
        }
        for (int i = 0; i < t.size() - 1; i++) {
            if (!stopId.equals(t.stopIds()[i]) || t.departureTime()[i] == null) {
                continue;
            }
            Instant time = Instant.ofEpochSecond(t.departureTime()[i]);
            if (time.isBefore(at) || time.isAfter(end)) {
                continue;
            }
            ScheduleSnapshot.Route route = t.routeId() == null ? null : snap.route(t.routeId());
            List<AlertRef> alerts = state.alerts().stream().filter(a -> a.activeAt(time)
                    && a.concerns(route == null ? null : route.agencyId(), t.routeId(), stopIds, t.tripId()))
                    .map(AlertRef::of).toList();
            boolean skipped = t.stopRelationships()[i] == RealtimeTrip.StopRelationship.SKIPPED;
            out.add(new Departure(t.tripId(), t.routeId(), route == null ? null : route.displayName(), t.headsign(), stopId,
                    null, t.serviceDate(), null, time.atZone(zone).toOffsetDateTime(), null, true, false, false, skipped,
                    true, false, alerts));
        }
    }
}
