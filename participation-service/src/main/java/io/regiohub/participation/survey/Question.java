package io.regiohub.participation.survey;

import java.util.List;

/** A question of a survey, at its position (0-based), with its options if it is a choice. */
public record Question(int position, QuestionKind kind, String text, List<String> options, boolean required) {
}
