package io.regiohub.mobility;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the mobility service ({@code regiohub.mobility.*}), each overridable by environment
 * variable ({@code REGIOHUB_MOBILITY_REALTIME_TTL=2m}).
 *
 * @param imports   schedule imports: the largest GTFS zip accepted, the most it may unpack to, how many
 *                  run at once on an instance, and after how long without a heartbeat a running import
 *                  counts as lost (its instance died) and is failed
 * @param realtime  GTFS-Realtime: data older than {@code ttl} falls back to the schedule (flagged);
 *                  a trip instance delayed by at least {@code significantDelay} is announced once
 * @param fetch     polling of feed URLs: only http/https to the hosts the operator allowed; internal
 *                  addresses (loopback, private, link-local) are refused unless {@code allowInternalAddresses}
 *                  (for a local hub and tests only); failures back off up to {@code maxBackOff}
 * @param boards    departure boards: the longest window a caller may ask for, how often a live board
 *                  (Server-Sent Events) is sent again when nothing changed, and how long a board answer
 *                  may be reused ({@code Cache-Control: public, max-age}; the gateway caches it that long) and
 *                  for how long after that a cache may still answer with it while it fetches a new one
 *                  ({@code stale-while-revalidate}, RFC 5861; zero: never)
 */
@ConfigurationProperties("regiohub.mobility")
public record MobilityProperties(
        @DefaultValue Imports imports,
        @DefaultValue Realtime realtime,
        @DefaultValue Fetch fetch,
        @DefaultValue Boards boards) {

    public record Imports(@DefaultValue("200MB") DataSize maxSize,
                          @DefaultValue("4GB") DataSize maxUnpacked,
                          @DefaultValue("1") int concurrency,
                          @DefaultValue("2m") Duration lostAfter,
                          @DefaultValue("1m") Duration keepReplacedFor) {
    }

    public record Realtime(@DefaultValue("5m") Duration ttl,
                           @DefaultValue("5m") Duration significantDelay,
                           @DefaultValue("16MB") DataSize maxSize) {
    }

    public record Fetch(@DefaultValue List<String> allowedHosts,
                        @DefaultValue("false") boolean allowInternalAddresses,
                        @DefaultValue("10s") Duration timeout,
                        @DefaultValue("1h") Duration maxBackOff,
                        @DefaultValue("5s") Duration checkInterval) {
    }

    public record Boards(@DefaultValue("PT12H") Duration maxWindow,
                         @DefaultValue("30s") Duration liveRefresh,
                         @DefaultValue("5s") Duration maxAge,
                         @DefaultValue("5s") Duration staleWhileRevalidate) {
    }
}
