package io.regiohub.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client token buckets ({@code regiohub.gateway.rate-limit.*}).
 *
 * @param enabled      off only for measurements that must exclude it
 * @param defaults     every authenticated client's bucket, unless {@code clients} names it
 * @param anonymous    the bucket of each anonymous caller's address (public reads, the token endpoint)
 * @param tokenChecks  the bucket of each address for checking bearer tokens the gateway has not seen yet
 *                     (a forged or expired token never reaches a client's bucket); an office whose many
 *                     portals share one address and fetch new tokens together may need more
 * @param clients      overrides by client id (the token's {@code sub})
 * @param redisUrl     {@code redis://host:port}: buckets shared by all gateway instances; empty: in memory, per instance
 * @param redisTimeout how long a bucket check may wait for Redis before the local bucket decides
 */
@ConfigurationProperties("regiohub.gateway.rate-limit")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Limit defaults,
        @DefaultValue({"20", "40"}) Limit anonymous,
        @DefaultValue({"20", "40"}) Limit tokenChecks,
        @DefaultValue Map<String, Limit> clients,
        String redisUrl,
        @DefaultValue("100ms") Duration redisTimeout) {

    public Limit forClient(String clientId) {
        return clients.getOrDefault(clientId, defaults);
    }

    /**
     * A token bucket: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     */
    public record Limit(@DefaultValue("100") long requestsPerSecond, @DefaultValue("200") long burst) {
    }
}
