package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Optional;

/**
 * What we announce to {@code peer} for {@code prefix} (and, with ADD-PATH, RFC 7911, path identifier
 * {@code pathId}; 0 without) changed: {@code current} empty means a withdrawal. The attribute sets are
 * the interned, exported ones. Immutable.
 */
public record AdjRibOutChange(PeerId peer, Prefix prefix, int pathId, Optional<PathAttributes> previous,
                              Optional<PathAttributes> current) {

    /** A change without a path identifier. */
    public AdjRibOutChange(PeerId peer, Prefix prefix, Optional<PathAttributes> previous,
                           Optional<PathAttributes> current) {
        this(peer, prefix, 0, previous, current);
    }
}
