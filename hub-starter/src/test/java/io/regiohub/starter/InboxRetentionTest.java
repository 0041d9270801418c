package io.regiohub.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.starter.inbox.Inbox;
import io.regiohub.starter.inbox.InboxRetention;
import io.regiohub.test.UsesHubInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(classes = StarterTestApplication.class)
@UsesHubInfrastructure(database = "starter")
class InboxRetentionTest {

    @Autowired
    InboxRetention retention;
    @Autowired
    Inbox inbox;
    @Autowired
    JdbcClient jdbc;

    @Test
    void forgetsOnlyWhatIsOlderThanTheRetention() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO hub.inbox (consumer, event_id, event_type, received_at) "
                + "VALUES ('retention-test', :id, 't', now() - interval '31 days')").param("id", old).update();
        jdbc.sql("INSERT INTO hub.inbox (consumer, event_id, event_type, received_at) "
                + "VALUES ('retention-test', :id, 't', now() - interval '29 days')").param("id", recent).update();

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(inbox.applied("retention-test", old)).isFalse();
        assertThat(inbox.applied("retention-test", recent)).isTrue();
    }
}
