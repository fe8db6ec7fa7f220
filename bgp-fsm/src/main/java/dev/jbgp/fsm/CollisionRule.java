package dev.jbgp.fsm;

import java.util.Optional;

/**
 * Connection collision detection (RFC 4271 §6.8, RFC 6286 §2.3) as a pure function over the two
 * connection slots a peer can have: the one we opened (outgoing) and the one the peer opened
 * (incoming). The driver asks it whenever an OPEN arrives while both slots are in use, and feeds
 * {@link SessionEvent.OpenCollisionDump} (Event 23) to the state machine of the losing slot.
 */
public final class CollisionRule {

    private CollisionRule() {
    }

    /** Which side opened a TCP connection. */
    public enum Slot {
        /** We connected to the peer. */
        OUTGOING,
        /** The peer connected to us. */
        INCOMING
    }

    /**
     * The slot to close, or empty when the two connections do not collide yet (one of them has not
     * reached OpenSent, so no OPEN exchange is under way on it).
     *
     * @param localId   our BGP identifier (compared as unsigned, RFC 4271 §6.8)
     * @param localAs   our AS
     * @param remoteId  the peer's BGP identifier, from the OPEN just received
     * @param remoteAs  the peer's AS
     * @param outgoing  the state of the connection we opened
     * @param incoming  the state of the connection the peer opened
     * @param detectInEstablished the CollisionDetectEstablishedState attribute
     */
    public static Optional<Slot> loser(int localId, long localAs, int remoteId, long remoteAs,
                                       SessionState outgoing, SessionState incoming, boolean detectInEstablished) {
        // The rule, in three lines:
        //   an Established connection stays and the newcomer goes, unless detection in Established is on;
        //   otherwise the connection opened by the speaker with the higher BGP Identifier stays;
        //   equal identifiers (possible only between ASes, RFC 6286 §2.3): the one opened by the higher AS stays.
        if (!pastActive(outgoing) || !pastActive(incoming)) {
            return Optional.empty();
        }
        if (!detectInEstablished) {
            if (outgoing == SessionState.ESTABLISHED) {
                return Optional.of(Slot.INCOMING);
            }
            if (incoming == SessionState.ESTABLISHED) {
                return Optional.of(Slot.OUTGOING);
            }
        }
        int byId = Integer.compareUnsigned(localId, remoteId);
        if (byId != 0) {
            // We have the higher identifier: our connection stays, the peer's goes.
            return Optional.of(byId > 0 ? Slot.INCOMING : Slot.OUTGOING);
        }
        return Optional.of(localAs > remoteAs ? Slot.INCOMING : Slot.OUTGOING);
    }

    private static boolean pastActive(SessionState s) {
        return s == SessionState.OPEN_SENT || s == SessionState.OPEN_CONFIRM || s == SessionState.ESTABLISHED;
    }
}
