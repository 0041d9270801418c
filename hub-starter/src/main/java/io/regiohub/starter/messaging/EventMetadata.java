package io.regiohub.starter.messaging;

import java.net.URI;
import java.time.OffsetDateTime;

/** The CloudEvents attributes of a received event, for handlers that need more than the payload. */
public record EventMetadata(String id, String type, URI source, String subject, String municipality,
                            OffsetDateTime time) {
}
