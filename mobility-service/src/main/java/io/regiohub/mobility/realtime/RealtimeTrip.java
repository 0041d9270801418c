package io.regiohub.mobility.realtime;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The realtime state of one trip instance (trip and service day) as its last TripUpdate told it, with
 * every stop-time update resolved to a stop sequence and turned into delays (absolute times of
 * scheduled trips become delays against the schedule when applied). {@code null} entries: not given.
 * An added trip ({@code ADDED}) is not in the schedule and keeps its stops' absolute times.
 * {@code startTime}: of an instance of a frequency-based trip, the start of the schedule's instance it was
 * matched to (seconds from "noon minus 12h" of the service day, as GTFS times count); {@link #ONCE_A_DAY}
 * for every other trip.
 */
public record RealtimeTrip(String tripId, LocalDate serviceDate, int startTime, String routeId, Relationship relationship,
                           int[] seqs, String[] stopIds, Integer[] arrivalDelay, Integer[] departureDelay,
                           Long[] arrivalTime, Long[] departureTime, StopRelationship[] stopRelationships,
                           String headsign, Instant updatedAt) {

    /** The start time of a trip that is not frequency-based: its service day alone names the instance. */
    public static final int ONCE_A_DAY = -1;

    public enum Relationship { SCHEDULED, CANCELED, ADDED }

    public enum StopRelationship { SCHEDULED, SKIPPED, NO_DATA }

    /** The key of a trip instance: a trip on a service day, and of a frequency-based trip its start time. */
    public static String instanceKey(String tripId, LocalDate serviceDate, int startTime) {
        return tripId + "\u0000" + serviceDate + "\u0000" + startTime;
    }

    public String instanceKey() {
        return instanceKey(tripId, serviceDate, startTime);
    }

    public int size() {
        return seqs.length;
    }

    public boolean canceled() {
        return relationship == Relationship.CANCELED;
    }

    /** The largest delay any of its updates states, for the significant-delay announcement. */
    public int maxDelay() {
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < seqs.length; i++) {
            if (departureDelay[i] != null) {
                max = Math.max(max, departureDelay[i]);
            }
            if (arrivalDelay[i] != null) {
                max = Math.max(max, arrivalDelay[i]);
            }
        }
        return max;
    }

    /** The position of the first update stating at least {@code delay}, or -1. */
    public int firstDelayedBy(int delay) {
        for (int i = 0; i < seqs.length; i++) {
            if ((departureDelay[i] != null && departureDelay[i] >= delay)
                    || (arrivalDelay[i] != null && arrivalDelay[i] >= delay)) {
                return i;
            }
        }
        return -1;
    }
}
