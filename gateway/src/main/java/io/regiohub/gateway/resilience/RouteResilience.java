package io.regiohub.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.regiohub.gateway.GatewaySettings;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.ResponseStatusException;

/**
 * One Resilience4j circuit breaker and time limiter per route (the {@code CircuitBreaker} default
 * filter names each after its route): the time limit is {@code regiohub.gateway.route-timeouts.<route>}
 * or the default; errors, time-outs and 502/503/504 answers count as failures, a client's own
 * mistakes (a body too large) do not.
 */
@Configuration(proxyBeanMethods = false)
public class RouteResilience {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> routeCircuitBreakers(GatewaySettings settings) {
        GatewaySettings.CircuitBreaker cb = settings.circuitBreaker();
        return factory -> factory.configureDefault(routeId -> new Resilience4JConfigBuilder(routeId)
                .timeLimiterConfig(TimeLimiterConfig.custom()
                        .timeoutDuration(settings.timeout(routeId))
                        .cancelRunningFuture(true)
                        .build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(cb.slidingWindowSize())
                        .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                        .failureRateThreshold(cb.failureRateThreshold())
                        .waitDurationInOpenState(cb.waitInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .recordException(RouteResilience::isServiceFailure)
                        .build())
                .build());
    }

    static boolean isServiceFailure(Throwable e) {
        return !(e instanceof ResponseStatusException rse && rse.getStatusCode().is4xxClientError());
    }
}
