package io.regiohub.funding.opportunity;

import io.regiohub.funding.programme.Eligibility;
import io.regiohub.funding.programme.FundingProgramme;
import io.regiohub.funding.programme.ProgrammeRepository;
import io.regiohub.starter.directory.DirectoryEntry;
import io.regiohub.starter.directory.MunicipalityDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What the radar shows a municipality: its proposals' matching programmes, ranked — programmes it
 * is eligible for first, then by topic fit, then those open now by the nearest deadline, then newest.
 */
@Service
public class FundingRadarView {

    /** At most this many of a municipality's newest matches are ranked. */
    static final int RANKED = 1000;

    private final OpportunityRepository opportunities;
    private final ProgrammeRepository programmes;
    private final MunicipalityDirectory directory;
    private final Clock clock;

    public FundingRadarView(OpportunityRepository opportunities, ProgrammeRepository programmes,
                            MunicipalityDirectory directory, Clock clock) {
        this.opportunities = opportunities;
        this.programmes = programmes;
        this.directory = directory;
        this.clock = clock;
    }

    public List<FundingOpportunity> ranked(String municipality, int limit) {
        Map<String, FundingProgramme> byId = programmes.all().stream()
                .collect(Collectors.toMap(FundingProgramme::id, Function.identity()));
        Optional<DirectoryEntry> entry = directory.find(municipality);
        Instant now = Instant.now(clock);
        List<FundingOpportunity> ranked = new ArrayList<>();
        for (OpportunityRepository.Match m : opportunities.forMunicipality(municipality, RANKED)) {
            FundingProgramme p = byId.get(m.programmeId());
            if (p == null) {
                continue;
            }
            Eligibility.Verdict verdict = entry.map(p.eligibility()::judge).orElse(new Eligibility.Verdict(false,
                    List.of("not judged: " + municipality + " is not in this service's copy of the directory yet")));
            ranked.add(new FundingOpportunity(m.proposalId(), m.proposalTitle(), p.id(), p.name(), m.matchedTopics(),
                    m.fit(), verdict.eligible(), p.openAt(now), p.deadline(), verdict.reasons(), m.recordedAt()));
        }
        ranked.sort(Comparator.comparing(FundingOpportunity::eligible).reversed()
                .thenComparing(Comparator.comparingDouble(FundingOpportunity::fit).reversed())
                .thenComparing(Comparator.comparing(FundingOpportunity::open).reversed())
                .thenComparing(FundingOpportunity::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Comparator.comparing(FundingOpportunity::recordedAt).reversed())
                .thenComparing(FundingOpportunity::programmeId));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }
}
