package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Optional;

/**
 * What we announce to {@code peer} for {@code prefix} changed: {@code current} empty means a
 * withdrawal. The attribute sets are the interned, exported ones. Immutable.
 */
public record AdjRibOutChange(PeerId peer, Prefix prefix, Optional<PathAttributes> previous,
                              Optional<PathAttributes> current) {
}
