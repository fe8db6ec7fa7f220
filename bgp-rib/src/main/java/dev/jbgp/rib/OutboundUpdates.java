package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;

/**
 * The pending changes of an Adj-RIB-Out, ready for the encoder: prefixes to withdraw and announcements
 * grouped by attribute set (one {@link UpdateBatch} per set), both in prefix order. Immutable.
 */
public record OutboundUpdates(List<Prefix> withdrawn, List<UpdateBatch> announcements) {

    public OutboundUpdates {
        withdrawn = List.copyOf(withdrawn);
        announcements = List.copyOf(announcements);
    }

    /** True when there is nothing to send. */
    public boolean isEmpty() {
        return withdrawn.isEmpty() && announcements.isEmpty();
    }
}
