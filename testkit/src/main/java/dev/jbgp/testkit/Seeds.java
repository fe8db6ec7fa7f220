package dev.jbgp.testkit;

import java.util.stream.LongStream;

/**
 * The seeds of a seeded property test (our properties are JUnit parameterized tests over
 * {@link java.util.Random}, not a property-testing library): a fixed series, so every CI run checks the
 * same cases, or the one seed given with {@code -Djbgp.seed=N}, to rerun a failure a test printed.
 * Use as a {@code @MethodSource}: {@code static LongStream seeds() { return Seeds.series(0x6A626770L, 8); }}.
 */
public final class Seeds {

    /** The system property that replaces the series with one seed. */
    public static final String PROPERTY = "jbgp.seed";
    /** The step between seeds of a series: a prime, so nearby bases do not share seeds. */
    private static final long STEP = 7919;

    private Seeds() {
    }

    /** {@code count} seeds from {@code base} on, or only the seed of {@code -Djbgp.seed=N} when given. */
    public static LongStream series(long base, int count) {
        String fixed = System.getProperty(PROPERTY);
        if (fixed != null) {
            return LongStream.of(Long.parseLong(fixed.trim()));
        }
        return LongStream.range(0, count).map(i -> base + i * STEP);
    }
}
