package io.regiohub.starter.messaging;

/** Applies one event; runs inside the transaction that also records the event in the inbox. */
@FunctionalInterface
public interface EventHandler<E> {

    void handle(E event, EventMetadata metadata);
}
