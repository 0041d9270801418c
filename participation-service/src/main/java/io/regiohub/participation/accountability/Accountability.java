package io.regiohub.participation.accountability;

import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.events.funding.FundsDisbursed;
import io.regiohub.events.mobility.HotspotActivated;
import io.regiohub.events.mobility.HotspotDown;
import io.regiohub.participation.proposal.ProposalService;
import io.regiohub.participation.proposal.ProposalStatus;
import io.regiohub.participation.proposal.ProposalStep;
import io.regiohub.starter.messaging.EventConsumers;
import io.regiohub.starter.messaging.EventMetadata;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Accountability: what became of a proposal, reported by the domains that fund and build it. A
 * funding decision that names a proposal records a step (and moves an approved one to
 * {@code FUNDED}); a disbursement moves it to {@code IMPLEMENTING}; a Wi-Fi hotspot activated by
 * mobility-service that names it moves it to {@code IMPLEMENTED}. Each event is applied once
 * (the inbox), and only to a proposal of the municipality the event concerns.
 */
@Component
public class Accountability {

    /** The consumer group, also the inbox key and part of the dead-letter topic's name. */
    public static final String CONSUMER = "participation-service";
    static final String FUNDING = "funding-service";
    static final String MOBILITY = "mobility-service";

    private static final Logger log = LoggerFactory.getLogger(Accountability.class);

    private final ProposalService proposals;

    public Accountability(ProposalService proposals) {
        this.proposals = proposals;
    }

    /** Bound to {@code funding.events} as {@code fundingEvents-in-0} (see application.yml). */
    @Bean
    Consumer<Message<byte[]>> fundingEvents(EventConsumers consumers) {
        return consumers.consumer(CONSUMER)
                .on(ApplicationDecided.class, this::onApplicationDecided)
                .on(FundsDisbursed.class, this::onFundsDisbursed)
                .build();
    }

    /** Bound to {@code mobility.events} as {@code mobilityEvents-in-0}: Wi-Fi hotspots that implement a proposal. */
    @Bean
    Consumer<Message<byte[]>> mobilityEvents(EventConsumers consumers) {
        return consumers.consumer(CONSUMER)
                .on(HotspotActivated.class, this::onHotspotActivated)
                .on(HotspotDown.class, this::onHotspotDown)
                .build();
    }

    void onHotspotActivated(HotspotActivated activated, EventMetadata metadata) {
        if (activated.proposalId() == null) {
            return;
        }
        apply(activated.proposalId(), activated.municipality(), ProposalStatus.IMPLEMENTED,
                new ProposalStep(ProposalStatus.IMPLEMENTED, activated.activatedAt(), MOBILITY,
                        "Wi-Fi hotspot " + activated.ssid() + " activated"
                                + (activated.operator() == null ? "" : " (" + activated.operator() + ")"),
                        "hotspot " + activated.hotspotId()), metadata);
    }

    /** A hotspot that went down is a step of the proposal's record; its state stays. */
    void onHotspotDown(HotspotDown down, EventMetadata metadata) {
        if (down.proposalId() == null) {
            return;
        }
        apply(down.proposalId(), down.municipality(), null, new ProposalStep(null, down.downAt(), MOBILITY,
                "Wi-Fi hotspot " + down.ssid() + " down" + (down.reason() == null ? "" : ": " + down.reason()),
                "hotspot " + down.hotspotId()), metadata);
    }

    void onApplicationDecided(ApplicationDecided decided, EventMetadata metadata) {
        if (decided.proposalId() == null) {
            return;
        }
        String programme = decided.programmeName() == null ? decided.programmeId() : decided.programmeName();
        ProposalStep step = decided.approved()
                ? new ProposalStep(ProposalStatus.FUNDED, decided.decidedAt(), FUNDING, "funded by " + programme
                        + (decided.amountGranted() == null ? "" : " with " + decided.amountGranted().toPlainString() + " EUR"),
                        reference(decided.programmeId(), decided.applicationId()), programme)
                : new ProposalStep(null, decided.decidedAt(), FUNDING, "funding application to " + programme
                        + " rejected" + (decided.reason() == null ? "" : ": " + decided.reason()),
                        reference(decided.programmeId(), decided.applicationId()), programme);
        apply(decided.proposalId(), decided.municipality(), decided.approved() ? ProposalStatus.FUNDED : null, step,
                metadata);
    }

    void onFundsDisbursed(FundsDisbursed disbursed, EventMetadata metadata) {
        if (disbursed.proposalId() == null) {
            return;
        }
        apply(disbursed.proposalId(), disbursed.municipality(), ProposalStatus.IMPLEMENTING,
                new ProposalStep(ProposalStatus.IMPLEMENTING, disbursed.disbursedAt(), FUNDING,
                        "funds disbursed" + (disbursed.amount() == null ? "" : ": " + disbursed.amount().toPlainString()
                                + " EUR"), reference(disbursed.programmeId(), disbursed.applicationId())),
                metadata);
    }

    private void apply(UUID proposalId, String municipality, ProposalStatus status, ProposalStep step,
                       EventMetadata metadata) {
        if (!proposals.recordOutcome(proposalId, municipality, status, step)) {
            log.info("event {} ({}) names proposal {}, which municipality {} does not have: nothing to record",
                    metadata.id(), metadata.type(), proposalId, municipality);
        }
    }

    private static String reference(String programmeId, UUID applicationId) {
        return "programme " + programmeId + ", application " + applicationId;
    }
}
