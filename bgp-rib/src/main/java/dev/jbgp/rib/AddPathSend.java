package dev.jbgp.rib;

import java.util.Objects;

/**
 * Which paths to a prefix we announce to a peer with which we may send path identifiers (ADD-PATH,
 * RFC 7911 §3 and §5): only the best path (the default, and what a peer without ADD-PATH gets), every
 * eligible path, the ECMP set, or the first {@code n} paths in decision order. Immutable value.
 *
 * <p>The selection takes effect only for the families in which ADD-PATH send was negotiated
 * ({@link PeerSettings#addPathFamilies()}); elsewhere the peer gets the best path, as without ADD-PATH.
 * Each candidate goes through the export rules and policy on its own (a path the peer may not receive
 * is skipped, and {@link Mode#BEST_N} then takes the next one), and candidates whose exported attribute
 * sets are identical are sent once: after next-hop-self and AS prepend two paths can become the same
 * path for the receiver, and a second copy would only cost it memory (FRR sends both; we send the
 * first in decision order, and when it goes the other takes over its path identifier without an
 * UPDATE).
 *
 * <p>Operators know these as FRR {@code addpath-tx-all-paths} ({@link #all()}),
 * {@code addpath-tx-best-selected N} ({@link #bestN(int)}), BIRD {@code add paths tx} ({@link #all()})
 * and GoBGP {@code send-max} ({@link #bestN(int)}).
 */
public final class AddPathSend {

    /** How the paths to announce are chosen. */
    public enum Mode {
        /** The best path only (one path per prefix, as without ADD-PATH). */
        BEST,
        /** Every eligible path (ineligible ones, e.g. with an unreachable next hop, are never sent). */
        ALL,
        /** The best path and the others in its ECMP set (the RIB's multipath set). */
        MULTIPATH,
        /** Up to {@link AddPathSend#count()} paths in decision order. */
        BEST_N
    }

    private static final AddPathSend BEST_ONLY = new AddPathSend(Mode.BEST, 1);
    private static final AddPathSend ALL = new AddPathSend(Mode.ALL, Integer.MAX_VALUE);
    private static final AddPathSend MULTIPATH = new AddPathSend(Mode.MULTIPATH, Integer.MAX_VALUE);

    private final Mode mode;
    private final int count;

    private AddPathSend(Mode mode, int count) {
        this.mode = mode;
        this.count = count;
    }

    /** The best path only: the default. */
    public static AddPathSend bestOnly() {
        return BEST_ONLY;
    }

    /** Every eligible path. */
    public static AddPathSend all() {
        return ALL;
    }

    /** The ECMP set. */
    public static AddPathSend multipath() {
        return MULTIPATH;
    }

    /**
     * Up to {@code n} paths in decision order; {@code bestN(1)} is {@link #bestOnly()}.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static AddPathSend bestN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one path: " + n);
        }
        return n == 1 ? BEST_ONLY : new AddPathSend(Mode.BEST_N, n);
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The most paths per prefix: 1 for {@link Mode#BEST}, {@code n} for {@link Mode#BEST_N}, else unbounded. */
    public int count() {
        return count;
    }

    /** True when more than the best path may be sent. */
    public boolean isMultiPath() {
        return mode != Mode.BEST;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddPathSend a && a.mode == mode && a.count == count;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, count);
    }

    @Override
    public String toString() {
        switch (mode) {
            case BEST:
                return "best";
            case ALL:
                return "all";
            case MULTIPATH:
                return "multipath";
            default:
                return "best-" + count;
        }
    }
}
