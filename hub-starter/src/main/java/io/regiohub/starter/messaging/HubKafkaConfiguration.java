package io.regiohub.starter.messaging;

import io.regiohub.starter.Failures;
import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.starter.HubProperties;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka producers, topics and dead letters of a service.
 *
 * <p>Dead letters are handled in the listener container, not in the binder: a
 * {@link DefaultErrorHandler} retries a failing event with exponential back-off
 * ({@code regiohub.consumer.*}) and then publishes it, unchanged, with the failure in its headers,
 * to {@code <topic>.<group>.dlt}. Events that can never succeed ({@link UnprocessableEventException},
 * deserialisation failures) skip the retries. The partition goes on with the next record either way.
 */
@Configuration(proxyBeanMethods = false)
public class HubKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HubKafkaConfiguration.class);

    /** Header of a dead letter: why it failed, in words (the root cause, not the framework's wrapper). */
    public static final String DEAD_LETTER_REASON_HEADER = "regiohub_dlt-reason";
    /** Header of a dead letter: the consumer group that gave up on it. */
    public static final String DEAD_LETTER_GROUP_HEADER = "regiohub_dlt-group";

    /** The relay's producer: idempotent, acks from all in-sync replicas, CloudEvents in binary mode. */
    @Bean
    public DefaultKafkaProducerFactory<String, byte[]> hubEventProducerFactory(KafkaProperties kafka,
                                                                               KafkaConnectionDetails connection) {
        Map<String, Object> config = producerConfig(kafka, connection);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    public KafkaTemplate<String, byte[]> hubEventTemplate(DefaultKafkaProducerFactory<String, byte[]> hubEventProducerFactory) {
        return new KafkaTemplate<>(hubEventProducerFactory);
    }

    /** Dead letters keep the original key and value bytes, whatever they were. */
    @Bean
    public DefaultKafkaProducerFactory<byte[], byte[]> hubDeadLetterProducerFactory(KafkaProperties kafka,
                                                                                    KafkaConnectionDetails connection) {
        Map<String, Object> config = producerConfig(kafka, connection);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    public KafkaTemplate<byte[], byte[]> hubDeadLetterTemplate(
            DefaultKafkaProducerFactory<byte[], byte[]> hubDeadLetterProducerFactory) {
        return new KafkaTemplate<>(hubDeadLetterProducerFactory);
    }

    private static Map<String, Object> producerConfig(KafkaProperties kafka, KafkaConnectionDetails connection) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        // the same broker the binder and Boot's clients use, also when a connection-details bean sets it
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        return config;
    }

    /** Every topic of the catalogue, with its partition count; existing topics are left as they are. */
    @Bean
    public KafkaAdmin.NewTopics hubTopics() {
        return new KafkaAdmin.NewTopics(java.util.Arrays.stream(TopicCatalogue.values())
                .map(t -> {
                    NewTopic topic = new NewTopic(t.topic(), Optional.of(t.partitions()), Optional.empty());
                    if (t.compacted()) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    return topic;
                })
                .toArray(NewTopic[]::new));
    }

    @Bean
    public ListenerContainerWithDlqAndRetryCustomizer hubDeadLetters(KafkaTemplate<byte[], byte[]> hubDeadLetterTemplate,
                                                                     KafkaAdmin admin, HubProperties properties,
                                                                     MeterRegistry meters) {
        HubProperties.Consumer settings = properties.consumer();
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(org.springframework.kafka.listener.AbstractMessageListenerContainer<?, ?> container,
                                  String destinationName, String group,
                                  java.util.function.BiFunction<org.apache.kafka.clients.consumer.ConsumerRecord<?, ?>,
                                          Exception, TopicPartition> dlqDestinationResolver,
                                  org.springframework.util.backoff.BackOff backOff) {
                if (group == null || group.isBlank()) {
                    throw new IllegalStateException("consumer binding of " + destinationName
                            + " needs an explicit group: dead letters are named <topic>.<group>.dlt");
                }
                createDeadLetterTopic(admin, destinationName, group);
                DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(hubDeadLetterTemplate,
                        (record, failure) -> {
                            log.warn("Event at {}-{}@{} goes to the dead-letter topic: {}", record.topic(),
                                    record.partition(), record.offset(), Failures.rootMessage(failure));
                            meters.counter("regiohub.events.dead.lettered", "topic", record.topic(), "group", group)
                                    .increment();
                            // partition -1: let the producer choose; the dead-letter topic may have fewer partitions
                            return new TopicPartition(TopicCatalogue.deadLetterTopic(record.topic(), group), -1);
                        });
                recoverer.setHeadersFunction((record, failure) -> {
                    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                    headers.add(DEAD_LETTER_REASON_HEADER, truncate(Failures.rootMessage(failure)).getBytes(StandardCharsets.UTF_8));
                    headers.add(DEAD_LETTER_GROUP_HEADER, group.getBytes(StandardCharsets.UTF_8));
                    return headers;
                });
                ExponentialBackOff retries = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
                retries.setMaxInterval(settings.maxBackoff().toMillis());
                retries.setMaxAttempts(Math.max(0, settings.maxAttempts() - 1));
                DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, retries);
                handler.addNotRetryableExceptions(UnprocessableEventException.class, DeserializationException.class);
                container.setCommonErrorHandler(handler);
            }

            @Override
            public boolean retryAndDlqInBinding(String destinationName, String group) {
                return false;
            }
        };
    }

    private static void createDeadLetterTopic(KafkaAdmin admin, String topic, String group) {
        int partitions = TopicCatalogue.byName(topic).map(TopicCatalogue::partitions).orElse(1);
        try {
            admin.createOrModifyTopics(new NewTopic(TopicCatalogue.deadLetterTopic(topic, group),
                    Optional.of(partitions), Optional.empty()));
        } catch (RuntimeException e) {
            // the broker may be down at start; the producer then creates the topic on first use
            log.warn("Could not create the dead-letter topic of {} for {} now: {}", topic, group, Failures.rootMessage(e));
        }
    }

    private static String truncate(String s) {
        String text = s == null ? "unknown" : s;
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
