package io.regiohub.starter.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The replica exists exactly in the services that name it in their function definition. */
class DirectoryReplicaConditionTest {

    @Configuration(proxyBeanMethods = false)
    @Conditional(DirectoryReplicaCondition.class)
    static class Replica {
        @Bean
        String replicaMarker() {
            return "replica";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"directoryReplica", "participationEvents;directoryReplica",
            " participationEvents ; directoryReplica ", "directoryReplica,mobilityEvents", "enrich|directoryReplica"})
    void aDefinitionThatNamesTheReplicaHasIt(String definition) {
        new ApplicationContextRunner()
                .withPropertyValues("spring.cloud.function.definition=" + definition)
                .withUserConfiguration(Replica.class)
                .run(context -> assertThat(context).hasBean("replicaMarker"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "participationEvents", "directoryReplicas", "myDirectoryReplica;participationEvents"})
    void otherDefinitionsDoNot(String definition) {
        new ApplicationContextRunner()
                .withPropertyValues("spring.cloud.function.definition=" + definition)
                .withUserConfiguration(Replica.class)
                .run(context -> assertThat(context).doesNotHaveBean("replicaMarker"));
    }

    @org.junit.jupiter.api.Test
    void noDefinitionAtAllHasNoReplica() {
        new ApplicationContextRunner()
                .withUserConfiguration(Replica.class)
                .run(context -> assertThat(context).doesNotHaveBean("replicaMarker"));
    }
}
