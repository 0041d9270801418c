package io.regiohub.identity.directory;

import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The municipality directory, published content. */
@RestController
@RequestMapping("/api/identity/municipalities")
public class DirectoryController {

    private static final String COLUMNS = "key, name, kind, district_key, population, classification";

    private final JdbcClient jdbc;

    public DirectoryController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    public List<Municipality> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM municipality ORDER BY key").query(Municipality.class).list();
    }

    @GetMapping("/{key}")
    public Municipality one(@PathVariable("key") @ValidMunicipalityKey String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM municipality WHERE key = :key").param("key", key)
                .query(Municipality.class).optional()
                .orElseThrow(() -> HubProblem.notFound("municipality", key));
    }
}
