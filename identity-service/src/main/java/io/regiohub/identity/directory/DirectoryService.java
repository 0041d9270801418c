package io.regiohub.identity.directory;

import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The municipality directory. Every entry is published as {@link MunicipalityRecorded} on the
 * compacted topic {@code directory.municipalities} through the outbox, in the transaction that
 * writes it; entries that came with a migration are published at start.
 */
@Service
public class DirectoryService implements ApplicationRunner {

    private static final String COLUMNS = "key, name, kind, district_key, population, classification";

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    public DirectoryService(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    public List<Municipality> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM municipality ORDER BY key").query(Municipality.class).list();
    }

    public Optional<Municipality> find(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM municipality WHERE key = :key").param("key", key)
                .query(Municipality.class).optional();
    }

    @Transactional
    public Municipality register(RegisterMunicipality r) {
        boolean isMunicipality = r.kind().equals("MUNICIPALITY");
        if (isMunicipality && r.districtKey() == null) {
            throw HubProblem.invalidField("districtKey", "is required for a municipality (the district it belongs to)");
        }
        if (!isMunicipality && r.districtKey() != null) {
            throw HubProblem.invalidField("districtKey", "is only for municipalities that belong to a district");
        }
        if (r.kind().equals("DISTRICT") != (r.key().length() == 5)) {
            throw HubProblem.invalidField("key", "must have 5 digits for a district and 8 otherwise");
        }
        if (isMunicipality && !r.key().startsWith(r.districtKey())) {
            throw HubProblem.invalidField("districtKey", "must be the first five digits of the municipality's key");
        }
        if (isMunicipality && find(r.districtKey()).isEmpty()) {
            throw HubProblem.invalidField("districtKey", "names no district of the directory");
        }
        int inserted = jdbc.sql("""
                        INSERT INTO municipality (key, name, kind, district_key, population, classification, published)
                        VALUES (:key, :name, :kind, :district, :population, :classification, true)
                        ON CONFLICT (key) DO NOTHING""")
                .param("key", r.key()).param("name", r.name().strip()).param("kind", r.kind())
                .param("district", r.districtKey()).param("population", r.population())
                .param("classification", r.classification())
                .update();
        if (inserted == 0) {
            throw HubProblem.conflict("municipality " + r.key() + " is in the directory already");
        }
        Municipality m = find(r.key()).orElseThrow();
        publish(m);
        return m;
    }

    /** Publishes the entries that came with a migration, once. */
    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        List<Municipality> unpublished = jdbc.sql("SELECT " + COLUMNS + " FROM municipality WHERE NOT published "
                + "ORDER BY key FOR UPDATE").query(Municipality.class).list();
        unpublished.forEach(this::publish);
        jdbc.sql("UPDATE municipality SET published = true WHERE NOT published").update();
    }

    private void publish(Municipality m) {
        outbox.publish(new MunicipalityRecorded(m.key(), m.name(), m.kind(), m.districtKey(), m.population(),
                m.classification(), Instant.now(clock)));
    }
}
