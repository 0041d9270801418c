package io.regiohub.mobility.hotspot;

import io.regiohub.mobility.board.Coordinates;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.mobility.feed.FeedService;
import io.regiohub.mobility.schedule.ScheduleSnapshot;
import io.regiohub.mobility.schedule.Schedules;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.SingleLine;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Wi-Fi hotspots: recorded and switched by their municipality, found by anyone near a point. */
@RestController
@RequestMapping("/api/mobility")
public class HotspotController {

    private final Hotspots hotspots;
    private final MunichWifiImport munich;
    private final FeedService feeds;
    private final Schedules schedules;
    private final TenantAccess access;

    public HotspotController(Hotspots hotspots, MunichWifiImport munich, FeedService feeds, Schedules schedules,
                             TenantAccess access) {
        this.hotspots = hotspots;
        this.munich = munich;
        this.feeds = feeds;
        this.schedules = schedules;
        this.access = access;
    }

    /**
     * A hotspot to record: at a stop of one of the municipality's feeds ({@code feedId}, {@code stopId}; its
     * coordinates are the stop's unless given) or at {@code lat}/{@code lon}; optionally the participation
     * proposal it implements.
     */
    public record RecordHotspot(@NotBlank @Size(max = 200) @SingleLine String name,
                                @NotBlank @Size(max = 32) @SingleLine String ssid,
                                @Size(max = 200) @SingleLine String operator,
                                Hotspots.Status status,
                                @DecimalMin("-90") @DecimalMax("90") Double lat,
                                @DecimalMin("-180") @DecimalMax("180") Double lon,
                                UUID feedId,
                                @Size(max = 255) String stopId,
                                UUID proposalId,
                                @Min(0) @Max(10_000) Integer accessPoints) {
    }

    @PostMapping("/municipalities/{ags}/hotspots")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    public ResponseEntity<Hotspots.Hotspot> record(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                                   @RequestHeader(name = "Idempotency-Key", required = false)
                                                   @Size(min = 8, max = 128) String idempotencyKey,
                                                   @Valid @RequestBody RecordHotspot body) {
        Double lat = body.lat();
        Double lon = body.lon();
        if ((body.feedId() == null) != (body.stopId() == null)) {
            throw HubProblem.invalidField(body.feedId() == null ? "feedId" : "stopId",
                    "a stop is named by both feedId and stopId");
        }
        if (body.feedId() != null) {
            Feed feed = feeds.find(body.feedId())
                    .orElseThrow(() -> HubProblem.invalidField("feedId", "no feed " + body.feedId()));
            if (!feed.municipality().equals(ags)) {
                throw HubProblem.invalidField("feedId", "is not a feed of municipality " + ags);
            }
            ScheduleSnapshot.Stop stop = feed.activeVersion() == null ? null
                    : schedules.snapshot(feed.activeVersion()).stop(body.stopId());
            if (stop == null) {
                throw HubProblem.invalidField("stopId", "'" + body.stopId() + "' is not a stop of the feed's schedule");
            }
            lat = lat != null ? lat : stop.lat();
            lon = lon != null ? lon : stop.lon();
        }
        if (lat == null || lon == null) {
            throw HubProblem.invalidField(lat == null ? "lat" : "lon", "is required unless the hotspot is at a stop");
        }
        Hotspots.Recorded r = hotspots.create(ags, new Hotspots.NewHotspot(body.name().strip(), body.ssid().strip(),
                body.operator(), body.status() == null ? Hotspots.Status.PLANNED : body.status(), lat, lon, body.feedId(),
                body.stopId(), body.proposalId(), body.accessPoints(), null, "API",
                idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey));
        URI location = URI.create("/api/mobility/hotspots/" + r.hotspot().id());
        return r.created() ? ResponseEntity.created(location).body(r.hotspot())
                : ResponseEntity.ok().location(location).body(r.hotspot());
    }

    public record StatusChange(@NotNull Hotspots.Status status, @Size(max = 1000) @SingleLine String reason) {
    }

    /** The municipality switches a hotspot: {@code ACTIVE} (announced, with its proposal) or {@code DOWN}. */
    @PutMapping("/hotspots/{id}/status")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public Hotspots.Hotspot status(@PathVariable("id") UUID id, @Valid @RequestBody StatusChange body) {
        access.requireOwnMunicipality(hotspots.get(id).municipality());
        return hotspots.changeStatus(id, body.status(), body.reason());
    }

    @GetMapping("/hotspots/{id}")
    @HubAccess(published = true)
    public Hotspots.Hotspot hotspot(@PathVariable("id") UUID id) {
        return hotspots.get(id);
    }

    /** Published content: hotspots within {@code radius} metres (at most 50 km) of {@code near=lat,lon}. */
    @GetMapping("/hotspots")
    @HubAccess(published = true)
    public List<Hotspots.Nearby> near(@RequestParam(name = "near") String near,
                                      @RequestParam(name = "radius", defaultValue = "500") @Min(1) @Max(50_000) double radius,
                                      @RequestParam(name = "limit", defaultValue = "100") @Min(1) @Max(1_000) int limit) {
        double[] p = Coordinates.parse("near", near);
        return hotspots.near(p[0], p[1], radius, limit);
    }

    @GetMapping("/municipalities/{ags}/hotspots")
    @HubAccess(published = true)
    public List<Hotspots.Hotspot> ofMunicipality(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                                 @RequestParam(name = "limit", defaultValue = "500") @Min(1) @Max(5_000)
                                                 int limit) {
        return hotspots.ofMunicipality(ags, limit);
    }

    /**
     * Imports a municipality's open-data list of Wi-Fi locations in the City of Munich's format
     * ({@code typ}, {@code ort}, {@code adresse}, {@code anzahl}, {@code latitude}, {@code longitude}) as
     * {@code ACTIVE} hotspots with the given SSID and operator; importing the list again updates, never
     * duplicates. All or nothing: one invalid entry refuses the list, naming it.
     */
    @PostMapping("/municipalities/{ags}/hotspots/imports/muc-wlan")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    public MunichWifiImport.Result importMunich(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                                @RequestParam(name = "ssid") @NotBlank @Size(max = 32) String ssid,
                                                @RequestParam(name = "operator", required = false) @Size(max = 200)
                                                String operator,
                                                @RequestBody @Size(max = 50_000) List<MunichWifiImport.@Valid Location> body) {
        return munich.importList(ags, ssid.strip(), operator, body);
    }
}
