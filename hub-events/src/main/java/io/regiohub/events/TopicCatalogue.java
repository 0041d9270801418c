package io.regiohub.events;

import java.util.List;
import java.util.Optional;

/**
 * Every Kafka topic of the hub, the key its records carry and its partition count. Nobody types a
 * topic name as a string literal elsewhere: producers, consumers, binding configuration checks,
 * the local hub's topic creation and the AsyncAPI document all read this catalogue.
 */
public enum TopicCatalogue {

    PARTICIPATION_EVENTS("participation.events", "aggregate id (proposal, process, ...)", 6, false,
            "Domain events of citizen participation"),
    MOBILITY_EVENTS("mobility.events", "aggregate id (feed, trip, hotspot, ...)", 6, false,
            "Domain events of public-transport mobility"),
    MOBILITY_REALTIME("mobility.realtime", "feed id", 6, false,
            "High-volume realtime data (GTFS-Realtime), kept off the domain topics"),
    FUNDING_EVENTS("funding.events", "aggregate id (consultation, application, ...)", 6, false,
            "Domain events of funding consultation"),
    DIRECTORY_MUNICIPALITIES("directory.municipalities", "municipality key (AGS)", 3, true,
            "The municipality directory, one record per municipality, compacted");

    /** Dead-letter topics are named {@code <topic>.<consumer-group>.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private final String topic;
    private final String key;
    private final int partitions;
    private final boolean compacted;
    private final String description;

    TopicCatalogue(String topic, String key, int partitions, boolean compacted, String description) {
        this.topic = topic;
        this.key = key;
        this.partitions = partitions;
        this.compacted = compacted;
        this.description = description;
    }

    public String topic() {
        return topic;
    }

    public String key() {
        return key;
    }

    public int partitions() {
        return partitions;
    }

    public boolean compacted() {
        return compacted;
    }

    public String description() {
        return description;
    }

    /** The dead-letter topic of this topic for one consumer group. */
    public String deadLetterTopic(String consumerGroup) {
        return deadLetterTopic(topic, consumerGroup);
    }

    public static String deadLetterTopic(String topic, String consumerGroup) {
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new IllegalArgumentException("a dead-letter topic needs the consumer group");
        }
        return topic + "." + consumerGroup + DEAD_LETTER_SUFFIX;
    }

    public static Optional<TopicCatalogue> byName(String topic) {
        for (TopicCatalogue t : values()) {
            if (t.topic.equals(topic)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(TopicCatalogue::topic).toList();
    }
}
