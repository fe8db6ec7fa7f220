package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;

/**
 * Prefixes announced with one attribute set: what one UPDATE (or a few, when the NLRI do not fit)
 * carries. Immutable.
 */
public record UpdateBatch(PathAttributes attributes, List<Prefix> prefixes) {

    public UpdateBatch {
        prefixes = List.copyOf(prefixes);
    }
}
