package io.regiohub.starter.inbox;

import io.regiohub.starter.HubSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inbox of idempotent consumers: records that a consumer applied an event, in the same
 * transaction as the effect. The primary key (consumer, event id) makes a second delivery of the
 * same event a no-op, even when two deliveries race.
 */
public class Inbox {

    private final JdbcClient jdbc;

    /** {@code schema} is taken so that the hub's tables exist before the first event arrives. */
    public Inbox(JdbcClient jdbc, HubSchema schema) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event for the consumer in the current transaction.
     *
     * @return true if this is the first time the consumer sees the event (apply it), false for a redelivery
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId, String eventType) {
        return jdbc.sql("""
                        INSERT INTO hub.inbox (consumer, event_id, event_type) VALUES (:consumer, :id, :type)
                        ON CONFLICT (consumer, event_id) DO NOTHING""")
                .param("consumer", consumer)
                .param("id", eventId)
                .param("type", eventType)
                .update() == 1;
    }

    /**
     * Forgets applied events older than the retention, in bounded batches (the table has one row
     * per event ever consumed and would otherwise grow without end).
     *
     * @return the number of rows deleted
     */
    public int forgetOlderThan(java.time.Duration retention) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM hub.inbox WHERE ctid IN (
                                SELECT ctid FROM hub.inbox
                                WHERE received_at < clock_timestamp() - make_interval(secs => :seconds)
                                LIMIT 10000)""")
                    .param("seconds", retention.toSeconds())
                    .update();
            total += deleted;
        } while (deleted == 10_000);
        return total;
    }

    public boolean applied(String consumer, String eventId) {
        return jdbc.sql("SELECT count(*) FROM hub.inbox WHERE consumer = :consumer AND event_id = :id")
                .param("consumer", consumer).param("id", eventId).query(Long.class).single() > 0;
    }
}
