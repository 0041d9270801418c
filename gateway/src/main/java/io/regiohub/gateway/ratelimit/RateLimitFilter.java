package io.regiohub.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.regiohub.gateway.security.GatewayGuard;
import io.regiohub.gateway.security.UnknownTokenLimit;
import io.regiohub.gateway.web.GatewayProblems;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One token bucket per client (the token's {@code sub}, i.e. the client id) and, for anonymous
 * callers, per remote address. A request finding its bucket empty gets 429 Problem Details with
 * {@code Retry-After} (whole seconds until a token is back) and never reaches a service. Runs after
 * authentication, so a forged token cannot spend another client's budget. Before that, each token
 * the gateway has not validated yet costs its caller's address one request of a bucket kept for such
 * checks ({@code token-checks}, {@link UnknownTokenLimit}): forged or expired tokens cannot make the
 * gateway check signatures without limit, and a valid one pays once, when it is first seen.
 */
public final class RateLimitFilter implements WebFilter, Ordered, UnknownTokenLimit {

    /** Right after {@link GatewayGuard} (order -100): the caller is known by then. */
    public static final int ORDER = -99;

    /** A scheduler per event loop, for {@link #onThisLoop}: a handful, made once each. */
    private static final Map<EventExecutor, Scheduler> LOOPS = new ConcurrentHashMap<>();

    private final RateLimitSettings settings;
    private final ClientBuckets buckets;
    private final Counter rejected;

    public RateLimitFilter(RateLimitSettings settings, ClientBuckets buckets, MeterRegistry meters) {
        this.settings = settings;
        this.buckets = buckets;
        this.rejected = Counter.builder("regiohub.gateway.rate-limit.rejected")
                .description("requests refused with 429 because the client's bucket was empty")
                .register(meters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator/health")) {
            return chain.filter(exchange); // probes of the platform are never limited
        }
        JwtAuthenticationToken client = GatewayGuard.caller(exchange);
        Caller caller = client == null ? anonymous(exchange)
                : new Caller("client:" + client.getName(), client.getName(), settings.forClient(client.getName()));
        return spend(exchange, caller, probe -> allowed(exchange, chain, probe));
    }

    @Override
    public Mono<Void> check(ServerWebExchange exchange, Supplier<Mono<Void>> check) {
        String address = address(exchange);
        // a bucket of its own: public reads and token requests do not spend it
        Caller caller = new Caller("token-checks:" + address, "unknown tokens from " + address, settings.tokenChecks());
        return spend(exchange, caller, probe -> check.get());
    }

    /** One request from the caller's bucket: on to {@code allowed}, or 429 when the bucket is empty. */
    private Mono<Void> spend(ServerWebExchange exchange, Caller caller, Function<ConsumptionProbe, Mono<Void>> allowed) {
        ConsumptionProbe now = buckets.tryConsumeNow(caller.key(), caller.limit());
        if (now != null) {
            return now.isConsumed() ? allowed.apply(now) : tooMany(exchange, caller, now);
        }
        return onThisLoop(buckets.tryConsume(caller.key(), caller.limit()))
                .flatMap(probe -> probe.isConsumed() ? allowed.apply(probe) : tooMany(exchange, caller, probe));
    }

    /**
     * The bucket's answer handed back to the event loop this request arrived on. Redis answers on its
     * client's own threads (and a Redis time-out on Reactor's timer): without this the rest of the
     * request, the proxying included, would run there, taking its connection to the service from the
     * gateway's shared pool instead of the loop's own ({@code EventLoopConnections}) and contending
     * with the Redis client's I/O. Unchanged when this is no event loop.
     */
    static <T> Mono<T> onThisLoop(Mono<T> answer) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop == null ? answer : answer.publishOn(LOOPS.computeIfAbsent(loop, Schedulers::fromExecutor));
    }

    private Caller anonymous(ServerWebExchange exchange) {
        String address = address(exchange);
        return new Caller("address:" + address, "anonymous caller " + address, settings.anonymous());
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private Mono<Void> allowed(ServerWebExchange exchange, WebFilterChain chain, ConsumptionProbe probe) {
        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        return chain.filter(exchange);
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Caller caller, ConsumptionProbe probe) {
        rejected.increment();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", "0");
        return GatewayProblems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                caller.name() + " exceeded " + caller.limit().requestsPerSecond() + " requests per second (burst "
                        + caller.limit().burst() + "); retry after " + seconds + " s",
                Map.of("retryAfterSeconds", seconds));
    }

    private record Caller(String key, String name, RateLimitSettings.Limit limit) {
    }
}
