package io.regiohub.starter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;

/**
 * A piece of housekeeping run every {@code interval} on a daemon thread of its own while the
 * application runs (a {@link SmartLifecycle}: the owner declares it as a bean); a failing run is
 * handed to {@code onFailure} and tried again at the next interval.
 */
public final class PeriodicTask implements SmartLifecycle {

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private final Consumer<RuntimeException> onFailure;
    private volatile ScheduledExecutorService executor;

    public PeriodicTask(String name, Duration interval, Runnable task, Consumer<RuntimeException> onFailure) {
        this.name = name;
        this.interval = interval;
        this.task = task;
        this.onFailure = onFailure;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
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
