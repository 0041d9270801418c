package io.regiohub.starter.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** 401 and 403 from the security filters as RFC 9457 Problem Details, like every other error of the hub. */
public final class SecurityProblems {

    private SecurityProblems() {
    }

    public static void unauthorized(HttpServletRequest request, HttpServletResponse response, Exception e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, 401, "unauthorized", "Unauthorized", "A valid bearer token is required");
    }

    public static void forbidden(HttpServletRequest request, HttpServletResponse response, Exception e)
            throws IOException {
        write(response, 403, "forbidden", "Forbidden", "The token's role does not allow this request");
    }

    private static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"https://regiohub.io/problems/" + type + "\",\"title\":\""
                + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
