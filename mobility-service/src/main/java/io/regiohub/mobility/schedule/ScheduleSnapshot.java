package io.regiohub.mobility.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The small, immutable part of one schedule version held in memory for boards and realtime matching:
 * agencies' time zone, routes, trips (with their first and last stop), stops, the service calendar and
 * frequencies. Stop times stay in PostgreSQL and are cached per stop ({@link Schedules}).
 */
public final class ScheduleSnapshot {

    public record Route(String id, String agencyId, String shortName, String longName, int type) {
        public String displayName() {
            return shortName != null ? shortName : longName;
        }
    }

    public record Trip(String id, String routeId, String serviceId, String headsign, String shortName,
                       int firstSeq, int lastSeq, int firstDeparture, int lastArrival, boolean frequencyBased) {
    }

    public record Stop(String id, String code, String name, Double lat, Double lon, int locationType,
                       String parentStation, String platformCode) {
    }

    public record Calendar(int weekdays, LocalDate start, LocalDate end) {
    }

    /** A frequency-based trip runs every {@code headway} seconds from {@code start} until before {@code end}. */
    public record Frequency(int start, int end, int headway, boolean exactTimes) {
    }

    private final long version;
    private final ZoneId zone;
    private final Map<String, Route> routes;
    private final Map<String, Trip> trips;
    private final Map<String, Stop> stops;
    private final Map<String, List<String>> platforms;
    private final Map<String, Calendar> calendars;
    private final Map<String, Map<LocalDate, Integer>> exceptions;
    private final Map<String, List<Frequency>> frequencies;
    private final Map<LocalDate, Set<String>> servicesByDay = new ConcurrentHashMap<>();

    ScheduleSnapshot(long version, ZoneId zone, Map<String, Route> routes, Map<String, Trip> trips, Map<String, Stop> stops,
                     Map<String, List<String>> platforms, Map<String, Calendar> calendars,
                     Map<String, Map<LocalDate, Integer>> exceptions, Map<String, List<Frequency>> frequencies) {
        this.version = version;
        this.zone = zone;
        this.routes = routes;
        this.trips = trips;
        this.stops = stops;
        this.platforms = platforms;
        this.calendars = calendars;
        this.exceptions = exceptions;
        this.frequencies = frequencies;
    }

    public long version() {
        return version;
    }

    public ZoneId zone() {
        return zone;
    }

    public Route route(String id) {
        return routes.get(id);
    }

    public Trip trip(String id) {
        return trips.get(id);
    }

    public Stop stop(String id) {
        return stops.get(id);
    }

    /** The stop itself, and for a station its platforms (whose {@code parent_station} it is). */
    public List<String> stopAndPlatforms(String stopId) {
        List<String> children = platforms.get(stopId);
        if (children == null) {
            return List.of(stopId);
        }
        List<String> all = new java.util.ArrayList<>(children.size() + 1);
        all.add(stopId);
        all.addAll(children);
        return all;
    }

    public List<Frequency> frequencies(String tripId) {
        return frequencies.getOrDefault(tripId, List.of());
    }

    /** The services running on a service day: by calendar.txt, with calendar_dates.txt's additions and removals. */
    public boolean runs(String serviceId, LocalDate day) {
        return servicesOn(day).contains(serviceId);
    }

    public Set<String> servicesOn(LocalDate day) {
        return servicesByDay.computeIfAbsent(day, d -> {
            Set<String> running = new HashSet<>();
            int bit = 1 << (d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
            calendars.forEach((id, c) -> {
                if ((c.weekdays() & bit) != 0 && !d.isBefore(c.start()) && !d.isAfter(c.end())) {
                    running.add(id);
                }
            });
            exceptions.forEach((id, dates) -> {
                Integer type = dates.get(d);
                if (type != null && type == 1) {
                    running.add(id);
                } else if (type != null && type == 2) {
                    running.remove(id);
                }
            });
            return Set.copyOf(running);
        });
    }

    /**
     * The instant a GTFS time of a service day stands for: times count from "noon minus 12h" of the
     * day in the agency's zone, which is midnight except on the days clocks change.
     */
    public Instant instant(LocalDate serviceDay, int seconds) {
        return serviceDayStart(serviceDay).plusSeconds(seconds);
    }

    public Instant serviceDayStart(LocalDate serviceDay) {
        return serviceDay.atTime(LocalTime.NOON).atZone(zone).minusHours(12).toInstant();
    }

    public int tripCount() {
        return trips.size();
    }

    public Iterable<Trip> trips() {
        return trips.values();
    }
}
