package dev.jbgp.wire.attr;

/**
 * One RFC 1997 community: a 32-bit value, written {@code 65000:100} (high and low 16 bits) or by the
 * name of a well-known community. Immutable.
 *
 * @param value the 32-bit community value
 */
public record Community(int value) implements Comparable<Community> {

    /** RFC 1997: do not advertise outside the AS (or confederation). */
    public static final Community NO_EXPORT = new Community(0xFFFFFF01);
    /** RFC 1997: do not advertise to any peer. */
    public static final Community NO_ADVERTISE = new Community(0xFFFFFF02);
    /** RFC 1997: do not advertise to external peers, not even confederation members. */
    public static final Community NO_EXPORT_SUBCONFED = new Community(0xFFFFFF03);
    /** RFC 3765: do not advertise to peers (route server / IXP use). */
    public static final Community NO_PEER = new Community(0xFFFFFF04);
    /** RFC 8326: lower the preference, the path is about to go away. */
    public static final Community GRACEFUL_SHUTDOWN = new Community(0xFFFF0000);
    /** RFC 9494 / draft LLGR: the route is stale under long-lived graceful restart. */
    public static final Community LLGR_STALE = new Community(0xFFFF0006);
    /** Long-lived graceful restart: do not keep this route as LLGR-stale. */
    public static final Community NO_LLGR = new Community(0xFFFF0007);
    /** RFC 7999: discard traffic to this prefix. */
    public static final Community BLACKHOLE = new Community(0xFFFF029A);

    private static final Community[] WELL_KNOWN = {NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED, NO_PEER,
        GRACEFUL_SHUTDOWN, LLGR_STALE, NO_LLGR, BLACKHOLE};
    private static final String[] NAMES = {"NO_EXPORT", "NO_ADVERTISE", "NO_EXPORT_SUBCONFED", "NO_PEER",
        "GRACEFUL_SHUTDOWN", "LLGR_STALE", "NO_LLGR", "BLACKHOLE"};

    /** The community {@code high:low}. */
    public static Community of(int high, int low) {
        if (high < 0 || high > 0xFFFF || low < 0 || low > 0xFFFF) {
            throw new IllegalArgumentException("community halves must be 0..65535, got " + high + ":" + low);
        }
        return new Community((high << 16) | low);
    }

    /** The high 16 bits (by convention an AS number). */
    public int high() {
        return value >>> 16;
    }

    /** The low 16 bits. */
    public int low() {
        return value & 0xFFFF;
    }

    /** The well-known name ({@code "NO_EXPORT"}), or an empty string when the community is not well known. */
    public String wellKnownName() {
        for (int i = 0; i < WELL_KNOWN.length; i++) {
            if (WELL_KNOWN[i].value == value) {
                return NAMES[i];
            }
        }
        return "";
    }

    /**
     * Parses {@code a:b}, a decimal 32-bit number, or a well-known name ({@code NO_EXPORT},
     * case-insensitive, {@code -} accepted for {@code _}).
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    public static Community parse(String text) {
        String t = text.trim();
        String name = t.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return WELL_KNOWN[i];
            }
        }
        try {
            int colon = t.indexOf(':');
            if (colon >= 0) {
                return of(Integer.parseInt(t.substring(0, colon)), Integer.parseInt(t.substring(colon + 1)));
            }
            long v = Long.parseLong(t);
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return new Community((int) v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad community '" + text
                    + "': expected a:b (0..65535 each), a number 0..4294967295 or a name such as NO_EXPORT");
        }
    }

    @Override
    public int compareTo(Community o) {
        return Integer.compareUnsigned(value, o.value);
    }

    /** The well-known name, else {@code high:low}. */
    @Override
    public String toString() {
        String name = wellKnownName();
        return name.isEmpty() ? high() + ":" + low() : name;
    }
}
