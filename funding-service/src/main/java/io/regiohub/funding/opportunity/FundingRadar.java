package io.regiohub.funding.opportunity;

import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.funding.programme.FundingProgramme;
import io.regiohub.funding.programme.ProgrammeRepository;
import io.regiohub.starter.messaging.EventConsumers;
import io.regiohub.starter.messaging.EventMetadata;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The funding radar: every proposal submitted or accepted in participation-service is matched
 * against the programme catalogue by topic, and each matching programme is recorded as a funding
 * opportunity of the proposal's municipality, once per proposal and programme (an acceptance adds
 * the programmes published since the submission).
 */
@Component
public class FundingRadar {

    /** The consumer group, also the inbox key and part of the dead-letter topic's name. */
    public static final String CONSUMER = "funding-service";

    private final ProgrammeRepository programmes;
    private final OpportunityRepository opportunities;

    public FundingRadar(ProgrammeRepository programmes, OpportunityRepository opportunities) {
        this.programmes = programmes;
        this.opportunities = opportunities;
    }

    /** Bound to {@code participation.events} as {@code participationEvents-in-0} (see application.yml). */
    @Bean
    Consumer<Message<byte[]>> participationEvents(EventConsumers consumers) {
        return consumers.consumer(CONSUMER)
                .on(ProposalSubmitted.class, this::onProposalSubmitted)
                .on(ProposalAnswered.class, this::onProposalAnswered)
                .build();
    }

    void onProposalSubmitted(ProposalSubmitted proposal, EventMetadata metadata) {
        match(proposal.municipality(), proposal.proposalId(), proposal.title(), proposal.topics());
    }

    void onProposalAnswered(ProposalAnswered answered, EventMetadata metadata) {
        if ("ACCEPTED".equals(answered.status())) {
            match(answered.municipality(), answered.proposalId(), answered.title(), answered.topics());
        }
    }

    private void match(String municipality, UUID proposalId, String title, List<String> topics) {
        for (FundingProgramme programme : programmes.withAnyTopic(topics)) {
            List<String> matched = topics.stream().filter(programme.topics()::contains).toList();
            opportunities.record(municipality, proposalId, title, topics, programme, matched);
        }
    }
}
