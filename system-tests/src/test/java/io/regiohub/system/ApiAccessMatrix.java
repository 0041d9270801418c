package io.regiohub.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.test.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.JsonNode;

/**
 * The access matrix generated from the services' OpenAPI documents (as the gateway serves them):
 * every operation is called through the gateway with no token, with a token of another
 * municipality, and with every role it does not allow. Each operation declares its rule as
 * {@code x-regiohub-access} ({@code @HubAccess} in the code); one without a rule, or with a path
 * parameter this matrix has no value for, fails the test, so a new endpoint cannot slip through.
 *
 * <p>The calls are made by tokens that must be refused before the service reads the body, so the
 * bodies are empty JSON objects; nothing a refused call sends is stored.
 */
final class ApiAccessMatrix {

    static final List<String> SERVICES = List.of("participation", "mobility", "funding", "identity");
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** An operation of a service's API with its declared access rule. */
    record Operation(String service, String method, String path, JsonNode access) {
        boolean published() {
            return access.path("published").asBoolean(false);
        }

        /** Shared data (@HubAccess(shared = true)): another municipality is answered, without the owner's data. */
        boolean shared() {
            return access.path("shared").asBoolean(false);
        }

        List<String> roles() {
            List<String> roles = new ArrayList<>();
            access.path("roles").forEach(r -> roles.add(r.asString()));
            return roles;
        }

        boolean tenantScoped() {
            return access.hasNonNull("tenant");
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path + " (" + service + ")";
        }
    }

    /**
     * @param owner       the municipality whose data the calls aim at, with its client's token
     * @param foreign     another municipality's client
     * @param tokensByRole a token per role ({@code MUNICIPALITY} being the owner's own client)
     * @param pathValue   a real value for each path parameter, by path and parameter name (null: none known)
     * @param ownerData   strings of the owner's data that must never appear in a refused answer
     * @param bodies      a real request body by "METHOD path" (e.g. a booking naming the owner's consultation);
     *                    others get {@code {}}
     */
    record Fixture(String owner, HttpJson anonymous, HttpJson foreign, Map<String, HttpJson> tokensByRole,
                   Function<String, Function<String, String>> pathValue, List<String> ownerData,
                   Map<String, String> bodies) {
    }

    static List<Operation> operations(HttpJson gateway) {
        List<Operation> operations = new ArrayList<>();
        for (String service : SERVICES) {
            HttpJson.Response doc = gateway.get("/v3/api-docs/" + service);
            assertThat(doc.status()).as("OpenAPI document of " + service + " through the gateway").isEqualTo(200);
            JsonNode paths = doc.json().path("paths");
            for (String path : paths.propertyNames()) {
                JsonNode item = paths.path(path);
                for (String method : item.propertyNames()) {
                    if (METHODS.contains(method)) {
                        operations.add(new Operation(service, method, path, item.path(method).path("x-regiohub-access")));
                    }
                }
            }
        }
        return operations;
    }

    static void check(List<Operation> operations, Fixture fixture) {
        SoftAssertions soft = new SoftAssertions();
        for (Operation op : operations) {
            if (op.access().isMissingNode()) {
                soft.fail(op + " declares no access rule: annotate it with @HubAccess");
                continue;
            }
            System.out.println("access matrix: " + op + " " + op.access());
            String path = resolve(op, fixture, soft);
            if (path == null) {
                continue;
            }
            String body = op.method().equals("get") || op.method().equals("delete") ? null
                    : fixture.bodies().getOrDefault(op.method().toUpperCase() + " " + op.path(), "{}");

            HttpJson.Response anonymous = fixture.anonymous().request(op.method().toUpperCase(), path, body);
            if (op.published()) {
                soft.assertThat(anonymous.status()).as(op + " without a token (published)").isNotEqualTo(401).isLessThan(500);
                continue; // published content is everyone's: no tenant or role to refuse
            }
            soft.assertThat(anonymous.status()).as(op + " without a token").isEqualTo(401);

            if (op.roles().contains("MUNICIPALITY")) {
                HttpJson.Response foreign = fixture.foreign().request(op.method().toUpperCase(), path, body);
                if (op.shared()) {
                    soft.assertThat(foreign.status()).as(op + " (shared) with another municipality's token: "
                            + foreign.body()).isLessThan(500);
                } else {
                    soft.assertThat(foreign.status()).as(op + " with another municipality's token: " + foreign.body())
                            .isIn(403, 404);
                }
                for (String data : fixture.ownerData()) {
                    soft.assertThat(foreign.body()).as(op + " answer to another municipality").doesNotContain(data);
                }
            }
            for (Map.Entry<String, HttpJson> role : fixture.tokensByRole().entrySet()) {
                if (op.roles().contains(role.getKey())) {
                    continue;
                }
                HttpJson.Response wrongRole = role.getValue().request(op.method().toUpperCase(), path, body);
                soft.assertThat(wrongRole.status()).as(op + " with role " + role.getKey() + ": " + wrongRole.body())
                        .isEqualTo(403);
                for (String data : fixture.ownerData()) {
                    soft.assertThat(wrongRole.body()).as(op + " answer to role " + role.getKey()).doesNotContain(data);
                }
            }
        }
        soft.assertAll();
    }

    /** The path with each {parameter} replaced by the fixture's value. */
    private static String resolve(Operation op, Fixture fixture, SoftAssertions soft) {
        String path = op.path();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = fixture.pathValue().apply(op.path()).apply(m.group(1));
            if (value == null) {
                soft.fail(op + ": the access matrix has no value for path parameter {" + m.group(1)
                        + "}; add one to its fixture");
                return null;
            }
            m.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }
}
