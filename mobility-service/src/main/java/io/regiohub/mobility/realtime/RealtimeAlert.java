package io.regiohub.mobility.realtime;

import io.regiohub.events.mobility.AlertRaised;
import java.time.Instant;
import java.util.List;

/** A service alert of a feed, as its last Alerts message stated it. */
public record RealtimeAlert(String id, String cause, String effect, String header, String description, String url,
                            List<AlertRaised.InformedEntity> entities, List<AlertRaised.ActivePeriod> periods) {

    /** Active at {@code t}: no periods means always, else within one of them. */
    public boolean activeAt(Instant t) {
        if (periods.isEmpty()) {
            return true;
        }
        for (AlertRaised.ActivePeriod p : periods) {
            if ((p.start() == null || !t.isBefore(p.start())) && (p.end() == null || t.isBefore(p.end()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of its informed entities selects this departure (agency, route, stop, trip, or a combination). */
    public boolean concerns(String agencyId, String routeId, List<String> stopIds, String tripId) {
        for (AlertRaised.InformedEntity e : entities) {
            if ((e.agencyId() == null || e.agencyId().equals(agencyId))
                    && (e.routeId() == null || e.routeId().equals(routeId))
                    && (e.stopId() == null || stopIds.contains(e.stopId()))
                    && (e.tripId() == null || e.tripId().equals(tripId))
                    && !(e.agencyId() == null && e.routeId() == null && e.stopId() == null && e.tripId() == null)) {
                return true;
            }
        }
        return false;
    }
}
