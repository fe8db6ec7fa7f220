package dev.jbgp.rib.decision;

/**
 * The outcome of comparing two routes a and b: which one is preferred and the {@link DecisionStep}
 * that decided it. Immutable and cached (one instance per step and side), so comparing allocates
 * nothing.
 */
public final class Verdict {

    private static final DecisionStep[] STEPS = DecisionStep.values();
    private static final Verdict[] FIRST = new Verdict[STEPS.length];
    private static final Verdict[] SECOND = new Verdict[STEPS.length];
    /** The two routes are the same path ({@link DecisionStep#NONE}). */
    public static final Verdict SAME;

    static {
        for (DecisionStep s : STEPS) {
            FIRST[s.ordinal()] = new Verdict(-1, s);
            SECOND[s.ordinal()] = new Verdict(1, s);
        }
        SAME = new Verdict(0, DecisionStep.NONE);
    }

    private final int sign;
    private final DecisionStep step;

    private Verdict(int sign, DecisionStep step) {
        this.sign = sign;
        this.step = step;
    }

    /** The verdict preferring the first route ({@code sign < 0}) or the second ({@code sign > 0}) at {@code step}. */
    public static Verdict of(int sign, DecisionStep step) {
        if (sign == 0) {
            return SAME;
        }
        return sign < 0 ? FIRST[step.ordinal()] : SECOND[step.ordinal()];
    }

    /** Negative when the first route is preferred, positive when the second is, 0 for the same path. */
    public int sign() {
        return sign;
    }

    /** The step that decided ({@link DecisionStep#NONE} for the same path). */
    public DecisionStep step() {
        return step;
    }

    /** True when the first route is preferred. */
    public boolean firstWins() {
        return sign < 0;
    }

    /** The same decision seen from the other side. */
    public Verdict reversed() {
        return of(-sign, step);
    }

    @Override
    public String toString() {
        return sign == 0 ? "same path" : (sign < 0 ? "first" : "second") + " wins on " + step.description();
    }
}
