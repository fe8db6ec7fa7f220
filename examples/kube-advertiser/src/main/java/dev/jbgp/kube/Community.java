package dev.jbgp.kube;

import java.util.Locale;
import java.util.Map;

/**
 * One RFC 1997 community (a 32-bit value), as written in the node annotation
 * {@code kube-router.io/node.bgp.communities}: {@code a:b} with two 16-bit halves, a plain 32-bit
 * number, or a well-known name. Immutable value.
 *
 * @param value the 32 bits, as an unsigned number held in a long (0 to 4294967295)
 */
public record Community(long value) implements Comparable<Community> {

    /** Well-known communities by name: RFC 1997 §"Well-known Communities", RFC 3765, 7611, 7999, 8326. */
    private static final Map<String, Long> WELL_KNOWN = Map.of(
            "no-export", 0xFFFFFF01L,
            "no-advertise", 0xFFFFFF02L,
            "no-export-subconfed", 0xFFFFFF03L,
            "local-as", 0xFFFFFF03L,
            "no-peer", 0xFFFFFF04L,
            "graceful-shutdown", 0xFFFF0000L,
            "accept-own", 0xFFFF0001L,
            "blackhole", 0xFFFF029AL,
            "llgr-stale", 0xFFFF0006L,
            "no-llgr", 0xFFFF0007L);

    /** The form this parser accepts, for error messages. */
    public static final String EXPECTED_FORM =
            "a community as a:b (each 0-65535), a number 0-4294967295, or a well-known name "
                    + "(no-export, no-advertise, no-export-subconfed, no-peer, graceful-shutdown, blackhole, "
                    + "accept-own, llgr-stale, no-llgr)";

    public Community {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("community out of range: " + value);
        }
    }

    /**
     * Parses one community.
     *
     * @throws IllegalArgumentException when the text has none of the accepted forms
     */
    public static Community parse(String text) {
        String t = text.trim();
        Long known = WELL_KNOWN.get(t.toLowerCase(Locale.ROOT));
        if (known != null) {
            return new Community(known);
        }
        int colon = t.indexOf(':');
        try {
            if (colon >= 0) {
                long high = Long.parseLong(t.substring(0, colon));
                long low = Long.parseLong(t.substring(colon + 1));
                if (high < 0 || high > 0xFFFF || low < 0 || low > 0xFFFF) {
                    throw new IllegalArgumentException("half out of range");
                }
                return new Community((high << 16) | low);
            }
            long v = Long.parseLong(t);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("out of range");
            }
            return new Community(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad community \"" + text + "\"; expected " + EXPECTED_FORM, e);
        }
    }

    @Override
    public int compareTo(Community o) {
        return Long.compare(value, o.value);
    }

    /** The {@code a:b} form, as routers print it. */
    @Override
    public String toString() {
        return (value >>> 16) + ":" + (value & 0xFFFF);
    }
}
