package dev.jbgp.rib.policy;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * A prefix list: entries of a covering prefix and a length range {@code ge..le}; a prefix matches an
 * entry when it lies inside the covering prefix and its length is in the range. Immutable.
 */
public final class PrefixList {

    /**
     * One entry: a prefix inside {@code prefix} whose length is {@code ge..le} matches. An entry written
     * without ge/le matches exactly {@code prefix}.
     */
    public record Entry(Prefix prefix, int ge, int le) {
        public Entry {
            int max = prefix instanceof Ipv4Prefix ? 32 : 128;
            if (ge < prefix.length() || le < ge || le > max) {
                throw new IllegalArgumentException("prefix list entry " + prefix + " needs "
                        + prefix.length() + " <= ge <= le <= " + max + ", got ge " + ge + " le " + le);
            }
        }

        /** True when {@code p} is inside this entry's prefix with a length in range. */
        public boolean matches(Prefix p) {
            if (p.length() < ge || p.length() > le) {
                return false;
            }
            if (prefix instanceof Ipv4Prefix && p instanceof Ipv4Prefix) {
                Ipv4Prefix e = (Ipv4Prefix) prefix;
                return (((Ipv4Prefix) p).address() & Ipv4Prefix.mask(e.length())) == e.address();
            }
            if (prefix instanceof Ipv6Prefix && p instanceof Ipv6Prefix) {
                Ipv6Prefix e = (Ipv6Prefix) prefix;
                Ipv6Prefix q = (Ipv6Prefix) p;
                return (q.high() & Ipv6Prefix.highMask(e.length())) == e.high()
                        && (q.low() & Ipv6Prefix.lowMask(e.length())) == e.low();
            }
            return false;
        }
    }

    private final List<Entry> entries;

    private PrefixList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A list of the given entries. */
    public static PrefixList of(List<Entry> entries) {
        return new PrefixList(entries);
    }

    /**
     * Parses entries written as {@code "10.0.0.0/8"}, {@code "10.0.0.0/8 le 24"},
     * {@code "10.0.0.0/8 ge 16 le 24"} or {@code "2001:db8::/32 ge 48"} (ge alone means up to the
     * longest length of the family).
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static PrefixList parse(String... entries) {
        List<Entry> out = new ArrayList<>();
        for (String text : entries) {
            String[] w = text.trim().split("\\s+");
            Prefix p = Prefix.parse(w[0]);
            int max = p instanceof Ipv4Prefix ? 32 : 128;
            int ge = p.length();
            int le = p.length();
            boolean ranged = false;
            for (int i = 1; i < w.length; i += 2) {
                if (i + 1 >= w.length) {
                    throw new IllegalArgumentException("bad prefix list entry '" + text + "': expected PREFIX [ge N] [le N]");
                }
                int v = Integer.parseInt(w[i + 1]);
                if (w[i].equals("ge")) {
                    ge = v;
                    if (!ranged) {
                        le = max;
                    }
                    ranged = true;
                } else if (w[i].equals("le")) {
                    le = v;
                    ranged = true;
                } else {
                    throw new IllegalArgumentException("bad prefix list entry '" + text + "': expected PREFIX [ge N] [le N]");
                }
            }
            out.add(new Entry(p, ge, le));
        }
        return new PrefixList(out);
    }

    /** The entries, in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** True when any entry matches. */
    public boolean matches(Prefix p) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).matches(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "prefix-list" + entries;
    }
}
