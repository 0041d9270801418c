package io.regiohub.starter.directory;

import io.regiohub.starter.HubSchema;
import io.regiohub.starter.messaging.EventConsumers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;

/**
 * The local copy of the municipality directory, in every service that names
 * {@value DirectoryReplica#FUNCTION} in {@code spring.cloud.function.definition}: the consumer that
 * replicates it and {@link MunicipalityDirectory} that reads it. The binding's destination, group
 * and start offset come from hub-starter's defaults ({@code hub-defaults.properties}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DirectoryReplicaCondition.class)
public class DirectoryConfiguration {

    /** Bound as {@code directoryReplica-in-0} to {@code directory.municipalities}. */
    @Bean(DirectoryReplica.FUNCTION)
    public Consumer<Message<byte[]>> directoryReplica(EventConsumers consumers, JdbcClient jdbc, HubSchema schema,
                                                      Environment environment) {
        return new DirectoryReplica(jdbc, schema).consumer(consumers, DirectoryReplica.consumerGroup(environment));
    }

    @Bean
    public MunicipalityDirectory municipalityDirectory(JdbcClient jdbc, HubSchema schema) {
        return new MunicipalityDirectory(jdbc, schema);
    }
}
