package io.regiohub.participation;

import io.regiohub.test.HttpJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for opening processes in tests. */
public final class ProcessBodies {

    private ProcessBodies() {
    }

    /** Phases as the API takes them: type, start and end, each start and end in hours from now. */
    public static List<Map<String, Object>> phases(Object... typeFromTo) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> phases = new ArrayList<>();
        for (int i = 0; i < typeFromTo.length; i += 3) {
            phases.add(Map.of("type", typeFromTo[i],
                    "startsAt", now.plus(hours(typeFromTo[i + 1])).toString(),
                    "endsAt", now.plus(hours(typeFromTo[i + 2])).toString()));
        }
        return phases;
    }

    private static Duration hours(Object h) {
        return Duration.ofMinutes((long) (((Number) h).doubleValue() * 60));
    }

    public static String process(String title, String audience, Integer threshold, List<Map<String, Object>> phases) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("description", "Beteiligungsverfahren " + title);
        body.put("topics", List.of("mobility", "wlan"));
        body.put("audience", audience);
        body.put("phases", phases);
        if (threshold != null) {
            body.put("supportThreshold", threshold);
        }
        return HttpJson.toJson(body);
    }
}
