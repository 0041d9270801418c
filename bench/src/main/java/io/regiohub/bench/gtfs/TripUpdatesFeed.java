package io.regiohub.bench.gtfs;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeEvent;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeUpdate;
import io.regiohub.bench.gtfs.RegionalFeed.Summary;
import io.regiohub.bench.gtfs.RegionalFeed.TripSketch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A full-dataset GTFS-Realtime TripUpdates message for a {@link RegionalFeed}: distinct trips of the feed that run
 * on the service day, most of them delayed at one to three stops (by stop_sequence, departure delays of -60 to
 * 900 s, most under 300 s), about 2 % canceled, about 3 % with one skipped stop. The same arguments give the same
 * bytes.
 */
public final class TripUpdatesFeed {

    private TripUpdatesFeed() {
    }

    /**
     * Builds the message.
     *
     * @param s the feed's summary (its trip sketches are the trips to choose from)
     * @param seed the seed of {@link Random}
     * @param trips how many TripUpdate entities, each of another trip
     * @param serviceDate the service day: only trips whose service runs on it, and their start_date
     * @param timestamp the header's timestamp
     * @throws IllegalArgumentException if fewer sketched trips run on the day
     */
    public static byte[] build(Summary s, long seed, int trips, LocalDate serviceDate, Instant timestamp) {
        Set<String> services = s.servicesOn(serviceDate);
        List<TripSketch> running = new ArrayList<>();
        for (TripSketch t : s.tripSketches()) {
            if (services.contains(t.serviceId())) {
                running.add(t);
            }
        }
        if (trips < 0 || trips > running.size()) {
            throw new IllegalArgumentException("asked for " + trips + " trips, but only " + running.size()
                    + " of the summary's trips run on " + serviceDate);
        }
        Random rnd = new Random(seed);
        int[] order = new int[running.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int j = 0; j < trips; j++) {
            int pick = j + rnd.nextInt(order.length - j);
            int tmp = order[j];
            order[j] = order[pick];
            order[pick] = tmp;
        }
        int[] chosen = Arrays.copyOf(order, trips);
        Arrays.sort(chosen);

        long now = timestamp.getEpochSecond();
        String startDate = serviceDate.format(DateTimeFormatter.BASIC_ISO_DATE);
        FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(FeedHeader.newBuilder()
                .setGtfsRealtimeVersion("2.0")
                .setIncrementality(FeedHeader.Incrementality.FULL_DATASET)
                .setTimestamp(now));
        for (int e = 0; e < trips; e++) {
            TripSketch t = running.get(chosen[e]);
            int roll = rnd.nextInt(100);
            boolean canceled = roll < 2;
            boolean skip = roll >= 2 && roll < 5;
            TripUpdate.Builder update = TripUpdate.newBuilder()
                    .setTrip(TripDescriptor.newBuilder()
                            .setTripId(t.tripId())
                            .setRouteId(t.routeId())
                            .setStartDate(startDate)
                            .setScheduleRelationship(canceled ? TripDescriptor.ScheduleRelationship.CANCELED
                                    : TripDescriptor.ScheduleRelationship.SCHEDULED))
                    .setTimestamp(now - rnd.nextInt(120));
            if (!canceled) {
                addStopTimeUpdates(update, t.stopSequences(), skip, rnd);
            }
            feed.addEntity(FeedEntity.newBuilder().setId("tu-" + (e + 1)).setTripUpdate(update));
        }
        return feed.build().toByteArray();
    }

    /** One to three updates in stop_sequence order; when skipping, one of two or three is the skipped stop. */
    private static void addStopTimeUpdates(TripUpdate.Builder update, int[] sequences, boolean skip, Random rnd) {
        int count = Math.min(sequences.length, skip ? 2 + rnd.nextInt(2) : 1 + rnd.nextInt(3));
        int[] positions = new int[count];
        int found = 0;
        while (found < count) {
            int p = rnd.nextInt(sequences.length);
            boolean taken = false;
            for (int i = 0; i < found; i++) {
                taken |= positions[i] == p;
            }
            if (!taken) {
                positions[found++] = p;
            }
        }
        Arrays.sort(positions);
        int skipped = skip ? rnd.nextInt(count) : -1;
        int delay = rnd.nextInt(100) < 85 ? -60 + rnd.nextInt(360) : 300 + rnd.nextInt(601);
        for (int i = 0; i < count; i++) {
            StopTimeUpdate.Builder stu = StopTimeUpdate.newBuilder().setStopSequence(sequences[positions[i]]);
            if (i == skipped) {
                stu.setScheduleRelationship(StopTimeUpdate.ScheduleRelationship.SKIPPED);
            } else {
                stu.setDeparture(StopTimeEvent.newBuilder().setDelay(delay));
                delay = Math.max(-60, Math.min(900, delay + rnd.nextInt(121) - 60));
            }
            update.addStopTimeUpdate(stu);
        }
    }
}
