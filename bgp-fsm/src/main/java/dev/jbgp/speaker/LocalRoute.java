package dev.jbgp.speaker;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A locally originated route for {@link BgpSpeaker#announce}: a prefix and the attributes we give it
 * (next hop, ORIGIN, MED, LOCAL_PREF, communities, large communities, and how often our AS is prepended
 * to its otherwise empty AS_PATH). Export rules still apply per neighbour: on eBGP our AS is prepended
 * once more (RFC 4271 §5.1.2) and the next hop follows the neighbour's
 * {@link Neighbor#nextHopMode()}. Immutable and thread-safe; build with {@link #builder(Prefix)}.
 */
public final class LocalRoute {

    private final Prefix prefix;
    private final PathAttributes attributes;
    private final int prepend;

    private LocalRoute(Prefix prefix, PathAttributes attributes, int prepend) {
        this.prefix = prefix;
        this.attributes = attributes;
        this.prepend = prepend;
    }

    /** A builder for a route to {@code prefix}: ORIGIN IGP, no next hop (the session's local address is used). */
    public static Builder builder(Prefix prefix) {
        return new Builder(prefix);
    }

    /** A builder for {@code prefix} given as text ({@code "10.0.0.0/24"}, {@code "2001:db8::/48"}). */
    public static Builder builder(String prefix) {
        return new Builder(parsePrefix(prefix));
    }

    /** Parses {@code "a.b.c.d/len"} or an IPv6 {@code "x::/len"}. */
    public static Prefix parsePrefix(String text) {
        return text.indexOf(':') >= 0 ? Ipv6Prefix.parse(text) : Ipv4Prefix.parse(text);
    }

    /** The prefix. */
    public Prefix prefix() {
        return prefix;
    }

    /** The attributes before our AS is prepended (AS_PATH empty). */
    public PathAttributes attributes() {
        return attributes;
    }

    /** How many times our AS is put in the AS_PATH of the route itself. */
    public int prepend() {
        return prepend;
    }

    /** The attributes as the RIB originates them, with our AS prepended {@link #prepend()} times. */
    PathAttributes originated(long localAs) {
        return prepend == 0 ? attributes : attributes.toBuilder().prepend(localAs, prepend).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalRoute r && r.prefix.equals(prefix) && r.attributes.equals(attributes) && r.prepend == prepend;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, attributes, prepend);
    }

    @Override
    public String toString() {
        return prefix + " " + attributes + (prepend > 0 ? " prepend " + prepend : "");
    }

    /** Builds a {@link LocalRoute}; not thread-safe. */
    public static final class Builder {
        private final Prefix prefix;
        private final PathAttributes.Builder attributes = PathAttributes.builder().origin(PathAttributes.ORIGIN_IGP);
        private int prepend;

        private Builder(Prefix prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
        }

        /** The NEXT_HOP (IPv4) or MP_REACH_NLRI next hop (IPv6) to announce. */
        public Builder nextHop(InetAddress address) { attributes.nextHop(address); return this; }

        /** ORIGIN: {@link PathAttributes#ORIGIN_IGP}, {@code _EGP} or {@code _INCOMPLETE}. */
        public Builder origin(int value) { attributes.origin(value); return this; }

        /** MULTI_EXIT_DISC. */
        public Builder med(long value) { attributes.med(value); return this; }

        /** LOCAL_PREF (sent to iBGP neighbours only, RFC 4271 §5.1.5). */
        public Builder localPref(long value) { attributes.localPref(value); return this; }

        /** Adds the community {@code asn:value} (RFC 1997). */
        public Builder community(int asn, int value) {
            attributes.addCommunity((asn & 0xFFFF) << 16 | (value & 0xFFFF));
            return this;
        }

        /** Adds a large community (RFC 8092). */
        public Builder largeCommunity(long global, long local1, long local2) {
            attributes.addLargeCommunity(global, local1, local2);
            return this;
        }

        /** Puts our AS {@code times} times in the route's AS_PATH (0..255). */
        public Builder prepend(int times) {
            if (times < 0 || times > 255) {
                throw new IllegalArgumentException("prepend must be 0..255: " + times);
            }
            prepend = times;
            return this;
        }

        /** The immutable route. */
        public LocalRoute build() {
            return new LocalRoute(prefix, attributes.build(), prepend);
        }
    }
}
