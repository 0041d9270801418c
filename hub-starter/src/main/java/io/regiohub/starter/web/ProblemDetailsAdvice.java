package io.regiohub.starter.web;

import io.regiohub.events.MunicipalityKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of every service as RFC 9457 Problem Details: a 4xx that names each field at fault
 * and why ({@code errors: [{field, reason}]}), never a stack trace; an unexpected failure is a
 * plain 500 whose details stay in the log.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(HubProblem.class)
    public ResponseEntity<Object> hubProblem(HubProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        body.setTitle(problem.title());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(MunicipalityKey.InvalidMunicipalityKeyException.class)
    public ResponseEntity<Object> invalidKey(MunicipalityKey.InvalidMunicipalityKeyException e) {
        return hubProblem(HubProblem.invalidField("municipality", e.getMessage()));
    }

    /**
     * A constraint of the database refused what validation let through: a unique key is a conflict
     * (409); a check, not-null or data error (a NUL character, a value too long) is bad input (400),
     * named by the column where PostgreSQL names it ({@code <table>_<column>_check}).
     */
    @ExceptionHandler({DataIntegrityViolationException.class, DataAccessException.class})
    public ResponseEntity<Object> database(DataAccessException e) {
        String state = io.regiohub.starter.jdbc.SqlStates.of(e);
        if (state == null || !(state.startsWith("23") || state.startsWith("22"))) {
            return unexpected(e);
        }
        log.info("Request refused by the database ({}): {}", state, e.getMostSpecificCause().getMessage());
        if (state.equals(io.regiohub.starter.jdbc.SqlStates.UNIQUE_VIOLATION)) {
            return hubProblem(HubProblem.conflict("The request conflicts with data already stored"));
        }
        String field = "body";
        if (e.getMostSpecificCause() instanceof org.postgresql.util.PSQLException pg
                && pg.getServerErrorMessage() != null) {
            var message = pg.getServerErrorMessage();
            if (message.getColumn() != null) {
                field = message.getColumn();
            } else if (message.getConstraint() != null && message.getTable() != null
                    && message.getConstraint().startsWith(message.getTable() + "_")) {
                field = message.getConstraint().substring(message.getTable().length() + 1).replaceFirst("_check$", "");
            }
        }
        return hubProblem(HubProblem.invalidField(field, "has a value that cannot be stored"));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed to process the request; the failure is logged");
        body.setType(URI.create(HubProblem.TYPE_BASE + "internal-error"));
        body.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<HubProblem.FieldError> errors = new ArrayList<>();
        for (FieldError fe : ex.getBindingResult().getFieldErrors()) {
            errors.add(new HubProblem.FieldError(fe.getField(), fe.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(ge -> errors.add(new HubProblem.FieldError(ge.getObjectName(), ge.getDefaultMessage())));
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<HubProblem.FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = parameterName(result);
            result.getResolvableErrors().forEach(e -> errors.add(new HubProblem.FieldError(
                    // a @Valid body reports its fields, any other parameter reports itself
                    e instanceof FieldError fe ? fe.getField() : name, e.getDefaultMessage())));
        }
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof StreamReadException parse) {
            String where = parse.getLocation() == null ? "" : " at line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr();
            return invalid(List.of(new HubProblem.FieldError("body", "is not well-formed JSON" + where)));
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return invalid(List.of(new HubProblem.FieldError(path(jackson), reason(jackson))));
        }
        return invalid(List.of(new HubProblem.FieldError("body", "is missing or not a JSON object of the expected form")));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
        return invalid(List.of(new HubProblem.FieldError(name, "must be a valid " + expected)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers,
                                                                          HttpStatusCode status,
                                                                          WebRequest request) {
        return invalid(List.of(new HubProblem.FieldError(ex.getParameterName(), "is required")));
    }

    private ResponseEntity<Object> invalid(List<HubProblem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.reason())
                .reduce((a, b) -> a + "; " + b).orElse("the request is not valid");
        return hubProblem(new HubProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request is not valid: " + detail, errors));
    }

    private static String parameterName(ParameterValidationResult result) {
        PathVariable pv = result.getMethodParameter().getParameterAnnotation(PathVariable.class);
        if (pv != null && !pv.value().isEmpty()) {
            return pv.value();
        }
        RequestParam rp = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
        if (rp != null && !rp.value().isEmpty()) {
            return rp.value();
        }
        String name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter" : name;
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String reason(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException f) {
            return "has an invalid value " + abbreviate(String.valueOf(f.getValue())) + " for "
                    + typeName(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return "must be " + typeName(m.getTargetType());
        }
        return "has an invalid value";
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        return "a JSON " + (type.isRecord() ? "object" : "value");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? "\"" + s.substring(0, 40) + "...\"" : "\"" + s + "\"";
    }
}
