package io.regiohub.participation;

import io.regiohub.test.HttpJson;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service on a random port against the test JVM's real broker and database (one Spring context
 * for every subclass), with the callers most tests need: anonymous, Frankfurt's portal, Kassel's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "participation")
public abstract class ParticipationApiTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;

    protected HttpJson anonymous;
    protected HttpJson frankfurt;
    protected HttpJson kassel;

    @BeforeEach
    void clients() {
        anonymous = new HttpJson("http://localhost:" + port);
        frankfurt = anonymous.withToken(TestTokens.get().municipality("06412000"));
        kassel = anonymous.withToken(TestTokens.get().municipality("06611000"));
    }
}
