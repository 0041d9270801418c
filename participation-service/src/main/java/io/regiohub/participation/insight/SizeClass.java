package io.regiohub.participation.insight;

/**
 * Size classes of German municipalities by population, as the Federal Institute for Research on
 * Building, Urban Affairs and Spatial Development (BBSR) classes them.
 */
public enum SizeClass {
    RURAL_COMMUNITY(0),     // Landgemeinde, under 5,000
    SMALL_TOWN(5_000),      // Kleinstadt, 5,000 to under 20,000
    MEDIUM_TOWN(20_000),    // Mittelstadt, 20,000 to under 100,000
    LARGE_CITY(100_000);    // Großstadt, 100,000 and more

    private final int from;

    SizeClass(int from) {
        this.from = from;
    }

    public static SizeClass of(Integer population) {
        if (population == null) {
            return null;
        }
        SizeClass found = RURAL_COMMUNITY;
        for (SizeClass c : values()) {
            if (population >= c.from) {
                found = c;
            }
        }
        return found;
    }

    /** The population range as a SQL condition on {@code column}. */
    String condition(String column) {
        int next = ordinal() + 1 < values().length ? values()[ordinal() + 1].from : -1;
        return "(" + column + " >= " + from + (next < 0 ? "" : " AND " + column + " < " + next) + ")";
    }
}
