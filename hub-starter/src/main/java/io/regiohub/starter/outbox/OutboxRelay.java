package io.regiohub.starter.outbox;

import io.regiohub.starter.Failures;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.starter.HubProperties;
import io.regiohub.starter.HubSchema;
import java.net.URI;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays stored events from the outbox to Kafka, in the order they were stored, at least once.
 *
 * <p>One relay transaction: take the service-wide advisory lock (so that of several instances of a
 * service exactly one relays at a time, which keeps every aggregate's events in order), lock the
 * oldest batch, send it with an idempotent {@code acks=all} producer, wait until the broker
 * acknowledged every record, delete the batch, commit. If the broker is unreachable or the process
 * dies anywhere before the commit, the batch stays and is sent again: consumers are idempotent.
 *
 * <p>Runs on one thread, woken right after a commit that stored events and every
 * {@code regiohub.outbox.poll-interval} otherwise.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory-lock key of the relay: the same in every instance of every service (databases differ). */
    private static final long RELAY_LOCK = 0x5265_6769_6f48_7562L; // "RegioHub"

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final HubProperties.Outbox settings;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final AtomicLong lastPending = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private volatile ScheduledExecutorService executor;
    /** After a failed batch, no attempt before this instant (System.nanoTime): the poll retries, nothing piles up. */
    private volatile long backoffUntil = System.nanoTime();
    private volatile Runnable afterSendHook = () -> { };

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> kafka,
                       HubProperties properties, MeterRegistry meters, HubSchema schema) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.settings = properties.outbox();
        this.published = Counter.builder("regiohub.outbox.published")
                .description("Events the broker acknowledged").register(meters);
        this.failures = Counter.builder("regiohub.outbox.failures")
                .description("Relay batches that failed and will be retried").register(meters);
        Gauge.builder("regiohub.outbox.pending", lastPending, AtomicLong::get)
                .description("Events stored and not yet acknowledged, as of the last relay run").register(meters);
    }

    /** Ask the relay to run as soon as possible (called after a commit that stored events). */
    public void wakeUp() {
        ScheduledExecutorService ex = executor;
        if (ex != null && wakeUpPending.compareAndSet(false, true)) {
            try {
                ex.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                wakeUpPending.set(false);
            }
        }
    }

    /** Publishes until the outbox is empty or a batch fails; returns the number of events published. */
    public int drain() {
        wakeUpPending.set(false);
        if (System.nanoTime() - backoffUntil < 0) {
            return 0;
        }
        int total = 0;
        try {
            int n;
            do {
                n = relayBatch();
                total += n;
            } while (n >= settings.batchSize() && isRunning());
        } catch (RuntimeException e) {
            failures.increment();
            backoffUntil = System.nanoTime() + settings.retryBackoff().toNanos();
            log.warn("Outbox relay failed, the batch stays stored and is retried in {}: {}",
                    settings.retryBackoff(), Failures.rootMessage(e));
            recordFailure(Failures.rootMessage(e));
        }
        return total;
    }

    private int relayBatch() {
        Integer sent = tx.execute(status -> {
            Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0; // another instance is relaying right now
            }
            List<Row> batch = jdbc.sql("""
                            SELECT seq, event_id, topic, event_key, event_type, source, subject, municipality,
                                   occurred_at, payload
                            FROM hub.outbox ORDER BY seq LIMIT :limit FOR UPDATE""")
                    .param("limit", settings.batchSize())
                    .query((rs, i) -> new Row(rs.getLong("seq"), rs.getObject("event_id", UUID.class),
                            rs.getString("topic"), rs.getString("event_key"), rs.getString("event_type"),
                            rs.getString("source"), rs.getString("subject"), rs.getString("municipality"),
                            rs.getTimestamp("occurred_at"), rs.getBytes("payload")))
                    .list();
            if (batch.isEmpty()) {
                lastPending.set(0);
                return 0;
            }
            long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
            List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
            for (Row row : batch) {
                CompletableFuture<?> ack = kafka.send(row.toRecord());
                // a send that failed at once (no metadata while the broker is away: max.block.ms) fails
                // the batch now, instead of blocking once per row while the transaction stays open
                if (ack.isCompletedExceptionally() || System.nanoTime() - deadline > 0) {
                    acks.add(ack);
                    break;
                }
                acks.add(ack);
            }
            if (acks.size() < batch.size()) {
                throw new IllegalStateException("broker unreachable: " + failureOf(acks.getLast()));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            } catch (Exception e) {
                throw new IllegalStateException("broker did not acknowledge the batch: " + Failures.rootMessage(e), e);
            }
            afterSendHook.run();
            // exactly the rows sent: a transaction that took a lower seq may have committed meanwhile,
            // and a range delete (seq <= last) would drop its event unpublished
            jdbc.sql("DELETE FROM hub.outbox WHERE seq = ANY (:seqs)")
                    .param("seqs", batch.stream().map(Row::seq).toArray(Long[]::new))
                    .update();
            published.increment(batch.size());
            lastPending.set(Math.max(0, lastPending.get() - batch.size()));
            return batch.size();
        });
        return sent == null ? 0 : sent;
    }

    /** Marks the head of the outbox with the failure, for operators who look at a stuck relay. */
    private void recordFailure(String error) {
        try {
            jdbc.sql("""
                            UPDATE hub.outbox SET attempts = attempts + 1, last_error = :error
                            WHERE seq = (SELECT min(seq) FROM hub.outbox)""")
                    .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                    .update();
        } catch (RuntimeException ignored) {
            // the database may be the thing that failed
        }
    }

    private static String failureOf(CompletableFuture<?> future) {
        try {
            future.getNow(null);
            return "send deadline passed";
        } catch (RuntimeException e) {
            return Failures.rootMessage(e);
        }
    }

    /**
     * Fault injection for tests: runs after the broker acknowledged a batch and before the batch is
     * deleted, i.e. where a process crash leaves published events still stored.
     */
    public void setAfterSendHook(Runnable hook) {
        this.afterSendHook = hook == null ? () -> { } : hook;
    }

    @Override
    public synchronized void start() {
        if (executor != null || !settings.enabled()) {
            return;
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        ex.scheduleWithFixedDelay(() -> {
            try {
                lastPending.set(jdbc.sql("SELECT count(*) FROM hub.outbox").query(Long.class).single());
            } catch (RuntimeException e) {
                log.warn("Outbox relay cannot read the outbox: {}", Failures.rootMessage(e));
                return; // a failing poll must not end the schedule
            }
            drain();
        }, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Outbox relay started (poll every {}, batches of {})", settings.pollInterval(), settings.batchSize());
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex == null) {
            return;
        }
        ex.shutdownNow();
        try {
            ex.awaitTermination(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // one last, bounded batch for the events of requests that finished during graceful shutdown
        try {
            relayBatch();
        } catch (RuntimeException e) {
            log.info("Outbox relay stopped with events stored; they are sent after the next start: {}", Failures.rootMessage(e));
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /**
     * Stop after the web server's graceful shutdown (lifecycles stop from the highest phase down), so
     * that requests still in flight get their events relayed, and start before it accepts requests.
     */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
    }

    private record Row(long seq, UUID eventId, String topic, String key, String type, String source, String subject,
                       String municipality, Timestamp occurredAt, byte[] payload) {

        ProducerRecord<String, byte[]> toRecord() {
            CloudEvent event = HubCloudEvents.builder(eventId.toString(), URI.create(source), type, subject,
                    municipality, occurredAt.toInstant().atOffset(ZoneOffset.UTC), payload);
            return HubCloudEvents.toRecord(topic, key, event);
        }
    }
}
