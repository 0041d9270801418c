package io.regiohub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/asyncapi.yaml names every topic of the catalogue and every event type with its schema. */
class AsyncApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void theAsyncApiDocumentIsTrueToTheCatalogues() throws Exception {
        Path doc = Path.of("../docs/asyncapi.yaml");
        Map<String, Object> api;
        try (Reader in = Files.newBufferedReader(doc)) {
            api = new Yaml().load(in);
        }
        assertThat(api.get("asyncapi")).isEqualTo("3.0.0");

        List<String> addresses = new ArrayList<>();
        ((Map<String, Map<String, Object>>) api.get("channels")).values()
                .forEach(c -> addresses.add((String) c.get("address")));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(TopicCatalogue.names());

        Map<String, Map<String, Object>> messages =
                (Map<String, Map<String, Object>>) ((Map<String, Object>) api.get("components")).get("messages");
        for (Class<? extends DomainEvent> event : EventCatalogue.ALL) {
            String type = EventCatalogue.typeOf(event).value();
            assertThat(messages).as("message of %s", type).containsKey(type);
            String schema = (String) ((Map<String, Object>) messages.get(type).get("payload")).get("$ref");
            assertThat(doc.getParent().resolve(schema).normalize()).as("schema file of %s", type).exists();
        }
    }
}
