package io.regiohub.mobility.board;

import io.regiohub.events.TopicCatalogue;
import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.realtime.RealtimeStates;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live departure boards by Server-Sent Events. Each subscriber gets its board at once, again whenever
 * realtime data of its feed was applied anywhere in the hub, and every {@code live-refresh} as time
 * moves on. Other instances' changes arrive as {@code realtime.applied} notices on
 * {@code mobility.realtime}, read by every instance (partitions assigned, no consumer group: a notice
 * is a broadcast, not work to share, and a missed one only delays a board until the next refresh).
 */
@Component
public class LiveBoards implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveBoards.class);

    private record Subscription(UUID feedId, String stopId, Duration window, SseEmitter emitter) {
    }

    private final DepartureBoards boards;
    private final RealtimeStates states;
    private final KafkaProperties kafka;
    private final MobilityProperties properties;
    private final Map<UUID, Set<Subscription>> byFeed = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("live-board-", 0).daemon().factory());
    private volatile ScheduledExecutorService ticker;
    private volatile Thread listener;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;

    public LiveBoards(DepartureBoards boards, RealtimeStates states, KafkaProperties kafka, MobilityProperties properties) {
        this.boards = boards;
        this.states = states;
        this.kafka = kafka;
        this.properties = properties;
        states.onChange(feedId -> senders.execute(() -> refresh(feedId)));
    }

    public SseEmitter subscribe(UUID feedId, String stopId, Duration window) {
        // the first board is computed before subscribing: an unknown feed or stop is a 404, not a stream
        DepartureBoards.Board first = boards.board(feedId, stopId, Instant.now(), window);
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Subscription s = new Subscription(feedId, stopId, window, emitter);
        byFeed.computeIfAbsent(feedId, f -> ConcurrentHashMap.newKeySet()).add(s);
        Runnable remove = () -> byFeed.getOrDefault(feedId, Set.of()).remove(s);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(s, first);
        return emitter;
    }

    public int subscribers() {
        return byFeed.values().stream().mapToInt(Set::size).sum();
    }

    private void refresh(UUID feedId) {
        for (Subscription s : List.copyOf(byFeed.getOrDefault(feedId, Set.of()))) {
            try {
                send(s, boards.board(s.feedId(), s.stopId(), Instant.now(), s.window()));
            } catch (RuntimeException e) {
                s.emitter().completeWithError(e);
            }
        }
    }

    private void send(Subscription s, DepartureBoards.Board board) {
        try {
            s.emitter().send(SseEmitter.event().name("board").id(board.generatedAt().toString()).data(board));
        } catch (IOException | IllegalStateException e) {
            byFeed.getOrDefault(s.feedId(), Set.of()).remove(s);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("live-board-tick").daemon().factory());
        long every = properties.boards().liveRefresh().toMillis();
        ticker.scheduleWithFixedDelay(() -> byFeed.keySet().forEach(f -> senders.execute(() -> refresh(f))), every, every,
                TimeUnit.MILLISECONDS);
        listener = Thread.ofPlatform().name("realtime-notices").daemon().start(this::listen);
    }

    private void listen() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = TopicCatalogue.MOBILITY_REALTIME.topic();
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(partitions);
                c.seekToEnd(partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(1))) {
                        try {
                            states.invalidate(UUID.fromString(r.key()));
                        } catch (IllegalArgumentException | NullPointerException e) {
                            log.debug("ignoring a notice keyed {}", r.key());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("realtime notices: {}; reconnecting", e.getMessage());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        senders.shutdownNow();
        byFeed.values().forEach(set -> set.forEach(s -> s.emitter().complete()));
        byFeed.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
