package io.regiohub.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whatever goes wrong in the gateway itself (no route, a malformed request, a bug) reaches the
 * client as Problem Details; a 5xx never carries the exception's message or a stack trace, only the
 * correlation id to find it in the log.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1)
public class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ResponseStatusException rse && !rse.getStatusCode().is5xxServerError()) {
            HttpStatusCode status = rse.getStatusCode();
            if (status.value() == 404) {
                return GatewayProblems.write(exchange, status, "not-found", "Not found",
                        "No API of the hub answers " + exchange.getRequest().getMethod() + " "
                                + exchange.getRequest().getPath().value());
            }
            if (status.value() == 413) {
                return GatewayProblems.write(exchange, status, "payload-too-large", "Payload too large",
                        rse.getReason() == null ? "The request body is too large" : rse.getReason());
            }
            HttpStatus known = HttpStatus.resolve(status.value());
            String title = known == null ? "Bad request" : known.getReasonPhrase();
            return GatewayProblems.write(exchange, status, "invalid-request", title,
                    rse.getReason() == null ? title : rse.getReason());
        }
        if (error instanceof ResponseStatusException rse && rse.getStatusCode().value() >= 502
                && rse.getStatusCode().value() <= 504) {
            return GatewayProblems.write(exchange, rse.getStatusCode(), "service-unavailable", "Service unavailable",
                    "The service behind this route is not available; retry later");
        }
        log.error("gateway error on {} {} (correlation id {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), CorrelationId.of(exchange), error);
        return GatewayProblems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "The gateway failed to handle the request; quote the correlation id to operations");
    }
}
