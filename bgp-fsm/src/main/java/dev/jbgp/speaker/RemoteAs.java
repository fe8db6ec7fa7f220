package dev.jbgp.speaker;

/**
 * The AS a {@link Neighbor} must announce in its OPEN: a number, {@link #internal()} meaning
 * "whatever our own AS is" (iBGP, resolved against {@link SpeakerConfig#localAs()} so a change of the
 * local AS carries over), or {@link #external()} meaning "any AS but ours" (eBGP with a neighbour
 * whose AS we do not know in advance). Immutable and thread-safe.
 *
 * <p>With {@link #external()} the session accepts the first OPEN whose AS differs from ours and
 * answers one with our own AS with Bad Peer AS (RFC 4271 §6.2); the AS it learned then decides the
 * eBGP rules for that session's routes and shows in {@link NeighborStatus#asn()}.
 */
public final class RemoteAs {

    private static final long INTERNAL_VALUE = 0;
    private static final long EXTERNAL_VALUE = -1;
    private static final RemoteAs INTERNAL = new RemoteAs(INTERNAL_VALUE);
    private static final RemoteAs EXTERNAL = new RemoteAs(EXTERNAL_VALUE);

    private final long asn;

    private RemoteAs(long asn) {
        this.asn = asn;
    }

    /** A fixed AS number, 1..4294967295 (4-octet, RFC 6793). */
    public static RemoteAs of(long asn) {
        if (asn < 1 || asn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS must be 1..4294967295: " + asn);
        }
        return new RemoteAs(asn);
    }

    /** Our own AS: an iBGP session. */
    public static RemoteAs internal() {
        return INTERNAL;
    }

    /** Any AS other than ours, learned from the neighbour's OPEN: an eBGP session. */
    public static RemoteAs external() {
        return EXTERNAL;
    }

    /** True for {@link #internal()}. */
    public boolean isInternal() {
        return asn == INTERNAL_VALUE;
    }

    /** True for {@link #external()}. */
    public boolean isExternal() {
        return asn == EXTERNAL_VALUE;
    }

    /**
     * The AS number for a speaker in {@code localAs}.
     *
     * @throws IllegalStateException for {@link #external()}, which has no number until a session is up
     */
    public long resolve(long localAs) {
        if (isExternal()) {
            throw new IllegalStateException("an external neighbour's AS is known only from its OPEN");
        }
        return isInternal() ? localAs : asn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteAs r && r.asn == asn;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(asn);
    }

    /** The number, {@code internal} or {@code external}. */
    @Override
    public String toString() {
        return isInternal() ? "internal" : isExternal() ? "external" : Long.toString(asn);
    }
}
