package io.regiohub.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Points a Spring Boot test at the JVM's real Kafka broker and real PostgreSQL
 * ({@link HubInfrastructure}): sets {@code spring.datasource.*} to the named database (created on
 * first use) and {@code spring.kafka.bootstrap-servers}. Test classes with the same database share
 * one cached Spring context. Also lets JUnit inject {@link HubInfrastructure} parameters.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(HubInfrastructureExtension.class)
public @interface UsesHubInfrastructure {

    /** The PostgreSQL database the service under test uses. */
    String database();
}
