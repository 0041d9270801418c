package io.regiohub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;

/**
 * The benchmarks' load generator: HTTP/1.1 keep-alive connections driven by one thread and one
 * selector, in the manner of wrk2.
 *
 * <p>Why not the JDK's {@code HttpClient}: on two cores shared with the hub the load generator is a
 * tenant of the machine it measures. The JDK client, one virtual thread per request, cost about
 * 250 µs of CPU per request (half a core at 2,000 requests/s); this loop costs a fraction of that
 * (measured side by side in {@code docs/performance.md}), so the hub keeps the cores it would have
 * in production. Requests are still built as {@link HttpRequest}s and encoded once, byte for byte
 * (method, path and query, headers, body), so every benchmark describes its requests as before.
 *
 * <p>Two modes: an <b>open loop</b> ({@link #openLoop}) where request {@code i} is due at
 * {@code start + i / rate} whether or not earlier ones were answered, latency counted from the due
 * instant (no coordinated omission), at most {@code connections} in flight per target — a request
 * that finds every connection busy waits, and that wait is part of its latency; and a <b>closed
 * loop</b> ({@link #closedLoop}) where each connection sends its next request when the last one was
 * answered, latency counted from sending. An answer with status 200 is answered; any other status,
 * a broken connection or no answer within the request's timeout (10 s unless the request sets one)
 * is failed, and the connection is replaced.
 */
final class Load {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** What one target got: latencies of the 200 answers (µs), failures, and the statuses that failed. */
    static final class Tally {
        long[] micros = new long[1 << 12];
        long[] dueMicros = new long[1 << 12];
        int answered;
        long failed;
        final Map<Integer, Long> statuses = new HashMap<>();

        void answered(long dueMicrosIntoRun, long latencyMicros) {
            if (answered == micros.length) {
                micros = Arrays.copyOf(micros, answered * 2);
                dueMicros = Arrays.copyOf(dueMicros, answered * 2);
            }
            dueMicros[answered] = dueMicrosIntoRun;
            micros[answered++] = latencyMicros;
        }

        /**
         * Where in the run the slow answers were due: per window of {@code windowMillis}, the worst
         * latency in ms, for the windows whose worst exceeds {@code slowMillis} (periodic stalls show
         * as a rhythm, a saturated machine as a run of windows).
         */
        String timeline(int windowMillis, int slowMillis) {
            java.util.TreeMap<Long, Long> worst = new java.util.TreeMap<>();
            for (int i = 0; i < answered; i++) {
                if (micros[i] > slowMillis * 1000L) {
                    worst.merge(dueMicros[i] / 1000 / windowMillis * windowMillis, micros[i] / 1000, Math::max);
                }
            }
            StringBuilder sb = new StringBuilder();
            worst.forEach((at, ms) -> sb.append(String.format("%.2fs:%dms ", at / 1000.0, ms)));
            return sb.toString();
        }

        void failed(int status) {
            failed++;
            if (status > 0) {
                statuses.merge(status, 1L, Long::sum);
            }
        }

        long[] latencies() {
            return latencies(due -> true);
        }

        /** The latencies of the answers whose due instant (µs into the run) passes {@code due}. */
        long[] latencies(LongPredicate due) {
            return IntStream.range(0, answered).filter(i -> due.test(dueMicros[i]))
                    .mapToLong(i -> micros[i]).toArray();
        }
    }

    /**
     * The result of one loop: a tally per target, the seconds it took, and when it started
     * ({@link System#nanoTime()}), from which the tallies' due instants count.
     */
    record Outcome(List<Tally> tallies, double seconds, long startNanos) {
    }

    /**
     * {@code rate} requests per second for {@code seconds}; request {@code i} goes to target
     * {@code i % targets} (all of a target's requests to the same host and port), at most
     * {@code connections} in flight per target.
     */
    static Outcome openLoop(int targets, int connections, int rate, int seconds, IntFunction<HttpRequest> requests)
            throws IOException {
        return new Engine(targets, connections, requests).open((long) rate * seconds,
                TimeUnit.SECONDS.toNanos(1) / rate);
    }

    /** {@code connections} connections to one target, each sending its next request when the last one answered. */
    static Outcome closedLoop(int connections, int seconds, IntFunction<HttpRequest> requests) throws IOException {
        return new Engine(1, connections, requests).closed(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** A request on the wire: where it goes, its bytes, how long it may take. */
    record Wire(InetSocketAddress address, byte[] bytes, long timeoutNanos) {

        static Wire of(HttpRequest request) {
            URI uri = request.uri();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            if (!"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("the load generator speaks plain HTTP/1.1 only: " + uri);
            }
            byte[] body = body(request);
            StringBuilder head = new StringBuilder(256).append(request.method()).append(' ')
                    .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(port).append("\r\n");
            request.headers().map().forEach((name, values) -> values.forEach(
                    value -> head.append(name).append(": ").append(value).append("\r\n")));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] bytes = body == null ? headBytes : Arrays.copyOf(headBytes, headBytes.length + body.length);
            if (body != null) {
                System.arraycopy(body, 0, bytes, headBytes.length, body.length);
            }
            return new Wire(new InetSocketAddress(uri.getHost(), port), bytes,
                    request.timeout().orElse(DEFAULT_TIMEOUT).toNanos());
        }

        /** The body's bytes, or null for a request without one (a GET). */
        private static byte[] body(HttpRequest request) {
            HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
            if (publisher == null || (publisher.contentLength() == 0 && request.method().equals("GET"))) {
                return null;
            }
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            publisher.subscribe(new Flow.Subscriber<>() {
                private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    byte[] chunk = new byte[item.remaining()];
                    item.get(chunk);
                    out.writeBytes(chunk);
                }

                @Override
                public void onError(Throwable throwable) {
                    done.completeExceptionally(throwable);
                }

                @Override
                public void onComplete() {
                    done.complete(out.toByteArray());
                }
            });
            try {
                return done.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the body of " + request, e);
            }
        }
    }

    /** One keep-alive connection and the parser of the answer it is waiting for. */
    private static final class Connection {
        final int target;
        SocketChannel channel;
        SelectionKey key;
        boolean open;
        long reconnectAt;
        // the request in flight
        boolean busy;
        long due;
        long sent;
        long deadline;
        ByteBuffer out;
        // the answer's parser
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        int state;
        int status;
        long remaining;
        boolean closeAfter;

        Connection(int target) {
            this.target = target;
        }
    }

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_END = 4;
    private static final int TRAILER = 5;
    private static final int DONE = 6;

    private static final class Engine {
        final int targets;
        final IntFunction<HttpRequest> requests;
        final Selector selector;
        final List<Connection> connections = new ArrayList<>();
        final List<ArrayDeque<Connection>> idle = new ArrayList<>();
        final List<ArrayDeque<long[]>> waiting = new ArrayList<>();
        final List<Tally> tallies = new ArrayList<>();
        final InetSocketAddress[] addresses;
        final Map<Long, Wire> wires = new HashMap<>();
        boolean closedLoop;
        long start;
        long end;
        long closedIndex;

        Engine(int targets, int connectionsPerTarget, IntFunction<HttpRequest> requests) throws IOException {
            this.targets = targets;
            this.requests = requests;
            this.selector = Selector.open();
            this.addresses = new InetSocketAddress[targets];
            for (int t = 0; t < targets; t++) {
                Wire first = Wire.of(requests.apply(t));
                wires.put((long) t, first);
                addresses[t] = first.address();
                idle.add(new ArrayDeque<>());
                waiting.add(new ArrayDeque<>());
                tallies.add(new Tally());
                for (int c = 0; c < connectionsPerTarget; c++) {
                    Connection connection = new Connection(t);
                    connections.add(connection);
                    connect(connection, System.nanoTime());
                }
            }
            // every connection up (or refused) before the clock starts
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (connections.stream().anyMatch(c -> c.channel != null && !c.open) && System.nanoTime() < until) {
                selector.select(100);
                handleSelected(System.nanoTime());
            }
        }

        Wire wire(long index) {
            Wire wire = wires.remove(index);
            if (wire == null) {
                wire = Wire.of(requests.apply((int) index));
            }
            if (!wire.address().equals(addresses[(int) (index % targets)])) {
                throw new IllegalArgumentException("all requests of a target must go to " + addresses[(int) (index % targets)]);
            }
            return wire;
        }

        Outcome open(long total, long interval) throws IOException {
            start = System.nanoTime();
            long next = 0;
            while (true) {
                long now = System.nanoTime();
                while (next < total && start + next * interval <= now) {
                    waiting.get((int) (next % targets)).add(new long[] {next, start + next * interval});
                    next++;
                }
                dispatch(now);
                expire(now);
                if (next == total && idle()) {
                    break;
                }
                long wake = next < total ? start + next * interval : Long.MAX_VALUE;
                await(now, Math.min(wake, earliestDeadline()));
                handleSelected(System.nanoTime());
            }
            return finish(start);
        }

        Outcome closed(long duration) throws IOException {
            closedLoop = true;
            start = System.nanoTime();
            end = start + duration;
            while (true) {
                long now = System.nanoTime();
                if (now < end) {
                    for (ArrayDeque<Connection> free : idle) {
                        while (!free.isEmpty()) {
                            send(free.poll(), closedIndex++, now, now);
                        }
                    }
                }
                expire(now);
                if (now >= end && idle()) {
                    break;
                }
                await(now, Math.min(end, earliestDeadline()));
                handleSelected(System.nanoTime());
            }
            return finish(start);
        }

        private Outcome finish(long start) throws IOException {
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Connection c : connections) {
                if (c.channel != null) {
                    c.channel.close();
                }
            }
            selector.close();
            return new Outcome(tallies, seconds, start);
        }

        /** Nothing in flight, nothing waiting for a connection. */
        private boolean idle() {
            return connections.stream().noneMatch(c -> c.busy) && waiting.stream().allMatch(ArrayDeque::isEmpty);
        }

        private void dispatch(long now) throws IOException {
            for (int t = 0; t < targets; t++) {
                ArrayDeque<long[]> queue = waiting.get(t);
                ArrayDeque<Connection> free = idle.get(t);
                while (!queue.isEmpty() && !free.isEmpty()) {
                    long[] request = queue.poll();
                    send(free.poll(), request[0], request[1], now);
                }
            }
        }

        private void send(Connection c, long index, long due, long now) throws IOException {
            Wire wire = wire(index);
            c.busy = true;
            c.due = due;
            c.sent = now;
            c.deadline = now + wire.timeoutNanos();
            c.out = ByteBuffer.wrap(wire.bytes());
            c.in.clear();
            c.state = HEAD;
            c.closeAfter = false;
            try {
                c.channel.write(c.out);
                c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                fail(c, 0, now);
            }
        }

        private long earliestDeadline() {
            long earliest = Long.MAX_VALUE;
            for (Connection c : connections) {
                if (c.busy) {
                    earliest = Math.min(earliest, c.deadline);
                } else if (!c.open && c.channel == null) {
                    earliest = Math.min(earliest, c.reconnectAt);
                }
            }
            return earliest;
        }

        private void expire(long now) throws IOException {
            for (Connection c : connections) {
                if (c.busy && now >= c.deadline) {
                    fail(c, 0, now);
                } else if (c.channel == null && now >= c.reconnectAt) {
                    connect(c, now);
                }
            }
        }

        /** Wait for the selector until {@code wake}: below a millisecond by parking, as the selector counts in ms. */
        private void await(long now, long wake) throws IOException {
            long wait = wake - now;
            if (wait >= 1_000_000) {
                selector.select(Math.min(wait / 1_000_000, 1000));
            } else if (wait > 0) {
                if (selector.selectNow() == 0) {
                    LockSupport.parkNanos(wait);
                    selector.selectNow();
                }
            } else {
                selector.selectNow();
            }
        }

        private void handleSelected(long now) throws IOException {
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                Connection c = (Connection) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                try {
                    if (key.isConnectable()) {
                        if (c.channel.finishConnect()) {
                            c.open = true;
                            key.interestOps(SelectionKey.OP_READ);
                            idle.get(c.target).add(c);
                        }
                        continue;
                    }
                    if (key.isWritable() && c.out != null && c.out.hasRemaining()) {
                        c.channel.write(c.out);
                        if (!c.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                    if (key.isReadable()) {
                        read(c, System.nanoTime());
                    }
                } catch (IOException e) {
                    if (c.busy) {
                        fail(c, 0, now);
                    } else {
                        drop(c, now);
                    }
                }
            }
        }

        private void read(Connection c, long now) throws IOException {
            int n = c.channel.read(c.in);
            if (n < 0) {
                if (c.busy) {
                    fail(c, 0, now);
                } else {
                    drop(c, now);
                }
                return;
            }
            if (!c.busy) {
                return; // bytes nobody asked for: ignored until the connection is used again
            }
            c.in.flip();
            boolean complete = parse(c);
            c.in.compact();
            if (!complete) {
                if (!c.in.hasRemaining()) {
                    fail(c, 0, now); // an answer's head larger than the buffer
                }
                return;
            }
            c.busy = false;
            Tally tally = tallies.get(c.target);
            if (c.status == 200) {
                tally.answered(((closedLoop ? c.sent : c.due) - start) / 1000, (now - (closedLoop ? c.sent : c.due)) / 1000);
            } else {
                tally.failed(c.status);
            }
            if (c.closeAfter) {
                drop(c, now);
                return;
            }
            if (closedLoop && now < end) {
                send(c, closedIndex++, now, now);
            } else {
                idle.get(c.target).add(c);
            }
        }

        /** Consumes what the buffer holds of the answer; true when the answer is complete. */
        private static boolean parse(Connection c) {
            ByteBuffer b = c.in;
            while (true) {
                switch (c.state) {
                    case HEAD -> {
                        String head = take(b, "\r\n\r\n");
                        if (head == null) {
                            return false;
                        }
                        c.status = Integer.parseInt(head.substring(9, 12));
                        String lower = head.toLowerCase(Locale.ROOT);
                        c.closeAfter = lower.contains("\r\nconnection: close");
                        if (lower.contains("\r\ntransfer-encoding: chunked")) {
                            c.state = CHUNK_SIZE;
                        } else {
                            int at = lower.indexOf("\r\ncontent-length:");
                            if (at >= 0) {
                                int eol = lower.indexOf("\r\n", at + 2);
                                c.remaining = Long.parseLong(lower.substring(at + 17, eol < 0 ? lower.length() : eol).trim());
                            } else {
                                c.remaining = 0; // 204, 304 or an empty answer
                            }
                            c.state = BODY;
                        }
                    }
                    case BODY -> {
                        if (!skipBody(c)) {
                            return false;
                        }
                        c.state = DONE;
                        return true;
                    }
                    case CHUNK_SIZE -> {
                        String line = take(b, "\r\n");
                        if (line == null) {
                            return false;
                        }
                        int semicolon = line.indexOf(';');
                        c.remaining = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
                        c.state = c.remaining == 0 ? TRAILER : CHUNK_DATA;
                    }
                    case CHUNK_DATA -> {
                        if (!skipBody(c)) {
                            return false;
                        }
                        c.state = CHUNK_END;
                    }
                    case CHUNK_END -> {
                        if (b.remaining() < 2) {
                            return false;
                        }
                        b.position(b.position() + 2);
                        c.state = CHUNK_SIZE;
                    }
                    case TRAILER -> {
                        String line = take(b, "\r\n");
                        if (line == null) {
                            return false;
                        }
                        if (line.isEmpty()) {
                            c.state = DONE;
                            return true;
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
        }

        /** Skips what the buffer holds of the {@code remaining} body bytes (the body is not kept); true when none remain. */
        private static boolean skipBody(Connection c) {
            int n = (int) Math.min(c.remaining, c.in.remaining());
            c.in.position(c.in.position() + n);
            c.remaining -= n;
            return c.remaining == 0;
        }

        /** The text up to {@code delimiter}, consumed with it; null while the buffer does not hold it yet. */
        private static String take(ByteBuffer b, String delimiter) {
            int end = indexOf(b, b.position(), delimiter);
            if (end < 0) {
                return null;
            }
            String text = new String(b.array(), b.position(), end - b.position(), StandardCharsets.ISO_8859_1);
            b.position(end + delimiter.length());
            return text;
        }

        private static int indexOf(ByteBuffer b, int from, String what) {
            byte[] a = b.array();
            int limit = b.limit() - what.length();
            outer:
            for (int i = from; i <= limit; i++) {
                for (int k = 0; k < what.length(); k++) {
                    if (a[i + k] != what.charAt(k)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void fail(Connection c, int status, long now) throws IOException {
            c.busy = false;
            tallies.get(c.target).failed(status);
            drop(c, now);
        }

        /** Closes a connection and opens its replacement: at once if it was up, after 100 ms if it never came up. */
        private void drop(Connection c, long now) throws IOException {
            boolean wasOpen = c.open;
            idle.get(c.target).remove(c);
            if (c.channel != null) {
                c.key.cancel();
                c.channel.close();
            }
            c.channel = null;
            c.open = false;
            if (wasOpen) {
                connect(c, now);
            } else {
                c.reconnectAt = now + TimeUnit.MILLISECONDS.toNanos(100);
            }
        }

        private void connect(Connection c, long now) throws IOException {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                c.channel = channel;
                c.open = false;
                c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
                if (channel.connect(addresses[c.target])) {
                    c.open = true;
                    c.key.interestOps(SelectionKey.OP_READ);
                    idle.get(c.target).add(c);
                }
            } catch (IOException e) {
                if (c.channel != null) {
                    c.channel.close();
                }
                c.channel = null;
                c.reconnectAt = now + TimeUnit.MILLISECONDS.toNanos(100);
            }
        }
    }

    private Load() {
    }
}
