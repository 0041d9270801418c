package io.regiohub.funding.programme;

import java.util.List;

/** A funding programme of the catalogue, tagged with topics of the shared taxonomy. */
public record FundingProgramme(String id, String name, String funder, String description, List<String> topics,
                               String url) {
}
