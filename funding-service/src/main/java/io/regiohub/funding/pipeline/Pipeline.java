package io.regiohub.funding.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where every municipality stands, for the programme office.
 *
 * @param programmes                  per programme: consultations and applications by state
 * @param months                      consultations requested and first held per month (UTC)
 * @param medianDaysToConsultation    median whole days from a request to its first session held (null: none held)
 * @param consultationsHeld           how many consultations the median is taken over
 * @param byClassification            consulted vs not consulted municipalities, urban and rural
 * @param byDistrict                  the same by district (district-free cities: their own key)
 */
public record Pipeline(Instant generatedAt, List<ProgrammeStages> programmes, List<Month> months,
                       Double medianDaysToConsultation, long consultationsHeld, List<Conversion> byClassification,
                       List<Conversion> byDistrict) {

    public record ProgrammeStages(String programmeId, String name, Map<String, Long> consultations,
                                  Map<String, Long> applications) {
    }

    public record Month(String month, long requested, long held) {
    }

    /**
     * Of the {@code municipalities} of one group that were (or were not) {@code consulted}: how many
     * applied (submitted at least once) and how many were approved at least once, and the shares.
     */
    public record Conversion(String group, boolean consulted, long municipalities, long applied, long approved,
                             double appliedShare, double approvedShare) {
    }
}
