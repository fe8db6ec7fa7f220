package dev.jbgp.kube;

import java.time.Duration;

/**
 * Parses durations written as Go's {@code time.ParseDuration} writes them ({@code 90s}, {@code 5m},
 * {@code 1h30m}, {@code 500ms}), since kube-router's duration flags take that form. Stateless.
 */
final class GoDuration {

    /** The accepted form, for error messages. */
    static final String EXPECTED = "a duration such as 90s, 5m or 1h30m (units h, m, s, ms)";

    private GoDuration() {
    }

    /**
     * Parses one duration.
     *
     * @throws IllegalArgumentException when the text is not in that form
     */
    static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("bad duration " + text);
            }
            double value = Double.parseDouble(t.substring(start, i));
            int unitStart = i;
            while (i < t.length() && Character.isLetter(t.charAt(i))) {
                i++;
            }
            long nanosPerUnit = switch (t.substring(unitStart, i)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                default -> throw new IllegalArgumentException("bad duration unit in " + text);
            };
            total = total.plusNanos(Math.round(value * nanosPerUnit));
        }
        return total;
    }
}
