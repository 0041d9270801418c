package io.regiohub.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A service behind the gateway: a real HTTP server on loopback that records what reaches it, and
 * can be made slow or taken down and brought back on the same port.
 */
final class Backend {

    final String name;
    final List<String> received = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile HttpServer server;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    volatile int status = 200;

    Backend(String name) {
        this.name = name;
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Requests wait until {@link #answer()} (or 30 s). */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void answer() {
        hang.countDown();
    }

    void stop() {
        server.stop(0);
    }

    void restart() {
        server = start(port);
    }

    private HttpServer start(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("X-Correlation-Id") + " " + requestBody.length);
        try {
            hang.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = ("{\"backend\":\"" + name + "\",\"authorization\":\""
                + (exchange.getRequestHeaders().containsKey("Authorization") ? "present" : "absent") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        String correlationId = exchange.getRequestHeaders().getFirst("X-Correlation-Id");
        if (correlationId != null) { // echoed, as hub-starter's CorrelationIdFilter does in every service
            exchange.getResponseHeaders().add("X-Correlation-Id", correlationId);
        }
        if (exchange.getRequestURI().getPath().endsWith("/departures")) {
            // as mobility-service answers departure boards: fresh for a few seconds, for anyone; the stop
            // "STALE" answers with copies that are stale at once but may be served while they are refreshed
            exchange.getResponseHeaders().add("Cache-Control", exchange.getRequestURI().getPath().contains("/stops/STALE/")
                    ? "public, max-age=0, stale-while-revalidate=60" : "public, max-age=5");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
