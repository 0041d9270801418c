package io.regiohub.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A request proxied on an event loop gets a connection of that loop: a small proxy in front of a backend,
 * both Reactor Netty on the shared event loops, as the gateway runs.
 */
class EventLoopConnectionsTest {

    private final EventLoopConnections connections = new EventLoopConnections(
            ConnectionProvider.builder("test").maxConnections(64).build(),
            () -> HttpResources.get().onServer(LoopResources.DEFAULT_NATIVE));
    private DisposableServer backend;
    private DisposableServer proxy;

    @AfterEach
    void stop() {
        for (DisposableServer server : new DisposableServer[] {proxy, backend}) {
            if (server != null) {
                server.disposeNow();
            }
        }
        connections.disposeLater().block(Duration.ofSeconds(10));
    }

    @Test
    void everyProxiedRequestUsesAConnectionOfTheEventLoopItArrivedOn() {
        backend = HttpServer.create().host("localhost").port(0)
                .handle((request, response) -> response.sendString(Mono.just("answer")))
                .bindNow();
        HttpClient client = HttpClient.create(connections).baseUrl("http://localhost:" + backend.port());
        proxy = HttpServer.create().host("localhost").port(0)
                .handle((request, response) -> {
                    Thread loop = Thread.currentThread();
                    return response.sendString(client.get().uri("/")
                            .responseConnection((answer, connection) -> connection.inbound().receive().aggregate()
                                    .asString()
                                    .map(body -> body + (connection.channel().eventLoop().inEventLoop(loop)
                                            ? " on the same loop" : " on another loop"))));
                })
                .bindNow();

        HttpClient caller = HttpClient.create(ConnectionProvider.builder("caller").maxConnections(16).build())
                .baseUrl("http://localhost:" + proxy.port());
        List<String> answers = Flux.range(0, 400)
                .flatMap(i -> caller.get().uri("/").responseContent().aggregate().asString(), 16)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(answers).hasSize(400).containsOnly("answer on the same loop");
    }

    @Test
    void withoutPoolingEveryThreadSharesTheOneProvider() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ConnectionProvider unpooled = ConnectionProvider.newConnection();
            EventLoopConnections connections = new EventLoopConnections(unpooled, () -> loops);
            assertThat(loops.next().submit(connections::pool).get(5, TimeUnit.SECONDS)).isSameAs(unpooled);
            assertThat(connections.pool()).isSameAs(unpooled);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void eachLoopKeepsAPoolOfItsOwnAndEveryOtherThreadSharesOne() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            EventLoopConnections perLoop = new EventLoopConnections(
                    ConnectionProvider.builder("test").maxConnections(7).build(), () -> loops);
            List<ConnectionProvider> onLoops = new ArrayList<>();
            for (EventExecutor loop : loops) {
                ConnectionProvider first = loop.submit(perLoop::pool).get(5, TimeUnit.SECONDS);
                assertThat(loop.submit(perLoop::pool).get(5, TimeUnit.SECONDS)).isSameAs(first);
                onLoops.add(first);
            }
            ConnectionProvider here = perLoop.pool();
            ConnectionProvider onScheduler = Mono.fromCallable(perLoop::pool)
                    .subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
            assertThat(onScheduler).isSameAs(here).isSameAs(perLoop.pool());
            assertThat(onLoops).doesNotHaveDuplicates().doesNotContain(here);
            assertThat(onLoops).as("the shared pool's settings, a name of their own (for pool metrics)")
                    .allSatisfy(pool -> assertThat(pool.maxConnections()).isEqualTo(7))
                    .extracting(ConnectionProvider::name).doesNotHaveDuplicates().allMatch(name -> name.startsWith("test-"));
            assertThat(here.name()).isEqualTo("test");
            assertThat(perLoop.mutate()).as("one pool's settings, for HTTP/2's pool").isNotNull();
            perLoop.disposeLater().block(Duration.ofSeconds(10));
            assertThat(perLoop.isDisposed()).isTrue();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
