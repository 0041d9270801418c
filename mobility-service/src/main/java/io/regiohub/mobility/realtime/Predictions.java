package io.regiohub.mobility.realtime;

/**
 * Delay propagation along a trip as the GTFS-Realtime specification defines it, for one stop of the
 * trip (by stop sequence):
 * <ul>
 *   <li>the stop's own update gives its delay (the departure's, else the arrival's);</li>
 *   <li>a stop without an update takes the delay of the nearest earlier update that has one;</li>
 *   <li>{@code SKIPPED} marks only that stop; delays propagate over it;</li>
 *   <li>{@code NO_DATA} means no realtime information from that stop on, until a later update has some;</li>
 *   <li>stops before the first update have no prediction (propagation runs forward only);</li>
 *   <li>a {@code CANCELED} trip is cancelled at every stop.</li>
 * </ul>
 */
public final class Predictions {

    /** {@code realtime}: a prediction applies; then {@code delay} (seconds) unless the stop is skipped or the trip cancelled. */
    public record Prediction(boolean realtime, Integer delay, boolean skipped, boolean canceled) {
        static final Prediction NONE = new Prediction(false, null, false, false);
    }

    private Predictions() {
    }

    public static Prediction at(RealtimeTrip trip, int seq) {
        if (trip == null) {
            return Prediction.NONE;
        }
        if (trip.canceled()) {
            return new Prediction(true, null, false, true);
        }
        Integer delay = null;
        boolean seen = false;
        boolean skipped = false;
        for (int i = 0; i < trip.size() && trip.seqs()[i] <= seq; i++) {
            boolean here = trip.seqs()[i] == seq;
            // at the stop itself and after it: the departure's delay, else the arrival's
            switch (trip.stopRelationships()[i]) {
                case NO_DATA -> {
                    delay = null;
                    seen = false;
                }
                case SKIPPED -> {
                    if (here) {
                        skipped = true;
                    }
                }
                case SCHEDULED -> {
                    Integer d = trip.departureDelay()[i] != null ? trip.departureDelay()[i] : trip.arrivalDelay()[i];
                    if (d != null) {
                        delay = d;
                        seen = true;
                    }
                }
            }
        }
        if (skipped) {
            return new Prediction(true, null, true, false);
        }
        return seen ? new Prediction(true, delay, false, false) : Prediction.NONE;
    }
}
