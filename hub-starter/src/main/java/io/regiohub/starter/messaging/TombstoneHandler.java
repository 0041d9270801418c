package io.regiohub.starter.messaging;

/**
 * Applies a tombstone: a record of a compacted topic without a value, which deletes its key. Runs
 * in a transaction of its own; a tombstone has no CloudEvents id, so it does not pass the inbox and
 * the handler must be idempotent by itself (deleting what is gone already changes nothing).
 */
@FunctionalInterface
public interface TombstoneHandler {

    /** @param key the record's Kafka key, as UTF-8 text */
    void handle(String key);
}
