package io.regiohub.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the CloudEvents type ({@code io.regiohub.<context>.<aggregate>.<event>.v<N>}) of a
 * {@link DomainEvent} record and the topic it is published on. Its JSON Schema lives at
 * {@code /schemas/<type>.json} in this module.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    String value();

    TopicCatalogue topic();

    /** The CloudEvents {@code subject}: what the event is about, e.g. {@code proposal}. */
    String subject();
}
