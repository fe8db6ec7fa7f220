package dev.jbgp.speaker;

/**
 * The AS a {@link Neighbor} must announce in its OPEN: a number, or {@link #internal()} meaning
 * "whatever our own AS is" (iBGP, resolved against {@link SpeakerConfig#localAs()} so a change of the
 * local AS carries over). Immutable and thread-safe.
 *
 * <p>An "any external AS" choice is not offered: the session FSM checks the OPEN against one AS
 * (RFC 4271 §6.2 Bad Peer AS) and has no dynamic mode yet.
 */
public final class RemoteAs {

    private static final RemoteAs INTERNAL = new RemoteAs(0);

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

    /** True for {@link #internal()}. */
    public boolean isInternal() {
        return asn == 0;
    }

    /** The AS number for a speaker in {@code localAs}. */
    public long resolve(long localAs) {
        return asn == 0 ? localAs : asn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteAs r && r.asn == asn;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(asn);
    }

    @Override
    public String toString() {
        return asn == 0 ? "internal" : Long.toString(asn);
    }
}
