package io.regiohub.starter.directory;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cloud.function.definition} names {@value DirectoryReplica#FUNCTION}
 * (among others, separated by {@code ;}, {@code ,} or composed with {@code |}).
 *
 * <p>The replica exists only in services that ask for it, because Spring Cloud Stream binds a
 * lone function bean without being told: a service without a definition of its own (identity-service,
 * which owns the directory) would otherwise start consuming its own topic, and a service with one
 * consumer and no definition would find two functions and bind neither.
 */
public class DirectoryReplicaCondition extends SpringBootCondition {

    static final String DEFINITION = "spring.cloud.function.definition";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String definition = context.getEnvironment().getProperty(DEFINITION, "");
        boolean named = Arrays.stream(definition.split("[;,|]"))
                .map(String::strip)
                .anyMatch(DirectoryReplica.FUNCTION::equals);
        return named
                ? ConditionOutcome.match(DEFINITION + " names " + DirectoryReplica.FUNCTION)
                : ConditionOutcome.noMatch(DEFINITION + " does not name " + DirectoryReplica.FUNCTION
                        + " (it is '" + definition + "')");
    }
}
