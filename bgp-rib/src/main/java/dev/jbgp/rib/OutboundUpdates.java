package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * The pending changes of an Adj-RIB-Out, ready for the encoder: prefixes to withdraw and announcements
 * grouped by attribute set (one {@link UpdateBatch} per set), both in prefix order. With ADD-PATH
 * (RFC 7911 §3) {@code withdrawnPathIds} holds the path identifier of each withdrawal (parallel to
 * {@code withdrawn}); empty means none (all 0). Immutable: the array is copied in and out.
 */
public record OutboundUpdates(List<Prefix> withdrawn, List<UpdateBatch> announcements, int[] withdrawnPathIds) {

    private static final int[] NONE = new int[0];

    public OutboundUpdates {
        withdrawn = List.copyOf(withdrawn);
        announcements = List.copyOf(announcements);
        withdrawnPathIds = withdrawnPathIds.length == 0 ? NONE : withdrawnPathIds.clone();
        if (withdrawnPathIds.length != 0 && withdrawnPathIds.length != withdrawn.size()) {
            throw new IllegalArgumentException(withdrawnPathIds.length + " path ids for " + withdrawn.size()
                    + " withdrawals");
        }
    }

    /** Changes without path identifiers. */
    public OutboundUpdates(List<Prefix> withdrawn, List<UpdateBatch> announcements) {
        this(withdrawn, announcements, NONE);
    }

    /** A copy of the withdrawals' path identifiers (empty: none). */
    @Override
    public int[] withdrawnPathIds() {
        return withdrawnPathIds.length == 0 ? NONE : withdrawnPathIds.clone();
    }

    /** True when there is nothing to send. */
    public boolean isEmpty() {
        return withdrawn.isEmpty() && announcements.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundUpdates u && u.withdrawn.equals(withdrawn) && u.announcements.equals(announcements)
                && Arrays.equals(u.withdrawnPathIds, withdrawnPathIds);
    }

    @Override
    public int hashCode() {
        return (withdrawn.hashCode() * 31 + announcements.hashCode()) * 31 + Arrays.hashCode(withdrawnPathIds);
    }
}
