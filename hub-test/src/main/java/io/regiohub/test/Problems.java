package io.regiohub.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on RFC 9457 Problem Details answers. */
public final class Problems {

    private Problems() {
    }

    /** A Problem Details answer with this status and type ({@code https://regiohub.io/problems/<type>}), no stack trace. */
    public static JsonNode assertProblem(HttpJson.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode json = response.json();
        assertThat(json.path("status").asInt()).isEqualTo(status);
        assertThat(json.path("type").asString()).as(response.body()).isEqualTo("https://regiohub.io/problems/" + type);
        assertThat(json.path("detail").asString()).as(response.body()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return json;
    }

    /** 400 invalid-request naming {@code field} among its errors, each with a reason. */
    public static void assertInvalid(HttpJson.Response response, String field) {
        JsonNode json = assertProblem(response, 400, "invalid-request");
        List<String> fields = new ArrayList<>();
        json.path("errors").forEach(e -> {
            fields.add(e.path("field").asString());
            assertThat(e.path("reason").asString()).isNotBlank();
        });
        assertThat(fields).as(response.body()).contains(field);
    }
}
