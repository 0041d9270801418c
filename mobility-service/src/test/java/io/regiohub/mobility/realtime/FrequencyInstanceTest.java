package io.regiohub.mobility.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.mobility.schedule.ScheduleSnapshot.Frequency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a frequency-based trip's instances a GTFS-Realtime start_time names. */
class FrequencyInstanceTest {

    private static final int H = 3600;

    @Test
    void exactTimesNeedOneOfTheInstancesExactly() {
        List<Frequency> f = List.of(new Frequency(6 * H, 8 * H, 1200, true));
        assertThat(RealtimeFeeds.frequencyInstance(f, 6 * H)).isEqualTo(6 * H);
        assertThat(RealtimeFeeds.frequencyInstance(f, 7 * H + 40 * 60)).as("the last one").isEqualTo(7 * H + 40 * 60);
        assertThat(RealtimeFeeds.frequencyInstance(f, 6 * H + 60)).isEqualTo(RealtimeTrip.ONCE_A_DAY);
        assertThat(RealtimeFeeds.frequencyInstance(f, 8 * H)).as("end_time is exclusive").isEqualTo(RealtimeTrip.ONCE_A_DAY);
    }

    @Test
    void withoutExactTimesTheNearestInstanceWithinHalfAHeadwayIsNamed() {
        List<Frequency> f = List.of(new Frequency(6 * H, 8 * H - 1, 1800, false), new Frequency(8 * H, 10 * H, 600, false));
        assertThat(RealtimeFeeds.frequencyInstance(f, 6 * H + 14 * 60)).isEqualTo(6 * H);
        assertThat(RealtimeFeeds.frequencyInstance(f, 6 * H + 16 * 60)).isEqualTo(6 * H + 1800);
        assertThat(RealtimeFeeds.frequencyInstance(f, 5 * H + 50 * 60)).as("early first vehicle").isEqualTo(6 * H);
        assertThat(RealtimeFeeds.frequencyInstance(f, 8 * H + 2 * 60)).as("the denser period's").isEqualTo(8 * H);
        assertThat(RealtimeFeeds.frequencyInstance(f, 25 * H + 120)).as("past midnight of the service day, far off")
                .isEqualTo(RealtimeTrip.ONCE_A_DAY);
        assertThat(RealtimeFeeds.frequencyInstance(List.of(), 6 * H)).isEqualTo(RealtimeTrip.ONCE_A_DAY);
    }
}
