package io.regiohub.mobility.board;

import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.mobility.feed.FeedService;
import io.regiohub.mobility.realtime.RealtimeStates;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.web.HubProblem;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Published content: departure boards, live boards, stops and alerts of a feed. */
@RestController
@RequestMapping("/api/mobility")
public class BoardController {

    private final DepartureBoards boards;
    private final LiveBoards live;
    private final StopSearch stops;
    private final FeedService feeds;
    private final RealtimeStates realtime;
    private final Clock clock;
    private final MobilityProperties properties;

    public BoardController(DepartureBoards boards, LiveBoards live, StopSearch stops, FeedService feeds,
                           RealtimeStates realtime, Clock clock, MobilityProperties properties) {
        this.properties = properties;
        this.boards = boards;
        this.live = live;
        this.stops = stops;
        this.feeds = feeds;
        this.realtime = realtime;
        this.clock = clock;
    }

    /**
     * The departures at a stop (a station includes its platforms) from {@code at} (ISO-8601 instant or
     * date-time with offset; default now) for {@code window} (ISO-8601 duration; default PT1H).
     */
    @GetMapping("/feeds/{feedId}/stops/{stopId}/departures")
    @HubAccess(published = true)
    public ResponseEntity<DepartureBoards.Board> departures(@PathVariable("feedId") UUID feedId,
                                                           @PathVariable("stopId") String stopId,
                                                           @RequestParam(name = "at", required = false) String at,
                                                           @RequestParam(name = "window", required = false) String window) {
        return fresh(boards.board(feedId, stopId, instant(at), duration(window)));
    }

    /**
     * A board is fresh for {@code boards.max-age} (5 s): displays and the gateway's cache may reuse it that
     * long, and {@code boards.stale-while-revalidate} (5 s) longer while one request fetches the next; realtime
     * feeds change it every 15–30 s at most.
     */
    private ResponseEntity<DepartureBoards.Board> fresh(DepartureBoards.Board board) {
        CacheControl cache = CacheControl.maxAge(properties.boards().maxAge()).cachePublic();
        if (properties.boards().staleWhileRevalidate().isPositive()) {
            cache = cache.staleWhileRevalidate(properties.boards().staleWhileRevalidate());
        }
        return ResponseEntity.ok().cacheControl(cache).body(board);
    }

    /**
     * The same board with the stop as a query parameter: GTFS allows any character in ids, and an id with a
     * slash cannot travel in a path (the gateway's firewall refuses encoded slashes).
     */
    @GetMapping("/feeds/{feedId}/departures")
    @HubAccess(published = true)
    public ResponseEntity<DepartureBoards.Board> departuresOf(@PathVariable("feedId") UUID feedId,
                                                             @RequestParam(name = "stop") @Size(min = 1, max = 255)
                                                             String stopId,
                                                             @RequestParam(name = "at", required = false) String at,
                                                             @RequestParam(name = "window", required = false) String window) {
        return fresh(boards.board(feedId, stopId, instant(at), duration(window)));
    }

    /** The same board, live: Server-Sent Events named {@code board}, sent again whenever it may have changed. */
    @GetMapping(path = "/feeds/{feedId}/stops/{stopId}/departures/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @HubAccess(published = true)
    public SseEmitter liveDepartures(@PathVariable("feedId") UUID feedId, @PathVariable("stopId") String stopId,
                                     @RequestParam(name = "window", required = false) String window) {
        return live.subscribe(feedId, stopId, duration(window));
    }

    /** Stops by name (each word a prefix) and/or within {@code radius} metres of {@code near=lat,lon}. */
    @GetMapping("/feeds/{feedId}/stops")
    @HubAccess(published = true)
    public List<StopSearch.FoundStop> stops(@PathVariable("feedId") UUID feedId,
                                            @RequestParam(name = "q", required = false) @Size(min = 1, max = 200) String q,
                                            @RequestParam(name = "near", required = false) String near,
                                            @RequestParam(name = "radius", defaultValue = "500") @Min(1) @Max(50_000)
                                            double radius,
                                            @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(200) int limit) {
        Feed feed = feeds.get(feedId);
        if (q == null && near == null) {
            throw HubProblem.invalidField("q", "give a name to search (q) or a point (near=lat,lon), or both");
        }
        if (feed.activeVersion() == null) {
            return List.of();
        }
        double[] point = near == null ? null : Coordinates.parse("near", near);
        return stops.search(feed.activeVersion(), q, point == null ? null : point[0], point == null ? null : point[1],
                radius, limit);
    }

    /** The feed's alerts as its last Alerts message stated them. */
    @GetMapping("/feeds/{feedId}/alerts")
    @HubAccess(published = true)
    public List<DepartureBoards.Alert> alerts(@PathVariable("feedId") UUID feedId) {
        feeds.get(feedId);
        return realtime.of(feedId).alerts().stream().map(DepartureBoards.Alert::of).toList();
    }

    private Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw HubProblem.invalidField("at", "'" + at + "' is not an ISO-8601 date-time with offset, e.g. "
                    + "2026-11-26T08:00:00+01:00 or 2026-11-26T07:00:00Z");
        }
    }

    private static Duration duration(String window) {
        if (window == null || window.isBlank()) {
            return Duration.ofHours(1);
        }
        try {
            return Duration.parse(window);
        } catch (DateTimeParseException e) {
            throw HubProblem.invalidField("window", "'" + window + "' is not an ISO-8601 duration, e.g. PT1H or PT30M");
        }
    }
}
