package io.regiohub.participation.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regiohub.participation.ParticipationApiTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/** Group commit, against the real database: grouping, and a failing item failing only its own request. */
class GroupCommitTest extends ParticipationApiTest {

    @Autowired
    TransactionTemplate tx;

    @Test
    void requestsThatArriveWhileAGroupIsWrittenAreWrittenTogetherAndABadItemFailsOnlyItself() throws Exception {
        jdbc.sql("CREATE TABLE IF NOT EXISTS group_commit_probe (item text PRIMARY KEY CHECK (item NOT LIKE 'bad%'))")
                .update();
        String run = "-" + UUID.randomUUID();
        CountDownLatch gate = new CountDownLatch(1);
        List<List<String>> groups = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GroupCommit<String, String> commit = new GroupCommit<>("probe", tx, items -> {
            groups.add(items);
            if (items.contains("gate")) {
                try {
                    gate.await(10, TimeUnit.SECONDS); // holds the writer until the next group has queued
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            items.forEach(i -> jdbc.sql("INSERT INTO group_commit_probe VALUES (:item)").param("item", i + run).update());
            return items.stream().map(String::toUpperCase).toList();
        }, 10, 100)) {
            Future<String> first = pool.submit(() -> commit.write("gate", 10, TimeUnit.SECONDS));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> groups.size() == 1);
            List<Future<String>> next = List.of("a", "bad", "b").stream()
                    .map(item -> pool.submit(() -> commit.write(item, 10, TimeUnit.SECONDS))).toList();
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commit.waiting() == 3);
            gate.countDown();

            assertThat(first.get()).isEqualTo("GATE");
            assertThat(next.get(0).get()).isEqualTo("A");
            assertThat(next.get(2).get()).isEqualTo("B");
            assertThatThrownBy(() -> next.get(1).get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DataIntegrityViolationException.class);
            // the three queued together were one group; it failed as a whole and was written again item by item
            assertThat(groups.get(1)).containsExactlyInAnyOrder("a", "bad", "b");
            assertThat(groups.subList(2, groups.size())).hasSize(3).allSatisfy(g -> assertThat(g).hasSize(1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT item FROM group_commit_probe WHERE item LIKE :run").param("run", "%" + run)
                .query(String.class).list()).containsExactlyInAnyOrder("gate" + run, "a" + run, "b" + run);
    }

    @Test
    void aRequestThatGaveUpWaitingIsNotWrittenAndAFullQueueRefusesAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (GroupCommit<String, String> commit = new GroupCommit<>("probe", tx, items -> {
            if (items.contains("gate")) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            written.addAll(items);
            return items;
        }, 10, 1)) {
            Future<String> first = pool.submit(() -> commit.write("gate", 10, TimeUnit.SECONDS));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commit.waiting() == 0 && !first.isDone());
            // the writer is held: "late" waits in the queue (which it fills) and gives up
            assertThatThrownBy(() -> commit.write("late", 50, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(commit.waiting()).isEqualTo(1);
            assertThatThrownBy(() -> commit.write("refused", 10, TimeUnit.SECONDS))
                    .as("a full queue refuses at once").isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
            gate.countDown();
            assertThat(first.get()).isEqualTo("gate");
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commit.waiting() == 0);
            assertThat(commit.write("after", 10, TimeUnit.SECONDS)).isEqualTo("after");
        } finally {
            pool.shutdownNow();
        }
        assertThat(written).containsExactly("gate", "after");
    }
}
