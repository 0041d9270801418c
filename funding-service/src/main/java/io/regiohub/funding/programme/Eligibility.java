package io.regiohub.funding.programme;

import io.regiohub.starter.directory.DirectoryEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may apply to a programme: kinds of municipality (empty: every kind), a population range
 * (either end open) and an urban/rural classification ({@code null}: both).
 */
public record Eligibility(List<String> kinds, Integer minPopulation, Integer maxPopulation, String classification) {

    public static final List<String> KINDS = List.of("DISTRICT_FREE_CITY", "MUNICIPALITY", "DISTRICT");
    public static final List<String> CLASSIFICATIONS = List.of("URBAN", "RURAL");

    public Eligibility {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** The verdict on one municipality, each rule with its reason, in the words a municipality's staff reads. */
    public record Verdict(boolean eligible, List<String> reasons) {
    }

    public Verdict judge(DirectoryEntry m) {
        List<String> reasons = new ArrayList<>();
        boolean eligible = true;
        if (kinds.isEmpty()) {
            reasons.add("open to every kind of municipality");
        } else if (kinds.contains(m.kind())) {
            reasons.add("open to " + kindName(m.kind()) + " (" + m.name() + " is a " + singular(m.kind()) + ")");
        } else {
            eligible = false;
            reasons.add("open only to " + String.join(", ", kinds.stream().map(Eligibility::kindName).toList())
                    + "; " + m.name() + " is a " + singular(m.kind()));
        }
        if (minPopulation != null || maxPopulation != null) {
            String range = (minPopulation == null ? "" : "at least " + minPopulation)
                    + (minPopulation != null && maxPopulation != null ? " and " : "")
                    + (maxPopulation == null ? "" : "at most " + maxPopulation);
            if (m.population() == null) {
                eligible = false;
                reasons.add("requires " + range + " inhabitants; the directory has no population for " + m.name());
            } else if ((minPopulation != null && m.population() < minPopulation)
                    || (maxPopulation != null && m.population() > maxPopulation)) {
                eligible = false;
                reasons.add("requires " + range + " inhabitants; " + m.name() + " has " + m.population());
            } else {
                reasons.add(m.population() + " inhabitants, within " + range);
            }
        }
        if (classification != null) {
            if (classification.equals(m.classification())) {
                reasons.add("for " + classification.toLowerCase() + " areas (" + m.name() + " is classified "
                        + classification.toLowerCase() + ")");
            } else {
                eligible = false;
                reasons.add("only for " + classification.toLowerCase() + " areas; " + m.name() + " is classified "
                        + (m.classification() == null ? "unknown" : m.classification().toLowerCase()));
            }
        }
        return new Verdict(eligible, List.copyOf(reasons));
    }

    private static String singular(String kind) {
        return switch (kind == null ? "" : kind) {
            case "DISTRICT_FREE_CITY" -> "district-free city";
            case "MUNICIPALITY" -> "municipality";
            case "DISTRICT" -> "district";
            default -> "municipality of unknown kind";
        };
    }

    private static String kindName(String kind) {
        return switch (kind == null ? "" : kind) {
            case "DISTRICT_FREE_CITY" -> "district-free cities";
            case "MUNICIPALITY" -> "municipalities";
            case "DISTRICT" -> "districts";
            default -> "unknown kind";
        };
    }
}
