package io.regiohub.starter;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the hub runtime's own tables (outbox, inbox) in the schema {@code hub}, with a Flyway
 * history of their own, before any bean that uses them starts.
 */
public class HubSchema implements InitializingBean {

    public static final String SCHEMA = "hub";

    private final DataSource dataSource;

    public HubSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table("flyway_hub_history")
                .locations("classpath:db/hub")
                .load()
                .migrate();
    }
}
