package io.regiohub.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.netty.channel.ChannelOption;
import io.regiohub.gateway.GatewaySettings;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
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

    /**
     * How long connecting to a service may take, set once on the gateway's HTTP client. As the
     * property {@code spring.cloud.gateway.server.webflux.httpclient.connect-timeout} it would be applied
     * to a copy of the client's configuration made for every request (measured: a tenth of the
     * gateway's own work on a proxied request).
     */
    @Bean
    HttpClientCustomizer connectTimeout(GatewaySettings settings) {
        int millis = Math.toIntExact(settings.connectTimeout().toMillis());
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
    }

    static boolean isServiceFailure(Throwable e) {
        return !(e instanceof ResponseStatusException rse && rse.getStatusCode().is4xxClientError());
    }
}
