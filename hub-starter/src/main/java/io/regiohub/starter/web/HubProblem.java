package io.regiohub.starter.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the service refuses for a reason the client can act on. Rendered as RFC 9457 Problem
 * Details with the status, a stable {@code type}, a human-readable detail and, where fields are at
 * fault, {@code errors} naming each field and its reason.
 */
public class HubProblem extends RuntimeException {

    public static final String TYPE_BASE = "https://regiohub.io/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public HubProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static HubProblem notFound(String what, Object id) {
        return new HubProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                what + " " + id + " does not exist", List.of());
    }

    public static HubProblem conflict(String detail) {
        return new HubProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, List.of());
    }

    /** 422: the request is well-formed but the domain refuses it now (a deadline passed, not eligible). */
    public static HubProblem unprocessable(String type, String title, String detail, String field, String reason) {
        return new HubProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, title, detail, List.of(new FieldError(field, reason)));
    }

    public static HubProblem invalidField(String field, String reason) {
        return new HubProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request is not valid: " + field + " " + reason, List.of(new FieldError(field, reason)));
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One field (a JSON path such as {@code topics[1]}, or a path or query parameter name) and why it is wrong. */
    public record FieldError(String field, String reason) {
    }
}
