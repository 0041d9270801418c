package io.regiohub.starter.messaging;

/**
 * An event that can never be processed, however often it is retried: not a CloudEvent, no payload,
 * a payload that violates its type's JSON Schema or a tenant key that is not one. Goes to the
 * dead-letter topic at once, without retries.
 */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
