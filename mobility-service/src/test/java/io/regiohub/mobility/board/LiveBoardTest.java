package io.regiohub.mobility.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.mobility.Rt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A live board (Server-Sent Events) is sent at once and again when realtime data of its feed is applied. */
class LiveBoardTest extends MobilityApiTest {

    @Test
    void aLiveBoardFollowsRealtimeData() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        UUID feed = feedWith(unique("Live"), Gtfs.zip(Gtfs.town(today.minusDays(1), today.plusDays(1))));
        List<String> events = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/mobility/feeds/" + feed
                + "/stops/de%3A06412%3AA/departures/live?window=PT24H")).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAccept(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            r.body().filter(line -> line.startsWith("data:")).forEach(events::add);
        });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 1 || reading.isDone());
            assertThat(reading).as("the stream stays open").isNotDone();
            assertThat(events.getFirst()).contains("\"tripId\"").doesNotContain("\"canceled\":true");

            var pushed = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf",
                    // whatever the time of day, a 24-hour board holds one of these
                    Rt.message(Instant.now(), Rt.canceled("T1", today), Rt.canceled("T1", today.plusDays(1)),
                            Rt.canceled("T 2", today.minusDays(1)), Rt.canceled("T 2", today)));
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.contains("\"canceled\":true")));
        } finally {
            reading.cancel(true);
            response.cancel(true);
        }
    }

    @Test
    void aLiveBoardOfAnUnknownStopIsA404NotAStream() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        UUID feed = feedWith(unique("Live 404"), Gtfs.zip(Gtfs.town(today, today)));
        var r = anonymous.get("/api/mobility/feeds/" + feed + "/stops/nowhere/departures/live");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
}
