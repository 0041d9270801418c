package io.regiohub.participation.privacy;

import io.regiohub.events.participation.CitizenDataErased;
import io.regiohub.participation.proposal.Citizens;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.ValidMunicipalityKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure of a citizen's data (GDPR Art. 17), requested through the municipality's portal that
 * issued the pseudonym. Everything the pseudonym wrote in that municipality — proposals, comments,
 * supports, reports, survey responses — is unlinked from it: each row gets a random pseudonym of
 * its own, so the rows can no longer be tied to the person nor to each other. The rows stay, so
 * every count (supports, reports, survey results, comments per stance) stays right; the content
 * of proposals and comments stays public like any published contribution (moderators hide what
 * itself identifies someone). Nothing records the erased pseudonym, the event included.
 */
@RestController
@RequestMapping("/api/participation")
public class Erasures {

    /** A row's new pseudonym: random, unlinkable, recognisably erased. */
    private static final String ANONYMOUS = "'erased-' || substr(md5(gen_random_uuid()::text), 1, 16)";

    private final JdbcClient jdbc;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Clock clock;

    public Erasures(JdbcClient jdbc, TenantAccess access, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record ErasureRequest(@NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE)
                                 String citizen) {
    }

    /** What an erasure anonymised; a second request for the same pseudonym finds nothing more. */
    public record Erasure(UUID id, String municipality, int proposals, int comments, int supports, int reports,
                          int surveyResponses, Instant erasedAt) {
    }

    @PostMapping("/municipalities/{ags}/erasures")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags")
    @Transactional
    public Erasure erase(@PathVariable("ags") @ValidMunicipalityKey String ags, @Valid @RequestBody ErasureRequest request) {
        String c = request.citizen();
        // the citizen's proposals locked in id order first, the order every other change of a proposal takes
        jdbc.sql("SELECT id FROM proposal WHERE municipality = :m AND citizen = :c ORDER BY id FOR UPDATE")
                .param("m", ags).param("c", c).query(UUID.class).list();
        int proposals = anonymise("UPDATE proposal SET citizen = " + ANONYMOUS
                + " WHERE municipality = :m AND citizen = :c", ags, c);
        int comments = anonymise("UPDATE comment SET citizen = " + ANONYMOUS
                + " WHERE municipality = :m AND citizen = :c", ags, c);
        int supports = anonymise("UPDATE support s SET citizen = " + ANONYMOUS
                + " FROM proposal p WHERE p.id = s.proposal_id AND p.municipality = :m AND s.citizen = :c", ags, c);
        int reports = anonymise("UPDATE comment_report r SET citizen = " + ANONYMOUS
                + " FROM comment k WHERE k.id = r.comment_id AND k.municipality = :m AND r.citizen = :c", ags, c);
        // the answers follow their response (ON UPDATE CASCADE)
        int responses = anonymise("UPDATE survey_response r SET citizen = " + ANONYMOUS
                + " FROM survey s WHERE s.id = r.survey_id AND s.municipality = :m AND r.citizen = :c", ags, c);
        Erasure erasure = new Erasure(UUID.randomUUID(), ags, proposals, comments, supports, reports, responses,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        jdbc.sql("""
                        INSERT INTO erasure (id, municipality, requested_by, erased_at, proposals, comments, supports,
                                             reports, survey_responses)
                        VALUES (:id, :m, :by, :at, :proposals, :comments, :supports, :reports, :responses)""")
                .param("id", erasure.id()).param("m", ags).param("by", access.caller().clientId())
                .param("at", Timestamp.from(erasure.erasedAt())).param("proposals", proposals)
                .param("comments", comments).param("supports", supports).param("reports", reports)
                .param("responses", responses)
                .update();
        outbox.publish(new CitizenDataErased(erasure.id(), ags, proposals, comments, supports, reports, responses,
                erasure.erasedAt()));
        return erasure;
    }

    private int anonymise(String sql, String municipality, String citizen) {
        return jdbc.sql(sql).param("m", municipality).param("c", citizen).update();
    }
}
