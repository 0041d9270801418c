package io.regiohub.starter;

/** How the hub runtime names a failure in logs and dead-letter headers: by its root cause. */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause's type and message: what went wrong, not which framework layer passed it on. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
