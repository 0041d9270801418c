package io.regiohub.mobility;

import com.google.transit.realtime.GtfsRealtime.Alert;
import com.google.transit.realtime.GtfsRealtime.EntitySelector;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TimeRange;
import com.google.transit.realtime.GtfsRealtime.TranslatedString;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeEvent;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeUpdate;
import java.time.Instant;
import java.time.LocalDate;

/** GTFS-Realtime messages for tests, built with the bindings' builders. */
public final class Rt {

    private Rt() {
    }

    public static byte[] message(Instant timestamp, FeedEntity... entities) {
        FeedMessage.Builder m = FeedMessage.newBuilder().setHeader(FeedHeader.newBuilder().setGtfsRealtimeVersion("2.0")
                .setIncrementality(FeedHeader.Incrementality.FULL_DATASET).setTimestamp(timestamp.getEpochSecond()));
        for (FeedEntity e : entities) {
            m.addEntity(e);
        }
        return m.build().toByteArray();
    }

    public static TripDescriptor.Builder trip(String tripId, LocalDate startDate) {
        TripDescriptor.Builder t = TripDescriptor.newBuilder().setTripId(tripId);
        return startDate == null ? t : t.setStartDate(Gtfs.date(startDate));
    }

    public static FeedEntity tripUpdate(TripDescriptor.Builder trip, StopTimeUpdate.Builder... updates) {
        TripUpdate.Builder u = TripUpdate.newBuilder().setTrip(trip);
        for (StopTimeUpdate.Builder s : updates) {
            u.addStopTimeUpdate(s);
        }
        return FeedEntity.newBuilder().setId("tu-" + trip.getTripId()).setTripUpdate(u).build();
    }

    public static FeedEntity tripUpdate(TripDescriptor.Builder trip, Instant timestamp, StopTimeUpdate.Builder... updates) {
        FeedEntity e = tripUpdate(trip, updates);
        return e.toBuilder().setTripUpdate(e.getTripUpdate().toBuilder().setTimestamp(timestamp.getEpochSecond())).build();
    }

    public static FeedEntity canceled(String tripId, LocalDate startDate) {
        return canceled(trip(tripId, startDate));
    }

    public static FeedEntity canceled(TripDescriptor.Builder trip) {
        return FeedEntity.newBuilder().setId("tu-" + trip.getTripId()).setTripUpdate(TripUpdate.newBuilder()
                .setTrip(trip.setScheduleRelationship(TripDescriptor.ScheduleRelationship.CANCELED))).build();
    }

    public static StopTimeUpdate.Builder delay(int seq, int seconds) {
        return StopTimeUpdate.newBuilder().setStopSequence(seq)
                .setArrival(StopTimeEvent.newBuilder().setDelay(seconds))
                .setDeparture(StopTimeEvent.newBuilder().setDelay(seconds));
    }

    public static StopTimeUpdate.Builder skipped(int seq) {
        return StopTimeUpdate.newBuilder().setStopSequence(seq)
                .setScheduleRelationship(StopTimeUpdate.ScheduleRelationship.SKIPPED);
    }

    public static StopTimeUpdate.Builder noData(int seq) {
        return StopTimeUpdate.newBuilder().setStopSequence(seq)
                .setScheduleRelationship(StopTimeUpdate.ScheduleRelationship.NO_DATA);
    }

    public static StopTimeUpdate.Builder departsAt(String stopId, Instant time) {
        return StopTimeUpdate.newBuilder().setStopId(stopId)
                .setDeparture(StopTimeEvent.newBuilder().setTime(time.getEpochSecond()));
    }

    public static FeedEntity alert(String id, String routeId, String stopId, Instant start, Instant end, String header) {
        EntitySelector.Builder selector = EntitySelector.newBuilder();
        if (routeId != null) {
            selector.setRouteId(routeId);
        }
        if (stopId != null) {
            selector.setStopId(stopId);
        }
        TimeRange.Builder period = TimeRange.newBuilder();
        if (start != null) {
            period.setStart(start.getEpochSecond());
        }
        if (end != null) {
            period.setEnd(end.getEpochSecond());
        }
        return FeedEntity.newBuilder().setId(id).setAlert(Alert.newBuilder().addInformedEntity(selector)
                .addActivePeriod(period).setCause(Alert.Cause.CONSTRUCTION).setEffect(Alert.Effect.DETOUR)
                .setHeaderText(TranslatedString.newBuilder().addTranslation(
                        TranslatedString.Translation.newBuilder().setText(header).setLanguage("de")))).build();
    }
}
