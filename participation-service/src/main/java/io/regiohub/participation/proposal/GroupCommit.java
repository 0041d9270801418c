package io.regiohub.participation.proposal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: what concurrent requests want written is written by one thread, all that arrived
 * while the previous group was being written in one transaction, and each request waits for the
 * commit of its own group. Nothing is answered before it is committed, and under load the cost of
 * a transaction and of the round trips to the database is shared by many requests instead of
 * being paid by each (the support path of 2,000 requests per second).
 *
 * <p>A group that fails on its data (a constraint, a lock not granted in time) is written again one
 * item at a time, so that the failure is only its own request's; a group that fails because the
 * database cannot be reached fails whole, at once. A request that stops waiting (its timeout) takes
 * its item out of the groups still to be written; when the queue is full, or the service is
 * stopping, a request is refused at once ({@link RejectedExecutionException}). Hand-written: neither
 * Spring nor the JDBC driver offers group commit across requests, and the mechanism is this bounded
 * queue and one thread.
 *
 * @param <I> what one request wants written
 * @param <O> what the request learns of it
 */
final class GroupCommit<I, O> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<I, O>(I item, CompletableFuture<O> done) {
    }

    private final BlockingQueue<Pending<I, O>> queue;
    private final TransactionTemplate tx;
    private final Function<List<I>, List<O>> write;
    private final int maxGroup;
    private final Thread writer;
    private volatile boolean open = true;

    /**
     * @param write writes a group in the caller's transaction and returns one result per item, in order
     * @param maxGroup the most items written in one transaction
     * @param maxQueued the most items waiting; more are refused
     */
    GroupCommit(String name, TransactionTemplate tx, Function<List<I>, List<O>> write, int maxGroup, int maxQueued) {
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.tx = tx;
        this.write = write;
        this.maxGroup = maxGroup;
        this.writer = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        writer.start();
    }

    /**
     * Writes the item with the next group and returns its result once that group is committed.
     *
     * @throws TimeoutException not committed in time: the item is taken out if it was not written yet
     * @throws RejectedExecutionException the queue is full or the service is stopping
     */
    O write(I item, long timeout, TimeUnit unit) throws TimeoutException {
        CompletableFuture<O> done = new CompletableFuture<>();
        if (!open || !queue.offer(new Pending<>(item, done))) {
            throw new RejectedExecutionException(open ? "too many writes waiting" : "stopping");
        }
        try {
            return done.get(timeout, unit);
        } catch (TimeoutException e) {
            done.cancel(false); // the writer skips it if its group has not begun
            throw e;
        } catch (CancellationException e) {
            throw new RejectedExecutionException("stopping", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        }
    }

    /** Items queued for the next group (for tests). */
    int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending<I, O>> group = new ArrayList<>(maxGroup);
        while (open || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                group.removeIf(p -> p.done().isDone()); // given up waiting: not written
                if (!group.isEmpty()) {
                    commit(group);
                }
            } catch (InterruptedException e) {
                // close() asks the loop to end once the queue is empty
            } catch (Throwable unexpected) {
                // the loop must outlive anything: requests wait on it
                group.forEach(p -> p.done().completeExceptionally(unexpected));
                log.error("group commit {} failed", Thread.currentThread().getName(), unexpected);
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending<I, O>> group) {
        List<O> results;
        try {
            results = tx.execute(status -> write.apply(group.stream().map(Pending::item).toList()));
        } catch (DataAccessResourceFailureException | TransientDataAccessResourceException unavailable) {
            // the database cannot be reached: writing each alone would only wait as long again, each
            group.forEach(p -> p.done().completeExceptionally(unavailable));
            return;
        } catch (RuntimeException failed) {
            if (group.size() == 1) {
                group.getFirst().done().completeExceptionally(failed);
                return;
            }
            log.warn("group of {} failed ({}); writing each alone", group.size(), failed.toString());
            for (Pending<I, O> p : group) {
                commit(new ArrayList<>(List.of(p)));
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).done().complete(results.get(i));
        }
    }

    /**
     * Writes what is queued, then ends the writer; call after the web server stopped taking requests.
     * What is still queued after 30 s is refused.
     */
    @Override
    public void close() throws InterruptedException {
        open = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
        for (Pending<I, O> p; (p = queue.poll()) != null; ) {
            p.done().cancel(false);
        }
    }
}
