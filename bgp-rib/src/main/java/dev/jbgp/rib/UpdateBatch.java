package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * Prefixes announced with one attribute set: what one UPDATE (or a few, when the NLRI do not fit)
 * carries. With ADD-PATH (RFC 7911 §3) {@code pathIds} holds the path identifier of each prefix
 * (parallel to {@code prefixes}; a prefix may then appear more than once, with different identifiers);
 * empty means no path identifiers (all 0). Immutable: the array is copied in and out.
 */
public record UpdateBatch(PathAttributes attributes, List<Prefix> prefixes, int[] pathIds) {

    private static final int[] NONE = new int[0];

    public UpdateBatch {
        prefixes = List.copyOf(prefixes);
        pathIds = pathIds.length == 0 ? NONE : pathIds.clone();
        if (pathIds.length != 0 && pathIds.length != prefixes.size()) {
            throw new IllegalArgumentException(pathIds.length + " path ids for " + prefixes.size() + " prefixes");
        }
    }

    /** Prefixes without path identifiers. */
    public UpdateBatch(PathAttributes attributes, List<Prefix> prefixes) {
        this(attributes, prefixes, NONE);
    }

    /** A copy of the path identifiers (empty: none). */
    @Override
    public int[] pathIds() {
        return pathIds.length == 0 ? NONE : pathIds.clone();
    }

    /** The path identifier of the {@code i}th prefix (0 without path identifiers). */
    public int pathId(int i) {
        return pathIds.length == 0 ? 0 : pathIds[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateBatch b && b.attributes.equals(attributes) && b.prefixes.equals(prefixes)
                && Arrays.equals(b.pathIds, pathIds);
    }

    @Override
    public int hashCode() {
        return (attributes.hashCode() * 31 + prefixes.hashCode()) * 31 + Arrays.hashCode(pathIds);
    }

    @Override
    public String toString() {
        return "UpdateBatch[" + attributes + ", " + prefixes + (pathIds.length == 0 ? "" : ", path ids "
                + Arrays.toString(pathIds)) + "]";
    }
}
