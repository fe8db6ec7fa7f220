package dev.jbgp.rib;

/**
 * Told of every change the RIB makes, in the order it makes them, on the RIB's thread, before the
 * mutating call returns. Must not call back into the RIB. Events allocate; a RIB without listeners
 * publishes nothing.
 */
public interface RibListener {

    /** The Loc-RIB best path or multipath set of a prefix changed. */
    default void locRibChanged(LocRibChange change) {
    }

    /** What we announce to a peer for a prefix changed (Adj-RIB-Out). */
    default void adjRibOutChanged(AdjRibOutChange change) {
    }
}
