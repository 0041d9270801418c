package io.regiohub.participation.proposal;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCodec;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.events.participation.SupportThresholdReached;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Proposals in a process: supports, edits, withdrawal, answers, listing and search. */
class ProposalLifecycleTest extends ParticipationApiTest {

    /** A Frankfurt process in its proposals phase, with a support threshold. */
    String openProcess(Integer threshold) {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Verfahren " + UUID.randomUUID(), "CITIZENS", threshold,
                        phases("PROPOSALS", -1, 48, "EVALUATION", 48, 96)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().path("id").asString();
    }

    String submit(String process, String title, String description, List<String> topics, String citizen) {
        var submitted = frankfurt.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", title, "description", description, "topics", topics, "citizen", citizen)));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return submitted.json().path("id").asString();
    }

    HttpJson.Response support(String proposal, String citizen) {
        return frankfurt.request("PUT", "/api/participation/proposals/" + proposal + "/supports/" + citizen, null);
    }

    JsonNode proposal(String id) {
        return anonymous.get("/api/participation/proposals/" + id).json();
    }

    @Test
    void aHundredConcurrentSupportsWithDuplicatesCountEachCitizenOnceAndTheThresholdIsAnnouncedOnce() throws Exception {
        String process = openProcess(30);
        String id = submit(process, "Radweg an der Hanauer Landstraße", "Ein geschützter Radweg", List.of("mobility"),
                "author-0001");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String citizen = "citizen-" + (i % 50); // every citizen twice
            calls.add(() -> support(id, citizen).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(proposal(id).path("supportCount").asInt()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT count(*) FROM support WHERE proposal_id = :id::uuid").param("id", id)
                .query(Long.class).single()).isEqualTo(50);

        // one more, one taken back and given again: the count follows, the threshold stays announced once
        assertThat(support(id, "citizen-late").json().path("supportCount").asInt()).isEqualTo(51);
        var withdrawn = frankfurt.delete("/api/participation/proposals/" + id + "/supports/citizen-late");
        assertThat(withdrawn.json().path("supportCount").asInt()).isEqualTo(50);
        assertThat(frankfurt.delete("/api/participation/proposals/" + id + "/supports/citizen-late")
                .json().path("supportCount").asInt()).as("withdrawing twice changes nothing").isEqualTo(50);
        assertThat(frankfurt.get("/api/participation/proposals/" + id + "/supports/citizen-7").json()
                .path("supported").asBoolean()).isTrue();

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, id, 2);
        assertThat(events).extracting(PublishedEvents.Published::type)
                .containsExactly(ProposalSubmitted.TYPE, SupportThresholdReached.TYPE);
        SupportThresholdReached reached = EventCodec.fromJson(events.get(1).payload(), SupportThresholdReached.class);
        assertThat(reached.threshold()).isEqualTo(30);
        // supports committed together may cross the threshold at once: the count is the crossing commit's
        assertThat(reached.supportCount()).isBetween(30, 50);
    }

    @Autowired
    DataSource dataSource;

    @Test
    void aSupportRacingTheProposalsClosingWaitsForItIsRefusedWithNothingStoredAndHoldsUpNoOtherSupport() throws Exception {
        String id = submit(openProcess(null), "Trinkbrunnen am Römerberg", "Kostenloses Trinkwasser", List.of("climate"),
                "author-0009");
        assertThat(support(id, "citizen-a").status()).isEqualTo(200);
        try (Connection closing = dataSource.getConnection()) {
            // a closing transaction (as the municipality's answer): the state changed, not yet committed
            closing.setAutoCommit(false);
            try (PreparedStatement reject = closing.prepareStatement("UPDATE proposal SET status = 'REJECTED' WHERE id = ?")) {
                reject.setObject(1, UUID.fromString(id));
                assertThat(reject.executeUpdate()).isEqualTo(1);
            }
            // the support is judged open (its phase allows it), and its statement waits for the tally's row lock
            CompletableFuture<HttpJson.Response> racing = CompletableFuture.supplyAsync(() -> support(id, "citizen-b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO support%'""")
                    .query(Long.class).single() == 1);
            // meanwhile the other proposals' supports are written: one locked proposal holds up no one else
            String other = submit(openProcess(null), "Sitzbank am Mainufer", "Mehr Bänke", List.of("climate"), "author-0010");
            assertThat(support(other, "citizen-c").json().path("supportCount").asInt()).isEqualTo(1);
            assertThat(racing).isNotDone();
            closing.commit();
            Problems.assertProblem(racing.get(10, TimeUnit.SECONDS), 409, "proposal-closed");
        }
        assertThat(proposal(id).path("supportCount").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM support WHERE proposal_id = :id::uuid").param("id", id)
                .query(Long.class).single()).as("the refused support rolled back").isEqualTo(1);
    }

    @Test
    void aSupportOutsideThePhasesThatAllowItIs409NamingThoseAndCountsNothing() {
        // a process now in its evaluation phase, with a proposal from its proposals phase
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Ausgewertet", "CITIZENS", null, phases("PROPOSALS", -96, -48, "EVALUATION", -48, 48)));
        String process = opened.json().path("id").asString();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO proposal (id, municipality, process_id, title, topics, citizen, status, submitted_at)
                        VALUES (:id, '06412000', :process::uuid, 'Sitzbänke am Main', ARRAY['climate'], 'author-0002',
                                'SUBMITTED', :at)""")
                .param("id", id).param("process", process).param("at", Timestamp.from(Instant.now().minusSeconds(60 * 3600)))
                .update();

        JsonNode problem = Problems.assertProblem(support(id.toString(), "citizen-1"), 409, "wrong-phase");
        assertThat(problem.path("detail").asString()).contains("PROPOSALS or DIALOGUE").contains("EVALUATION");
        assertThat(proposal(id.toString()).path("supportCount").asInt()).isZero();
        Problems.assertProblem(frankfurt.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", "Zu spät", "topics", List.of("climate"), "citizen", "author-0003"))), 409, "wrong-phase");
    }

    @Test
    void theAuthorEditsUntilTheFirstSupportAndWithdrawsWhileItIsOpen() {
        String process = openProcess(null);
        String id = submit(process, "Carsharing am Nordend", "Stationen", List.of("mobility"), "author-0004");
        String path = "/api/participation/proposals/" + id;
        String edit = HttpJson.toJson(Map.of("title", "Carsharing im Nordend", "description", "Drei Stationen am Merianplatz",
                "topics", List.of("mobility", "climate"), "citizen", "author-0004"));

        assertThat(anonymous.get("/api/participation/processes/" + process + "/proposals?q=Merianplatz").body())
                .doesNotContain(id);
        Problems.assertProblem(frankfurt.request("PUT", path, HttpJson.toJson(Map.of("title", "Fremd",
                "topics", List.of("mobility"), "citizen", "someone-else"))), 403, "not-author");
        var edited = frankfurt.request("PUT", path, edit);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().path("title").asString()).isEqualTo("Carsharing im Nordend");
        assertThat(edited.json().path("editedAt").isNull()).isFalse();
        // the search finds the edited words, whichever way it is sorted
        String search = "/api/participation/processes/" + process + "/proposals?q=Merianplatz&sort=";
        for (String sort : List.of("supports", "newest", "relevance")) {
            assertThat(anonymous.get(search + sort).body()).as(sort).contains(id);
        }

        support(id, "citizen-1");
        Problems.assertProblem(frankfurt.request("PUT", path, edit), 409, "conflict");
        assertThat(proposal(id).path("title").asString()).isEqualTo("Carsharing im Nordend");

        Problems.assertProblem(frankfurt.post(path + "/withdraw", "{\"citizen\":\"someone-else\"}"), 403, "not-author");
        var withdrawn = frankfurt.post(path + "/withdraw", "{\"citizen\":\"author-0004\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.json().path("steps").get(0).path("source").asString()).isEqualTo("citizen");
        Problems.assertProblem(support(id, "citizen-2"), 409, "proposal-closed");
        Problems.assertProblem(frankfurt.post(path + "/withdraw", "{\"citizen\":\"author-0004\"}"), 409, "proposal-closed");
        assertThat(anonymous.get("/api/participation/processes/" + process + "/proposals").body())
                .as("withdrawn proposals are not listed unless asked for").doesNotContain(id);
        assertThat(anonymous.get("/api/participation/processes/" + process + "/proposals?status=WITHDRAWN").body())
                .contains(id);
    }

    @Test
    void theMunicipalityAnswersWithAStateAndAPublicTextAndEveryStepIsKept() {
        String process = openProcess(null);
        String id = submit(process, "WLAN am Römerberg", "Freies WLAN", List.of("wlan"), "author-0005");
        String path = "/api/participation/proposals/" + id + "/answer";

        Problems.assertProblem(kassel.post(path, "{\"status\":\"ACCEPTED\",\"answer\":\"Fremd\"}"), 403, "forbidden");
        Problems.assertInvalid(frankfurt.post(path, "{\"status\":\"ACCEPTED\",\"answer\":\" \"}"), "answer");
        Problems.assertInvalid(frankfurt.post(path, "{\"status\":\"MAYBE\",\"answer\":\"Vielleicht\"}"), "status");
        Problems.assertProblem(frankfurt.post(path, "{\"status\":\"IMPLEMENTED\",\"answer\":\"Schon fertig\"}"), 422,
                "invalid-transition");
        assertThat(proposal(id).path("status").asString()).isEqualTo("SUBMITTED");

        assertThat(frankfurt.post(path, "{\"status\":\"EVALUATING\",\"answer\":\"Wir prüfen das.\"}").status()).isEqualTo(200);
        var accepted = frankfurt.post(path, "{\"status\":\"ACCEPTED\",\"answer\":\"Wird 2027 umgesetzt.\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        JsonNode view = proposal(id);
        assertThat(view.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(view.path("answer").asString()).isEqualTo("Wird 2027 umgesetzt.");
        assertThat(view.path("steps")).hasSize(2);
        assertThat(view.path("steps").get(1).path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(view.path("steps").get(1).path("source").asString()).isEqualTo("municipality");
        Problems.assertProblem(frankfurt.post(path, "{\"status\":\"REJECTED\",\"answer\":\"Doch nicht\"}"), 422,
                "invalid-transition");

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, id, 3);
        assertThat(events).extracting(PublishedEvents.Published::type)
                .containsExactly(ProposalSubmitted.TYPE, ProposalAnswered.TYPE, ProposalAnswered.TYPE);
        ProposalAnswered answered = EventCodec.fromJson(events.get(2).payload(), ProposalAnswered.class);
        assertThat(answered.previousStatus()).isEqualTo("EVALUATING");
        assertThat(answered.status()).isEqualTo("ACCEPTED");
        assertThat(answered.answer()).isEqualTo("Wird 2027 umgesetzt.");
    }

    @Test
    void aProcessIsListedByCursorSortedBySupportsOrNewestFilteredAndSearchedInGerman() {
        String process = openProcess(null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = submit(process, i % 5 == 0 ? "Neue Radwege Nummer " + i : "Sitzbänke Nummer " + i,
                    i % 5 == 0 ? "Sichere Radwege für Kinder" : "Mehr Bänke im Park",
                    i % 5 == 0 ? List.of("mobility") : List.of("climate"), "author-1" + i);
            ids.add(id);
            for (int s = 0; s < i % 7; s++) {
                support(id, "fan-" + s);
            }
        }
        String base = "/api/participation/processes/" + process + "/proposals";

        // by supports, three pages, each proposal once, counts never rising
        List<Integer> counts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = anonymous.get(base + "?limit=10" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(p -> {
                assertThat(seen.add(p.path("id").asString())).isTrue();
                counts.add(p.path("supportCount").asInt());
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(counts).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // newest first
        JsonNode newest = anonymous.get(base + "?sort=newest&limit=3").json();
        assertThat(newest.path("items").get(0).path("id").asString()).isEqualTo(ids.get(24));
        String next = newest.path("nextCursor").asString();
        assertThat(anonymous.get(base + "?sort=newest&limit=3&cursor=" + next).json().path("items").get(0).path("id")
                .asString()).isEqualTo(ids.get(21));

        // topic and full-text search in German: "Radweg" finds "Radwege", by relevance too
        assertThat(anonymous.get(base + "?topic=mobility&limit=100").json().path("items")).hasSize(5);
        JsonNode found = anonymous.get(base + "?q=Radweg&limit=100").json().path("items");
        assertThat(found).hasSize(5);
        found.forEach(p -> assertThat(p.path("title").asString()).startsWith("Neue Radwege"));
        assertThat(anonymous.get(base + "?q=Radweg&sort=relevance&limit=2").json().path("nextCursor").isNull()).isFalse();
        assertThat(anonymous.get(base + "?q=Kinder%20-Radwege&limit=100").json().path("items")).isEmpty();
        assertThat(anonymous.get(base + "?status=ACCEPTED").json().path("items")).isEmpty();

        // bad parameters
        Problems.assertInvalid(anonymous.get(base + "?cursor=bm90LWEtY3Vyc29y"), "cursor");
        Problems.assertInvalid(anonymous.get(base + "?sort=newest&cursor=" + anonymous.get(base + "?limit=1").json()
                .path("nextCursor").asString()), "cursor");
        Problems.assertInvalid(anonymous.get(base + "?sort=relevance"), "sort");
        Problems.assertInvalid(anonymous.get(base + "?sort=random"), "sort");
        Problems.assertInvalid(anonymous.get(base + "?status=MAYBE"), "status");
        assertThat(anonymous.get(base + "?status=ACCEPTED,&limit=100").status()).as("an empty value is ignored").isEqualTo(200);
        Problems.assertInvalid(anonymous.get(base + "?topic=teleportation"), "topic");
        Problems.assertInvalid(anonymous.get(base + "?limit=0"), "limit");
    }

    @Test
    void anotherMunicipalityNeitherSupportsNorEditsNorAnswersAndChangesNothing() {
        String process = openProcess(null);
        String id = submit(process, "Ladesäulen am Westhafen", "E-Autos", List.of("energy"), "author-0006");
        String path = "/api/participation/proposals/" + id;
        Problems.assertProblem(kassel.request("PUT", path + "/supports/citizen-1", null), 403, "forbidden");
        Problems.assertProblem(kassel.delete(path + "/supports/citizen-1"), 403, "forbidden");
        Problems.assertProblem(kassel.get(path + "/supports/citizen-1"), 403, "forbidden");
        Problems.assertProblem(kassel.request("PUT", path, HttpJson.toJson(Map.of("title", "Gekapert",
                "topics", List.of("energy"), "citizen", "author-0006"))), 403, "forbidden");
        Problems.assertProblem(kassel.post(path + "/withdraw", "{\"citizen\":\"author-0006\"}"), 403, "forbidden");
        Problems.assertProblem(kassel.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(
                Map.of("title", "Fremd", "topics", List.of("energy"), "citizen", "k-0001"))), 403, "forbidden");
        JsonNode unchanged = proposal(id);
        assertThat(unchanged.path("title").asString()).isEqualTo("Ladesäulen am Westhafen");
        assertThat(unchanged.path("supportCount").asInt()).isZero();
        assertThat(unchanged.path("status").asString()).isEqualTo("SUBMITTED");
        Problems.assertInvalid(frankfurt.request("PUT", path + "/supports/max@example.org", null), "citizen");
    }

    @Test
    void aPortalsBatchOfSupportsCountsEachCitizenOnceRefusesWhatBreaksARuleAloneAndAnotherTownsProposalsWhole() {
        String process = openProcess(3);
        String open = submit(process, "Fahrradstraße Oederweg", "Vorrang für Räder", List.of("mobility"), "author-0007");
        String withdrawn = submit(process, "Zurückgezogen", "weg", List.of("mobility"), "author-0008");
        frankfurt.post("/api/participation/proposals/" + withdrawn + "/withdraw", "{\"citizen\":\"author-0008\"}");
        support(open, "fan-0");
        String unknown = UUID.randomUUID().toString();
        List<Map<String, String>> items = new ArrayList<>();
        for (String citizen : List.of("fan-0", "fan-1", "fan-2", "fan-2", "fan-3")) {
            items.add(Map.of("proposalId", open, "citizen", citizen));
        }
        items.add(Map.of("proposalId", withdrawn, "citizen", "fan-1"));
        items.add(Map.of("proposalId", unknown, "citizen", "fan-1"));

        var response = frankfurt.post("/api/participation/supports", HttpJson.toJson(Map.of("supports", items)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(List.of(result.path("added").asInt(), result.path("already").asInt(), result.path("refused").asInt()))
                .containsExactly(3, 2, 2);
        assertThat(result.path("outcomes")).extracting(o -> o.path("outcome").asString())
                .containsExactly("ALREADY", "ADDED", "ADDED", "ALREADY", "ADDED", "REFUSED", "REFUSED");
        assertThat(result.path("outcomes").get(5).path("reason").asString()).contains("WITHDRAWN");
        assertThat(result.path("outcomes").get(6).path("reason").asString()).contains("does not exist");
        assertThat(proposal(open).path("supportCount").asInt()).isEqualTo(4);
        assertThat(proposal(withdrawn).path("supportCount").asInt()).isZero();

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, open, 2);
        assertThat(events).extracting(PublishedEvents.Published::type)
                .containsExactly(ProposalSubmitted.TYPE, SupportThresholdReached.TYPE);

        // Kassel naming Frankfurt's proposal: the whole batch is refused, nothing counted
        Problems.assertProblem(kassel.post("/api/participation/supports", HttpJson.toJson(Map.of("supports", List.of(
                Map.of("proposalId", open, "citizen", "k-1"))))), 403, "forbidden");
        Problems.assertInvalid(frankfurt.post("/api/participation/supports", HttpJson.toJson(Map.of("supports", List.of(
                Map.of("proposalId", open, "citizen", "max@example.org"))))), "supports[0].citizen");
        Problems.assertInvalid(frankfurt.post("/api/participation/supports", "{\"supports\":[]}"), "supports");
        assertThat(proposal(open).path("supportCount").asInt()).isEqualTo(4);
    }
}
