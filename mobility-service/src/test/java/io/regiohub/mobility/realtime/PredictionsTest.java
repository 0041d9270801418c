package io.regiohub.mobility.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.mobility.realtime.RealtimeTrip.StopRelationship;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The GTFS-Realtime propagation rules, stop by stop. */
class PredictionsTest {

    private static RealtimeTrip trip(int[] seqs, Integer[] arrival, Integer[] departure, StopRelationship[] rel) {
        return new RealtimeTrip("t", LocalDate.of(2026, 6, 1), RealtimeTrip.ONCE_A_DAY, "r", RealtimeTrip.Relationship.SCHEDULED, seqs,
                new String[seqs.length], arrival, departure, new Long[seqs.length], new Long[seqs.length], rel, null,
                Instant.now());
    }

    @Test
    void theDepartureDelayWinsAtItsStopAndPropagatesForward() {
        RealtimeTrip t = trip(new int[] {3, 8}, new Integer[] {5, 1}, new Integer[] {60, null},
                new StopRelationship[] {StopRelationship.SCHEDULED, StopRelationship.SCHEDULED});
        assertThat(Predictions.at(t, 1).realtime()).isFalse();
        assertThat(Predictions.at(t, 3).delay()).isEqualTo(60);
        assertThat(Predictions.at(t, 5).delay()).isEqualTo(60);
        assertThat(Predictions.at(t, 8).delay()).as("only an arrival: its delay").isEqualTo(1);
        assertThat(Predictions.at(t, 20).delay()).isEqualTo(1);
    }

    @Test
    void skippedIsOnlyItsStopAndNoDataStopsPropagationUntilTheNextUpdate() {
        RealtimeTrip t = trip(new int[] {1, 2, 4, 6}, new Integer[] {30, null, null, 90}, new Integer[] {30, null, null, 90},
                new StopRelationship[] {StopRelationship.SCHEDULED, StopRelationship.SKIPPED, StopRelationship.NO_DATA,
                        StopRelationship.SCHEDULED});
        assertThat(Predictions.at(t, 2).skipped()).isTrue();
        assertThat(Predictions.at(t, 3).delay()).as("over the skipped stop").isEqualTo(30);
        assertThat(Predictions.at(t, 4).realtime()).isFalse();
        assertThat(Predictions.at(t, 5).realtime()).isFalse();
        assertThat(Predictions.at(t, 6).delay()).isEqualTo(90);
    }

    @Test
    void aCancelledTripIsCancelledEverywhere() {
        RealtimeTrip t = new RealtimeTrip("t", LocalDate.of(2026, 6, 1), RealtimeTrip.ONCE_A_DAY, "r", RealtimeTrip.Relationship.CANCELED,
                new int[0], new String[0], new Integer[0], new Integer[0], new Long[0], new Long[0],
                new StopRelationship[0], null, Instant.now());
        assertThat(Predictions.at(t, 1).canceled()).isTrue();
        assertThat(Predictions.at(null, 1).realtime()).isFalse();
    }
}
