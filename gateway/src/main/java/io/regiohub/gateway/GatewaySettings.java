package io.regiohub.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings ({@code regiohub.gateway.*}); the routes themselves are Spring Cloud
 * Gateway's ({@code spring.cloud.gateway.server.webflux.routes}).
 *
 * @param publicGet          GET paths (patterns) that serve published content: open without a token
 * @param defaultTimeout     how long a route's service may take to answer before the gateway gives up (time limiter)
 * @param routeTimeouts      per-route time limits, by route id
 * @param maxRequestSize     the largest request body accepted
 * @param routeMaxRequestSizes per-route body limits, by route id (GTFS uploads are larger than JSON)
 * @param circuitBreaker     when a route's circuit opens and how long it stays open
 * @param cors               which browser origins may call the API
 */
@ConfigurationProperties("regiohub.gateway")
public record GatewaySettings(
        @DefaultValue List<String> publicGet,
        @DefaultValue("5s") Duration defaultTimeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue Map<String, Duration> routeTimeouts,
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue Map<String, DataSize> routeMaxRequestSizes,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Cors cors) {

    public Duration timeout(String routeId) {
        return routeTimeouts.getOrDefault(routeId, defaultTimeout);
    }

    public DataSize maxRequestSize(String routeId) {
        return routeId == null ? maxRequestSize : routeMaxRequestSizes.getOrDefault(routeId, maxRequestSize);
    }

    /**
     * @param failureRateThreshold percentage of failed calls (errors, time-outs, 502/503/504) that opens the circuit
     * @param slidingWindowSize    how many recent calls the rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitInOpenState      how long an open circuit refuses calls before letting probes through
     * @param permittedCallsInHalfOpenState probes that decide whether the circuit closes again
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("10s") Duration waitInOpenState,
            @DefaultValue("3") int permittedCallsInHalfOpenState) {
    }

    /** @param allowedOriginPatterns origins (patterns such as {@code https://*.kassel.de}); empty: no cross-origin calls */
    public record Cors(@DefaultValue List<String> allowedOriginPatterns, @DefaultValue("1h") Duration maxAge) {
    }
}
