package io.regiohub.events;

/**
 * A domain event: a small immutable record named in the past tense, annotated with {@link EventType}.
 * Its {@link #aggregateId()} is the Kafka key, so that the events of one aggregate stay in order;
 * its {@link #municipality()} travels as the CloudEvents extension {@code municipality}.
 */
public interface DomainEvent {

    String aggregateId();

    String municipality();
}
