package io.regiohub.participation.survey;

/** The kinds of survey questions. */
public enum QuestionKind {
    SINGLE_CHOICE,
    MULTIPLE_CHOICE,
    /** A value from 1 to 5. */
    SCALE,
    FREE_TEXT;

    public boolean hasOptions() {
        return this == SINGLE_CHOICE || this == MULTIPLE_CHOICE;
    }
}
