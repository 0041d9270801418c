package io.regiohub.starter;

import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.starter.directory.DirectoryConfiguration;
import io.regiohub.starter.inbox.Inbox;
import io.regiohub.starter.inbox.InboxRetention;
import io.regiohub.starter.messaging.EventConsumers;
import io.regiohub.starter.messaging.HubKafkaConfiguration;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.outbox.OutboxRelay;
import io.regiohub.starter.web.ProblemDetailsAdvice;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub runtime every service gets by depending on {@code hub-starter}: transactional outbox and
 * relay, inbox, event consumers with dead letters, Problem Details for every error, and the local
 * copy of the municipality directory for services that name {@code directoryReplica} in
 * {@code spring.cloud.function.definition}.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        KafkaAutoConfiguration.class},
        afterName = {"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(HubProperties.class)
@Import({HubKafkaConfiguration.class, DirectoryConfiguration.class, ProblemDetailsAdvice.class})
public class HubAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public HubSchema hubSchema(DataSource dataSource) {
        return new HubSchema(dataSource);
    }

    @Bean
    public OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, byte[]> hubEventTemplate,
                                   HubProperties properties, MeterRegistry meters, HubSchema schema) {
        return new OutboxRelay(jdbc, tx, hubEventTemplate, properties, meters, schema);
    }

    @Bean
    public Outbox outbox(JdbcClient jdbc, HubProperties properties, Environment environment, OutboxRelay relay,
                         Clock clock, HubSchema schema) {
        String service = properties.service() != null ? properties.service()
                : environment.getRequiredProperty("spring.application.name");
        return new Outbox(jdbc, service, relay, clock, schema);
    }

    @Bean
    public Inbox inbox(JdbcClient jdbc, HubSchema schema) {
        return new Inbox(jdbc, schema);
    }

    /** Hourly, forgets inbox entries older than {@code regiohub.consumer.inbox-retention}. */
    @Bean
    public InboxRetention inboxRetention(Inbox inbox, HubProperties properties) {
        return new InboxRetention(inbox, properties.consumer().inboxRetention(), java.time.Duration.ofHours(1));
    }

    @Bean
    public PeriodicTask inboxRetentionSchedule(InboxRetention retention) {
        return retention.schedule();
    }

    @Bean
    public EventConsumers eventConsumers(Inbox inbox, TransactionTemplate tx, MeterRegistry meters) {
        return new EventConsumers(inbox, tx, meters);
    }
}
