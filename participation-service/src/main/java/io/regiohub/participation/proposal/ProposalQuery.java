package io.regiohub.participation.proposal;

import io.regiohub.starter.web.HubProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What a client asks of a process's proposal list: sort order, filters and the page after a cursor.
 * Pages are keyset-paginated (no OFFSET: the thousandth page costs what the first does); the
 * cursor is opaque to clients and carries the sort key and id of the last proposal of the page
 * before. Counts change while a client pages by supports, so a proposal may move across a page
 * boundary between two requests: it is then shown twice or not at all, as on every live ranking.
 */
public record ProposalQuery(Sort sort, Set<ProposalStatus> statuses, String topic, String text, Cursor after, int limit) {

    public enum Sort {
        SUPPORTS, NEWEST, RELEVANCE
    }

    /** Every state but withdrawn: what a process's page shows unless asked for a state. */
    public static final Set<ProposalStatus> VISIBLE = EnumSet.complementOf(EnumSet.of(ProposalStatus.WITHDRAWN));

    /** The position after which a page starts: the last proposal's sort key and id. */
    public record Cursor(Sort sort, long key, UUID id) {

        String encode() {
            String raw = sort.name().charAt(0) + ":" + key + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor after(Sort sort, Proposal last, Float rank) {
            return new Cursor(sort, switch (sort) {
                case SUPPORTS -> last.supportCount();
                case NEWEST -> ChronoUnit.MICROS.between(Instant.EPOCH, last.submittedAt());
                case RELEVANCE -> Float.floatToIntBits(rank);
            }, last.id());
        }

        static Instant instant(long micros) {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        }

        /** 400 naming {@code cursor} unless it is one this service issued for the same sort order. */
        static Cursor decode(String cursor, Sort sort) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":", 3);
                if (parts.length != 3 || parts[0].length() != 1) {
                    throw new IllegalArgumentException("malformed");
                }
                if (parts[0].charAt(0) != sort.name().charAt(0)) {
                    throw HubProblem.invalidField("cursor", "belongs to another sort order than "
                            + sort.name().toLowerCase(Locale.ROOT));
                }
                return new Cursor(sort, Long.parseLong(parts[1]), UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                throw HubProblem.invalidField("cursor", "is not a cursor of this list (use nextCursor of the page before)");
            }
        }
    }

    /** Checks the combination: relevance needs a search text. */
    public ProposalQuery {
        if (sort == Sort.RELEVANCE && text == null) {
            throw HubProblem.invalidField("sort", "relevance needs a search text (q)");
        }
    }
}
