package io.regiohub.starter.inbox;

import io.regiohub.starter.Failures;
import io.regiohub.starter.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Inbox#forgetOlderThan(Duration)} on a schedule of its own while the service runs. */
public class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final Inbox inbox;
    private final Duration retention;
    private final Duration interval;
    private final PeriodicTask schedule;

    public InboxRetention(Inbox inbox, Duration retention, Duration interval) {
        this.inbox = inbox;
        this.retention = retention;
        this.interval = interval;
        this.schedule = new PeriodicTask("inbox-retention", interval, this::purge,
                e -> log.warn("Inbox retention failed, tried again in {}: {}", interval, Failures.rootMessage(e)));
    }

    public int purge() {
        int deleted = inbox.forgetOlderThan(retention);
        if (deleted > 0) {
            log.info("Inbox forgot {} events applied more than {} ago", deleted, retention);
        }
        return deleted;
    }

    /** The purge every interval while the service runs; declared as a bean by the auto-configuration. */
    public PeriodicTask schedule() {
        return schedule;
    }
}
