package io.regiohub.gateway.web;

import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * The gateway's connections to the services, one pool per event loop: a request proxied on an event
 * loop takes a connection that lives on that same loop, so the request, the service's answer and the
 * caller's response are all handled by one thread.
 *
 * <p>Why: Reactor Netty keeps one pool per service address, and a pooled connection belongs to the
 * event loop it was opened on. A request taking a connection of another loop hands its write to that
 * loop and gets the answer back through it: two wake-ups of another thread per request (an eventfd
 * write, a scheduler slot for the woken thread), and with four loops that is three requests in four.
 * Measured on two cores (a local hub, {@code wrk} at 32 connections on the funding opportunities through
 * the gateway, docs/performance.md item 16): 18.6–19.5 context switches of the machine per answer with
 * Reactor Netty's single pool, 15.6–16.8 with a pool per loop. A single loop would avoid the hand-offs
 * as well but leave one core to the whole gateway; a pool per loop keeps every loop busy and every
 * request on its own. Acquiring off an event loop (a GET retried after its back-off, on Reactor's
 * parallel scheduler) uses a shared pool, as before.
 *
 * <p>Each loop's pool has the shared pool's settings (Spring Cloud Gateway builds that one from
 * {@code spring.cloud.gateway.server.webflux.httpclient.pool.*}), so the limits there apply per loop, and
 * a name of its own, the shared pool's with the loop's thread name after it, so that pool metrics
 * ({@code pool.metrics}) tell the pools apart. New connections are opened on the loop that asks for them
 * (Reactor Netty colocates a client's connection with the calling event loop). Without pooling
 * ({@code pool.type: DISABLED}) there is nothing to keep per loop, and every thread uses the shared
 * provider.
 */
public final class EventLoopConnections implements ConnectionProvider {

    private final Supplier<? extends EventLoopGroup> loops;
    private final ConnectionProvider offLoop;
    private final Map<Thread, ConnectionProvider> perLoop = new ConcurrentHashMap<>();
    private volatile boolean disposed;

    /**
     * @param shared the pool for every thread that is no event loop, whose settings each loop's pool copies
     * @param loops  the event loops the gateway serves and proxies on (Reactor Netty's shared ones), asked
     *               afresh for each thread not seen before, so loops created anew are recognised as well
     */
    public EventLoopConnections(ConnectionProvider shared, Supplier<? extends EventLoopGroup> loops) {
        this.offLoop = shared;
        this.loops = loops;
    }

    @Override
    public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
                                              Supplier<? extends SocketAddress> remoteAddress,
                                              AddressResolverGroup<?> resolverGroup) {
        return pool().acquire(config, observer, remoteAddress, resolverGroup);
    }

    /**
     * The pool of the event loop running this thread, or the shared one when this is none of the loops
     * (each loop runs on a thread of its own for the life of the process).
     */
    ConnectionProvider pool() {
        Thread thread = Thread.currentThread();
        ConnectionProvider pool = perLoop.get(thread);
        if (pool != null) {
            return pool;
        }
        // no new pools once disposed: acquiring from the disposed shared one fails, as it should
        return isLoop(thread) && !disposed ? perLoop.computeIfAbsent(thread, this::newPool) : offLoop;
    }

    private ConnectionProvider newPool(Thread loop) {
        Builder settings = offLoop.mutate(); // null: no pooling
        return settings == null ? offLoop : settings.name(offLoop.name() + "-" + loop.getName()).build();
    }

    private boolean isLoop(Thread thread) {
        for (EventExecutor loop : loops.get()) {
            if (loop.inEventLoop(thread)) {
                return true;
            }
        }
        return false;
    }

    private List<ConnectionProvider> all() {
        return Stream.concat(Stream.of(offLoop), perLoop.values().stream()).distinct().toList();
    }

    @Override
    public void disposeWhen(SocketAddress address) {
        all().forEach(pool -> pool.disposeWhen(address));
    }

    @Override
    public Mono<Void> disposeLater() {
        return Mono.defer(() -> {
            disposed = true;
            return Flux.fromIterable(all()).flatMap(ConnectionProvider::disposeLater).then();
        });
    }

    /**
     * Whether {@link #disposeLater} was called; not the pools' own answer, since a pool of Reactor Netty's
     * calls itself disposed while it holds no connections.
     */
    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /** The limit of one pool: every loop's pool has it (see the class comment). */
    @Override
    public int maxConnections() {
        return offLoop.maxConnections();
    }

    @Override
    public Map<SocketAddress, Integer> maxConnectionsPerHost() {
        return offLoop.maxConnectionsPerHost();
    }

    @Override
    public String name() {
        return offLoop.name();
    }

    /**
     * The settings of one pool, for the providers Reactor Netty derives from this one (HTTP/2's keeps
     * its connections in a pool of its own built from them; without them it would fall back to bare
     * defaults). Such a derived pool is a single one, not one per loop.
     */
    @Override
    public Builder mutate() {
        return offLoop.mutate();
    }
}
