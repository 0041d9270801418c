package io.regiohub.identity.client;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo clients of the local hub. They exist only in the {@code local} profile (which
 * {@code ./mvnw -Prun} activates), all with the secret {@code local-only-secret}, documented in the
 * README. Never active anywhere else.
 */
@Component
@Profile("local")
public class DemoClients implements ApplicationRunner {

    public static final String SECRET = "local-only-secret";
    private static final Logger log = LoggerFactory.getLogger(DemoClients.class);

    private final HubClients clients;

    public DemoClients(HubClients clients) {
        this.clients = clients;
    }

    @Override
    public void run(ApplicationArguments args) {
        register("demo-06412000", "06412000", HubRole.MUNICIPALITY);
        register("demo-06611000", "06611000", HubRole.MUNICIPALITY);
        register("demo-06535", "06535", HubRole.MUNICIPALITY);
        register("demo-program-office", null, HubRole.PROGRAM_OFFICE);
        register("demo-ops", null, HubRole.OPS);
    }

    private void register(String clientId, String municipality, HubRole role) {
        if (clients.registerIfAbsent(clientId, SECRET, municipality, List.of(role))) {
            log.info("Registered the local demo client {}", clientId); // the secret is never logged
        }
    }
}
