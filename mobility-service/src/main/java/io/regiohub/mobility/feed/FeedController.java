package io.regiohub.mobility.feed;

import io.regiohub.mobility.realtime.RealtimeFeeds;
import io.regiohub.mobility.schedule.ScheduleImports;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Feeds of a municipality, their schedule imports and the realtime messages pushed to them. */
@RestController
@RequestMapping("/api/mobility")
public class FeedController {

    private final FeedService feeds;
    private final ScheduleImports imports;
    private final RealtimeFeeds realtime;
    private final TenantAccess access;
    private final io.regiohub.mobility.MobilityProperties properties;

    public FeedController(FeedService feeds, ScheduleImports imports, RealtimeFeeds realtime, TenantAccess access,
                          io.regiohub.mobility.MobilityProperties properties) {
        this.feeds = feeds;
        this.imports = imports;
        this.realtime = realtime;
        this.access = access;
        this.properties = properties;
    }

    /**
     * A feed as the API shows it; its polled sources (whose URLs may carry an operator's key) only to its
     * municipality's client and the programme office.
     */
    public record FeedView(UUID id, String municipality, String name, int pollIntervalSeconds, String timezone,
                           boolean scheduleActive, ScheduleImports.ImportView activeSchedule,
                           List<FeedService.SourceState> sources, List<RealtimeFeeds.Source> realtime,
                           Instant createdAt) {
    }

    private FeedView view(Feed feed) {
        ScheduleImports.ImportView active = feed.activeVersion() == null ? null
                : imports.ofVersion(feed.activeVersion()).orElse(null);
        return new FeedView(feed.id(), feed.municipality(), feed.name(), feed.pollIntervalSeconds(), feed.timezone(),
                feed.activeVersion() != null, active == null ? null : withoutIssues(active),
                feeds.mayReadSources(feed) ? feeds.sourceStates(feed.id()) : null, realtime.sources(feed.id()),
                feed.createdAt());
    }

    private static ScheduleImports.ImportView withoutIssues(ScheduleImports.ImportView v) {
        return new ScheduleImports.ImportView(v.id(), v.feedId(), v.status(), v.progress(), v.source(), v.sizeBytes(),
                v.counts(), List.of(), List.of(), v.startedAt(), v.finishedAt());
    }

    /** Registers a feed (a retry with the same name and sources returns the first registration). */
    @PostMapping("/municipalities/{ags}/feeds")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    public ResponseEntity<FeedView> register(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                             @Valid @RequestBody RegisterFeed request) {
        FeedService.Registered r = feeds.register(ags, request);
        FeedView view = view(r.feed());
        URI location = URI.create("/api/mobility/feeds/" + r.feed().id());
        return r.created() ? ResponseEntity.created(location).body(view) : ResponseEntity.ok().location(location).body(view);
    }

    /** Published content: a municipality's feeds. */
    @GetMapping("/municipalities/{ags}/feeds")
    @HubAccess(published = true)
    public List<FeedView> ofMunicipality(@PathVariable("ags") @ValidMunicipalityKey String ags) {
        return feeds.ofMunicipality(ags).stream().map(this::view).toList();
    }

    /** Published content: a feed, its serving schedule and the state of its realtime data. */
    @GetMapping("/feeds/{feedId}")
    @HubAccess(published = true)
    public FeedView feed(@PathVariable("feedId") UUID feedId) {
        return view(feeds.get(feedId));
    }

    /**
     * Imports a GTFS zip (the request body) as the feed's next schedule: 202 with the import, whose
     * status {@code GET /api/mobility/imports/{id}} shows; the serving schedule changes only if it succeeds.
     */
    @PostMapping("/feeds/{feedId}/schedule") // the body is the zip, whatever Content-Type a client sends with it
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ResponseEntity<ScheduleImports.ImportView> importSchedule(@PathVariable("feedId") UUID feedId,
                                                                     HttpServletRequest request) throws IOException {
        Feed feed = feeds.owned(feedId);
        ScheduleImports.ImportView started;
        try (InputStream body = request.getInputStream()) {
            started = imports.start(feed, body, "UPLOAD");
        }
        return ResponseEntity.accepted().location(URI.create("/api/mobility/imports/" + started.id())).body(started);
    }

    /** An import's status, progress, counts, and its errors and warnings with file and line. */
    @GetMapping("/imports/{importId}")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public ScheduleImports.ImportView importStatus(@PathVariable("importId") UUID importId) {
        access.requireReadAccess(imports.municipalityOf(importId));
        return imports.find(importId).orElseThrow(() -> HubProblem.notFound("import", importId));
    }

    @GetMapping("/feeds/{feedId}/imports")
    @HubAccess(roles = {HubRoles.MUNICIPALITY, HubRoles.PROGRAM_OFFICE})
    public List<ScheduleImports.ImportView> imports(@PathVariable("feedId") UUID feedId,
                                                    @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(200)
                                                    int limit) {
        access.requireReadAccess(feeds.get(feedId).municipality());
        return imports.ofFeed(feedId, limit);
    }

    /**
     * Applies a binary GTFS-Realtime {@code FeedMessage} (trip updates, alerts, vehicle positions) to the
     * feed, as polling does with what it fetches. An undecodable message is refused whole (422). {@code kind}
     * says which feed an empty FULL_DATASET empties (an empty alerts feed clears the alerts).
     */
    @PostMapping("/feeds/{feedId}/realtime") // the body is the protobuf message, whatever its Content-Type
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public RealtimeFeeds.Applied pushRealtime(@PathVariable("feedId") UUID feedId,
                                              @RequestParam(name = "kind", required = false) FeedSourceKind kind,
                                              HttpServletRequest request) throws IOException {
        Feed feed = feeds.owned(feedId);
        long max = properties.realtime().maxSize().toBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            throw new HubProblem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content too large",
                    "a GTFS-Realtime message may have at most " + max + " bytes",
                    List.of(new HubProblem.FieldError("body", "larger than " + max + " bytes")));
        }
        if (kind == FeedSourceKind.SCHEDULE) {
            throw HubProblem.invalidField("kind", "is TRIP_UPDATES, ALERTS or VEHICLE_POSITIONS");
        }
        return realtime.apply(feed, RealtimeFeeds.decode(body), kind);
    }

    /** Published content: the feed's vehicles as their last positions told. */
    @GetMapping("/feeds/{feedId}/vehicles")
    @HubAccess(published = true)
    public List<RealtimeFeeds.Vehicle> vehicles(@PathVariable("feedId") UUID feedId) {
        feeds.get(feedId);
        return realtime.vehicles(feedId);
    }
}
