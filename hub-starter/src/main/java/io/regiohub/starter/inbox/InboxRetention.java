package io.regiohub.starter.inbox;

import io.regiohub.starter.Failures;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link Inbox#forgetOlderThan(Duration)} on a schedule of its own while the service runs. */
public class InboxRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final Inbox inbox;
    private final Duration retention;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    public InboxRetention(Inbox inbox, Duration retention, Duration interval) {
        this.inbox = inbox;
        this.retention = retention;
        this.interval = interval;
    }

    public int purge() {
        int deleted = inbox.forgetOlderThan(retention);
        if (deleted > 0) {
            log.info("Inbox forgot {} events applied more than {} ago", deleted, retention);
        }
        return deleted;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbox-retention");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Inbox retention failed, tried again in {}: {}", interval, Failures.rootMessage(e));
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
