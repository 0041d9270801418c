package io.regiohub.bench;

import io.regiohub.local.Folders;
import io.regiohub.local.FreePorts;
import io.regiohub.local.LocalHubConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every benchmark does alike: its options, a local hub on fresh data, a demo client's token. */
final class Bench {

    private Bench() {
    }

    /** {@code --name=value} arguments. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return opts;
    }

    static Path root(Map<String, String> opts) {
        return Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
    }

    /** The local hub's configuration on free ports, its data under {@code bench/target/<folder>} deleted first. */
    static LocalHubConfig freshHub(Path root, String folder, String purpose) throws Exception {
        return freshHub(root, folder, purpose, List.of());
    }

    /** The same, with JVM options for every process of the hub (e.g. {@code -D} settings for this run). */
    static LocalHubConfig freshHub(Path root, String folder, String purpose, List<String> jvmArgs) throws Exception {
        Path data = root.resolve("bench/target/" + folder);
        Folders.deleteRecursively(data);
        System.out.printf("Starting the local hub %s (%d cores, Java %s) ...%n", purpose,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        return FreePorts.config(root, data, jvmArgs);
    }

    /** Prints the report and keeps it in {@code bench/target/<file>}. */
    static void publish(Path root, String file, String report) throws java.io.IOException {
        System.out.println();
        System.out.println(report);
        Path out = root.resolve("bench/target/" + file);
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, report);
        System.out.println("written to " + out);
    }

    /** A demo client's token ({@code local-only-secret}) from the gateway's token endpoint. */
    /** A GET of a measured endpoint with the caller's token; an answer later than 10 s counts as failed. */
    static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(java.time.Duration.ofSeconds(10)).GET().build();
    }

    static String token(HttpClient http, String gateway, String clientId) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":local-only-secret").getBytes());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no token for " + clientId + ": " + response.statusCode() + " " + response.body());
        }
        return m.group(1);
    }
}
