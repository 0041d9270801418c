package io.regiohub.starter.directory;

import io.regiohub.events.MunicipalityKey;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.starter.HubSchema;
import io.regiohub.starter.messaging.EventConsumers;
import io.regiohub.starter.messaging.EventMetadata;
import io.regiohub.starter.messaging.UnprocessableEventException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;

/**
 * Keeps the service's local copy of the municipality directory: applies every
 * {@link MunicipalityRecorded} of the compacted topic {@code directory.municipalities} to
 * {@code hub.municipality_directory}.
 *
 * <ul>
 *   <li>The envelope is read, validated and deduplicated by {@link EventConsumers} like every other
 *       event; what cannot be processed goes to {@code directory.municipalities.<group>.dlt}.</li>
 *   <li>An entry is replaced only by one whose {@code recordedAt} is not older: an older version
 *       that arrives late (a relay that sends a batch again, a replay) changes nothing.</li>
 *   <li>A tombstone (the key without value) deletes the entry. It carries no {@code recordedAt}, so it
 *       wins over what came before it on the partition, as compaction would; a record of the key that
 *       comes after it creates the entry again.</li>
 * </ul>
 *
 * A service enables it by naming {@value #FUNCTION} in {@code spring.cloud.function.definition};
 * hub-starter's defaults bind it ({@value #BINDING}) to the topic, from the earliest offset, in the
 * consumer group {@code <spring.application.name>-directory}.
 */
public class DirectoryReplica {

    /** The function's name, to list in {@code spring.cloud.function.definition}. */
    public static final String FUNCTION = "directoryReplica";
    /** Its input binding. */
    public static final String BINDING = FUNCTION + "-in-0";
    /** The default consumer group is the service's name with this suffix. */
    public static final String GROUP_SUFFIX = "-directory";

    private static final Logger log = LoggerFactory.getLogger(DirectoryReplica.class);

    private final JdbcClient jdbc;

    /** {@code schema} is taken so that the table exists before the first event arrives. */
    public DirectoryReplica(JdbcClient jdbc, HubSchema schema) {
        this.jdbc = jdbc;
    }

    /**
     * The consumer group of the binding, also the replica's inbox key and part of its dead-letter
     * topic's name: {@code spring.cloud.stream.bindings.directoryReplica-in-0.group}, by default
     * {@code <spring.application.name>-directory}.
     */
    public static String consumerGroup(Environment environment) {
        String group = environment.getProperty("spring.cloud.stream.bindings." + BINDING + ".group");
        return group != null && !group.isBlank() ? group
                : environment.getRequiredProperty("spring.application.name") + GROUP_SUFFIX;
    }

    /** The Spring Cloud Stream consumer function bound as {@value #BINDING}. */
    public Consumer<Message<byte[]>> consumer(EventConsumers consumers, String group) {
        return consumers.consumer(group)
                .on(MunicipalityRecorded.class, this::record)
                .onTombstone(this::forget)
                .build();
    }

    /**
     * Stores the entry unless the copy holds a newer version of it.
     *
     * @return whether the entry was stored
     */
    public boolean record(MunicipalityRecorded entry, EventMetadata metadata) {
        int changed = jdbc.sql("""
                        INSERT INTO hub.municipality_directory AS d
                            (municipality_key, name, kind, district_key, population, classification, recorded_at)
                        VALUES (:key, :name, :kind, :district, :population, :classification, :recordedAt)
                        ON CONFLICT (municipality_key) DO UPDATE SET
                            name = EXCLUDED.name,
                            kind = EXCLUDED.kind,
                            district_key = EXCLUDED.district_key,
                            population = EXCLUDED.population,
                            classification = EXCLUDED.classification,
                            recorded_at = EXCLUDED.recorded_at,
                            updated_at = clock_timestamp()
                        WHERE d.recorded_at <= EXCLUDED.recorded_at""")
                .param("key", entry.municipality())
                .param("name", entry.name())
                .param("kind", entry.kind())
                .param("district", entry.districtKey())
                .param("population", entry.population())
                .param("classification", entry.classification())
                .param("recordedAt", OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC))
                .update();
        if (changed == 0) {
            log.info("Directory entry {} of {} (event {}) is older than the stored one, left it out",
                    entry.municipality(), entry.recordedAt(), metadata == null ? "-" : metadata.id());
        }
        return changed == 1;
    }

    /** Deletes the entry of a key whose tombstone arrived; nothing happens if there is none. */
    public void forget(String key) {
        if (!MunicipalityKey.isValid(key)) {
            throw new UnprocessableEventException("a tombstone of " + key + ", which is no municipality key");
        }
        int deleted = jdbc.sql("DELETE FROM hub.municipality_directory WHERE municipality_key = :key")
                .param("key", key)
                .update();
        log.info("Tombstone of directory entry {}: {}", key, deleted == 1 ? "deleted" : "there was none");
    }
}
