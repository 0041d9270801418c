package io.regiohub.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.regiohub.gateway.GatewaySettings;
import io.regiohub.gateway.web.GatewayProblems;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker forwards when the service failed, timed out or the circuit is
 * open: 503 Problem Details saying which and when to retry. Reached only by the gateway's internal
 * forward; from outside the path is refused like any unknown one.
 */
@RestController
public class RouteFallback {

    public static final String PATH = "/gateway-fallback";

    private final GatewaySettings settings;

    public RouteFallback(GatewaySettings settings) {
        this.settings = settings;
    }

    @RequestMapping(PATH)
    Mono<Void> fallback(ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? "unknown" : route.getId();
        if (cause instanceof ResponseStatusException rse && rse.getStatusCode().is4xxClientError()) {
            return GatewayProblems.write(exchange, rse.getStatusCode(),
                    rse.getStatusCode().value() == 413 ? "payload-too-large" : "invalid-request",
                    rse.getStatusCode().value() == 413 ? "Payload too large" : "Invalid request",
                    rse.getReason() == null ? "The request was refused" : rse.getReason());
        }
        long retryAfter;
        String type;
        String detail;
        if (cause instanceof CallNotPermittedException) {
            retryAfter = Math.max(1, settings.circuitBreaker().waitInOpenState().toSeconds());
            type = "service-unavailable";
            detail = "The " + routeId + " service failed repeatedly; the gateway stops calling it for "
                    + retryAfter + " s to let it recover";
        } else if (cause instanceof TimeoutException) {
            retryAfter = 1;
            type = "service-timeout";
            detail = "The " + routeId + " service did not answer within " + settings.timeout(routeId).toMillis() + " ms";
        } else {
            retryAfter = 1;
            type = "service-unavailable";
            detail = "The " + routeId + " service is not available";
        }
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
        return GatewayProblems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, type, "Service unavailable", detail,
                Map.of("route", routeId));
    }
}
