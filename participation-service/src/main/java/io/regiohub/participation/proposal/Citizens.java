package io.regiohub.participation.proposal;

/** Citizens appear only as pseudonyms issued by their municipality's portal. */
public final class Citizens {

    public static final String PSEUDONYM = "[A-Za-z0-9_.:-]{3,64}";
    public static final String PSEUDONYM_MESSAGE =
            "must be a pseudonym of 3 to 64 letters, digits or _.:- (no names or e-mail addresses)";
    private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PSEUDONYM);

    private Citizens() {
    }

    public static boolean isPseudonym(String s) {
        return s != null && COMPILED.matcher(s).matches();
    }
}
