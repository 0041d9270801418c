package io.regiohub.mobility.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.mobility.MobilityProperties;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What the service may fetch, with production's settings: the operator's hosts, never an internal address. */
class UrlGuardTest {

    private static UrlGuard guard(List<String> allowed) {
        return new UrlGuard(new MobilityProperties(
                new MobilityProperties.Imports(DataSize.ofMegabytes(200), DataSize.ofGigabytes(4), 1, Duration.ofMinutes(2),
                        Duration.ofMinutes(1)),
                new MobilityProperties.Realtime(Duration.ofMinutes(5), Duration.ofMinutes(5), DataSize.ofMegabytes(16)),
                new MobilityProperties.Fetch(allowed, false, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(5)),
                new MobilityProperties.Boards(Duration.ofHours(12), Duration.ofSeconds(30), Duration.ofSeconds(5),
                        Duration.ofSeconds(5))));
    }

    @Test
    void onlyHttpUrlsOfAllowedHostsWithoutCredentials() {
        UrlGuard guard = guard(List.of("localhost", "*.internal.example"));
        assertThat(guard.refusal("ftp://localhost/feed.zip")).hasValueSatisfying(r -> assertThat(r).contains("http"));
        assertThat(guard.refusal("file:///etc/passwd")).hasValueSatisfying(r -> assertThat(r).contains("http"));
        assertThat(guard.refusal("https://user:secret@localhost/x")).hasValueSatisfying(r -> assertThat(r).contains("credentials"));
        assertThat(guard.refusal("https://evil.example/x")).hasValueSatisfying(r -> assertThat(r).contains("not among"));
        assertThat(guard.refusal("not a url at all")).isPresent();
    }

    @Test
    void anAllowedHostThatResolvesInternallyIsStillRefused() {
        UrlGuard guard = guard(List.of("localhost", "127.0.0.1", "169.254.169.254", "10.1.2.3"));
        assertThat(guard.refusal("http://localhost:8080/gtfs.zip")).hasValueSatisfying(r -> assertThat(r).contains("internal"));
        assertThat(guard.refusal("http://127.0.0.1/x")).hasValueSatisfying(r -> assertThat(r).contains("internal"));
        assertThat(guard.refusal("http://169.254.169.254/latest/meta-data")).hasValueSatisfying(r -> assertThat(r).contains("internal"));
        assertThat(guard.refusal("http://10.1.2.3/x")).hasValueSatisfying(r -> assertThat(r).contains("internal"));
    }

    @Test
    void internalRangesAreRecognised() throws Exception {
        for (String internal : List.of("127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fd00::1", "fe80::1")) {
            assertThat(UrlGuard.internal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("8.8.8.8", "193.99.144.80", "2a00:1450:4001:80b::200e")) {
            assertThat(UrlGuard.internal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void failuresBackOffExponentiallyUpToTheLimit() {
        assertThat(FeedPoller.backOff(30, 1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(FeedPoller.backOff(30, 3, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(240));
        assertThat(FeedPoller.backOff(30, 12, Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }
}
