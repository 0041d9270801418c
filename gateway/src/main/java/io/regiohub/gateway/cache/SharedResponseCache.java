package io.regiohub.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A route's GET answers kept as an HTTP shared cache keeps them (RFC 9111), with the two things
 * Spring Cloud Gateway's {@code LocalResponseCache} lacks for departure boards read thousands of
 * times a second:
 *
 * <ul>
 *   <li><b>One request per missing answer.</b> When an answer is missing or expired, one request
 *       goes to the service; the requests for the same URL that arrive meanwhile wait for its
 *       answer instead of each going to the service. Measured before: every 5 s, when a hundred
 *       boards expired together, a few hundred requests went to mobility-service at once and the
 *       boards' p99 through the gateway was 190–760 ms (docs/performance.md).</li>
 *   <li><b>{@code stale-while-revalidate} (RFC 5861), in the background.</b> Once an answer is
 *       stale but within the window the service allows, every request is answered with the stale
 *       copy at once, and the first of them also starts a refresh: the same request routed once more
 *       through the rest of the route's filters (circuit breaker, time limiter, retry, metrics) into
 *       a {@link DetachedResponse} that nobody waits for, whose answer replaces the copy. At most
 *       {@code maxRevalidations} refreshes of a route run at a time; a copy whose refresh must wait
 *       is served stale meanwhile. Measured on the boards: with refreshes in the foreground, the one
 *       request in a hundred that refreshed a board paid the service's latency, and that was the
 *       p99; with a hundred refreshes at once (copies stored together go stale together) they took
 *       the cores from everything else every 5 s.</li>
 * </ul>
 *
 * <p>What is stored: only 200 answers to GET with {@code max-age} or {@code s-maxage} (less the
 * answer's {@code Age}); never {@code no-store}, {@code no-cache}, {@code private}, {@code Vary: *}
 * or an answer setting a cookie; an answer to a request with {@code Authorization} only when the
 * service marked it {@code public}, {@code s-maxage} or {@code must-revalidate} (RFC 9111 §3.5).
 * Only the service's headers are kept: what the gateway had put on the response before routing
 * (correlation id, rate-limit headers) belongs to that exchange and is never replayed to another.
 * A copy carries {@code Age}. A {@code Vary} header keeps the request's values of the named headers
 * with the copy, and a request with other values does not use it. Requests saying
 * {@code Cache-Control: no-cache} (or {@code Pragma: no-cache}) go to the service and store its
 * answer; {@code no-store} go to the service and store nothing.
 *
 * <p>Order -4, as {@code LocalResponseCache}: after the guard and the rate limit (web filters, so a
 * copy is never served to a caller who may not read the route, and counts against its limit),
 * before the circuit breaker and the writer of proxied answers, which a copy does not need.
 * Counted in {@code gateway.response.cache.requests} by route and outcome.
 */
final class SharedResponseCache implements GatewayFilter, Ordered {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedResponseCache.class);

    static final int ORDER = -4;

    enum Outcome {
        /** a fresh copy */
        HIT,
        /** a stale copy, while a refresh runs or waits for its turn */
        STALE,
        /** a stale copy, and this request started its refresh in the background */
        REFRESH,
        /** waited for the answer of a concurrent request */
        SHARED,
        /** went to the service */
        MISS,
        /** went to the service because the request said so, or was no GET */
        BYPASS
    }

    private final Cache<String, Entry> entries;
    private final Map<String, CompletableFuture<Optional<Entry>>> inFlight = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final int maxRevalidations;
    private final AtomicInteger revalidations = new AtomicInteger();

    SharedResponseCache(long maxBytes, int maxRevalidations, LongSupplier clock, MeterRegistry meters, String route) {
        this.clock = clock;
        this.maxRevalidations = maxRevalidations;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry e) -> e.body().length + 2 * key.length() + 512)
                .expireAfter(Expiry.writing((String key, Entry e) -> Duration.ofNanos(Math.max(0, e.staleUntil() - e.storedAt()))))
                .ticker(clock::getAsLong)
                .executor(Runnable::run)
                .build();
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("gateway.response.cache.requests")
                    .description("Requests of a route with a shared response cache, by how they were answered")
                    .tag("route", route).tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters));
        }
    }

    /** A stored answer and the request header values it was stored for (its {@code Vary}). */
    record Entry(HttpStatusCode status, HttpHeaders headers, byte[] body, Map<String, List<String>> vary,
                 long initialAgeSeconds, long storedAt, long freshUntil, long staleUntil, AtomicBoolean revalidating) {

        Entry withBody(byte[] bytes) {
            return new Entry(status, headers, bytes, vary, initialAgeSeconds, storedAt, freshUntil, staleUntil,
                    new AtomicBoolean());
        }

        boolean suits(ServerHttpRequest request) {
            for (Map.Entry<String, List<String>> v : vary.entrySet()) {
                if (!request.getHeaders().getOrEmpty(v.getKey()).equals(v.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.GET) {
            return count(Outcome.BYPASS, chain.filter(exchange));
        }
        Directives asked = Directives.of(request.getHeaders().get(HttpHeaders.CACHE_CONTROL));
        if (asked.noStore()) {
            return count(Outcome.BYPASS, chain.filter(exchange));
        }
        String key = key(request);
        if (asked.noCache() || request.getHeaders().getOrEmpty(HttpHeaders.PRAGMA).contains("no-cache")) {
            return count(Outcome.BYPASS, fetch(exchange, chain, key, null));
        }
        long now = clock.getAsLong();
        Entry entry = entries.getIfPresent(key);
        if (entry != null && entry.suits(request)) {
            if (now < entry.freshUntil()) {
                return count(Outcome.HIT, serve(exchange, entry, now));
            }
            if (now < entry.staleUntil()) {
                if (startRevalidation(entry)) {
                    refreshInBackground(exchange, chain, key, entry);
                    return count(Outcome.REFRESH, serve(exchange, entry, now));
                }
                return count(Outcome.STALE, serve(exchange, entry, now));
            }
        }
        CompletableFuture<Optional<Entry>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Entry>> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            // the answer of the request already on its way; if it could not be stored, this one asks itself
            return Mono.fromFuture(leader, true).flatMap(answer -> answer.filter(e -> e.suits(request))
                    .map(e -> count(Outcome.SHARED, serve(exchange, e, clock.getAsLong())))
                    .orElseGet(() -> count(Outcome.MISS, chain.filter(exchange))));
        }
        return count(Outcome.MISS, fetch(exchange, chain, key, mine).doFinally(signal -> {
            inFlight.remove(key, mine);
            mine.complete(Optional.empty());
        }));
    }

    /**
     * Routes the request once more, as nobody's answer: a GET without a body, into a response of its
     * own, so the caller's exchange (answered with the stale copy meanwhile) is never touched.
     */
    private void refreshInBackground(ServerWebExchange exchange, GatewayFilterChain chain, String key, Entry stale) {
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.empty();
            }
        };
        ServerWebExchange refresh = exchange.mutate().request(request)
                .response(new DetachedResponse(exchange.getResponse().bufferFactory())).build();
        fetch(refresh, chain, key, null)
                .doFinally(signal -> {
                    revalidations.decrementAndGet();
                    stale.revalidating().set(false);
                })
                .subscribe(null, failure -> LOG.debug("refreshing {} failed: {}", key, failure.toString()));
    }

    /** This request refreshes the stale copy: nobody else is, and fewer than {@code maxRevalidations} run. */
    private boolean startRevalidation(Entry entry) {
        if (!entry.revalidating().compareAndSet(false, true)) {
            return false;
        }
        if (revalidations.incrementAndGet() > maxRevalidations) {
            revalidations.decrementAndGet();
            entry.revalidating().set(false);
            return false;
        }
        return true;
    }

    private Mono<Void> count(Outcome outcome, Mono<Void> answer) {
        counters.get(outcome).increment();
        return answer;
    }

    static String key(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        String path = request.getURI().getRawPath();
        return query == null ? path : path + '?' + query;
    }

    /** Routes the request and stores the answer where it may be stored; {@code waiting} learns what was stored. */
    private Mono<Void> fetch(ServerWebExchange exchange, GatewayFilterChain chain, String key,
                             CompletableFuture<Optional<Entry>> waiting) {
        ServerHttpResponse response = exchange.getResponse();
        Set<String> gateways = new HashSet<>();
        response.getHeaders().headerNames().forEach(name -> gateways.add(name.toLowerCase(Locale.ROOT)));
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponseDecorator capturing = new ServerHttpResponseDecorator(response) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                Entry template = storable(request, getDelegate(), gateways);
                if (template == null) {
                    return super.writeWith(body);
                }
                return DataBufferUtils.join(body)
                        .map(joined -> {
                            byte[] bytes = new byte[joined.readableByteCount()];
                            joined.read(bytes);
                            DataBufferUtils.release(joined);
                            return bytes;
                        })
                        .defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> {
                            Entry stored = template.withBody(bytes);
                            entries.put(key, stored);
                            if (waiting != null) {
                                waiting.complete(Optional.of(stored));
                            }
                            return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
                        });
            }
        };
        return chain.filter(exchange.mutate().response(capturing).build());
    }

    /** The entry this answer would make (body still empty), or null where it may not be stored. */
    private Entry storable(ServerHttpRequest request, ServerHttpResponse response, Set<String> gateways) {
        HttpStatusCode status = response.getStatusCode();
        HttpHeaders headers = response.getHeaders();
        if (status == null || status.value() != 200 || headers.containsHeader(HttpHeaders.SET_COOKIE)) {
            return null;
        }
        Directives said = Directives.of(headers.get(HttpHeaders.CACHE_CONTROL));
        Long lifetime = said.sMaxAge() != null ? said.sMaxAge() : said.maxAge();
        if (said.noStore() || said.noCache() || said.isPrivate() || lifetime == null) {
            return null;
        }
        if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                && !(said.isPublic() || said.sMaxAge() != null || said.mustRevalidate())) {
            return null;
        }
        Map<String, List<String>> vary = new java.util.LinkedHashMap<>();
        for (String value : headers.getOrEmpty(HttpHeaders.VARY)) {
            for (String name : value.split(",")) {
                String n = name.trim();
                if (n.equals("*")) {
                    return null;
                }
                if (!n.isEmpty()) {
                    vary.put(n, List.copyOf(request.getHeaders().getOrEmpty(n)));
                }
            }
        }
        long age = 0;
        try {
            String given = headers.getFirst(HttpHeaders.AGE);
            age = given == null ? 0 : Math.max(0, Long.parseLong(given.trim()));
        } catch (NumberFormatException e) {
            age = 0;
        }
        long fresh = lifetime - age;
        long stale = said.mustRevalidate() ? 0 : said.staleWhileRevalidate(); // must-revalidate: never served stale
        if (fresh <= 0 && stale <= 0) {
            return null;
        }
        HttpHeaders kept = new HttpHeaders();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!gateways.contains(lower) && !NOT_KEPT.contains(lower)) {
                kept.put(name, new ArrayList<>(values));
            }
        });
        long now = clock.getAsLong();
        long freshUntil = now + TimeUnit.SECONDS.toNanos(Math.max(0, fresh));
        return new Entry(status, HttpHeaders.readOnlyHttpHeaders(kept), new byte[0], vary, age, now, freshUntil,
                freshUntil + TimeUnit.SECONDS.toNanos(stale), new AtomicBoolean());
    }

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones a copy gets anew. */
    private static final Set<String> NOT_KEPT = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "content-length", "age");

    private Mono<Void> serve(ServerWebExchange exchange, Entry entry, long now) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(entry.status());
        HttpHeaders headers = response.getHeaders();
        entry.headers().forEach((name, values) -> {
            if (!headers.containsHeader(name)) {
                headers.put(name, values);
            }
        });
        headers.set(HttpHeaders.AGE, String.valueOf(entry.initialAgeSeconds()
                + TimeUnit.NANOSECONDS.toSeconds(Math.max(0, now - entry.storedAt()))));
        headers.setContentLength(entry.body().length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(entry.body())));
    }

    /** The Cache-Control directives this cache acts on. */
    record Directives(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic, boolean mustRevalidate,
                      Long maxAge, Long sMaxAge, long staleWhileRevalidate) {

        static Directives of(List<String> values) {
            boolean noStore = false;
            boolean noCache = false;
            boolean isPrivate = false;
            boolean isPublic = false;
            boolean mustRevalidate = false;
            Long maxAge = null;
            Long sMaxAge = null;
            long swr = 0;
            for (String value : values == null ? List.<String>of() : values) {
                for (String directive : value.split(",")) {
                    String d = directive.trim();
                    int eq = d.indexOf('=');
                    String name = (eq < 0 ? d : d.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                    String argument = eq < 0 ? null : d.substring(eq + 1).trim().replace("\"", "");
                    switch (name) {
                        case "no-store" -> noStore = true;
                        case "no-cache" -> noCache = true;
                        case "private" -> isPrivate = true;
                        case "public" -> isPublic = true;
                        case "must-revalidate", "proxy-revalidate" -> mustRevalidate = true;
                        case "max-age" -> maxAge = seconds(argument, maxAge);
                        case "s-maxage" -> sMaxAge = seconds(argument, sMaxAge);
                        case "stale-while-revalidate" -> {
                            Long s = seconds(argument, null);
                            swr = s == null ? 0 : s;
                        }
                        default -> {
                            // other directives do not change what this cache does
                        }
                    }
                }
            }
            return new Directives(noStore, noCache, isPrivate, isPublic, mustRevalidate, maxAge, sMaxAge, swr);
        }

        /** A delta-seconds argument; an invalid one counts as none (RFC 9111 §1.2.2: treat as stale). */
        private static Long seconds(String argument, Long otherwise) {
            if (argument == null) {
                return otherwise;
            }
            try {
                return Math.max(0, Long.parseLong(argument));
            } catch (NumberFormatException e) {
                return 0L;
            }
        }
    }
}
