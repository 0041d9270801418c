package io.regiohub.funding.programme;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A funding programme of the catalogue, tagged with topics of the shared taxonomy.
 *
 * @param eligibility who may apply
 * @param opensAt     start of the application window; {@code null}: open since publication
 * @param deadline    end of the application window; {@code null}: open continuously
 * @param budget      the budget the programme office grants from; {@code null}: not managed in the hub
 * @param budgetLeft  what is not granted yet; {@code null} when there is no budget
 */
public record FundingProgramme(String id, String name, String funder, String description, List<String> topics,
                               String url, Eligibility eligibility, Instant opensAt, Instant deadline,
                               BigDecimal budget, BigDecimal budgetLeft, Instant publishedAt) {

    /** Applications are accepted at {@code now}. */
    public boolean openAt(Instant now) {
        return (opensAt == null || !now.isBefore(opensAt)) && (deadline == null || now.isBefore(deadline));
    }
}
