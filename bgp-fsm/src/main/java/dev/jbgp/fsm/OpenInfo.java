package dev.jbgp.fsm;

import java.util.Objects;

/**
 * The fields of an OPEN message (RFC 4271 §4.2) that the state machine checks and negotiates, with
 * its capabilities already typed. The driver builds one from each received OPEN (syntax errors are
 * reported as Event 22 before this exists); the state machine builds ours for
 * {@link SessionAction.SendOpen}. Immutable.
 *
 * @param version       the version octet (4)
 * @param myAs          the 2-octet My Autonomous System field (AS_TRANS when the real AS needs 4 octets)
 * @param holdTime      the Hold Time in seconds
 * @param bgpIdentifier the BGP Identifier as an unsigned 32-bit value in an {@code int}
 * @param capabilities  the typed capabilities
 */
public record OpenInfo(int version, int myAs, int holdTime, int bgpIdentifier, Capabilities capabilities) {

    /** The only BGP version there is. */
    public static final int BGP_VERSION = 4;
    /** RFC 6793 AS_TRANS, sent in My AS by a speaker whose AS does not fit 2 octets. */
    public static final int AS_TRANS = 23456;

    public OpenInfo {
        if (myAs < 0 || myAs > 0xFFFF) {
            throw new IllegalArgumentException("My AS is a 2-octet field: " + myAs);
        }
        if (holdTime < 0 || holdTime > 0xFFFF) {
            throw new IllegalArgumentException("Hold Time is a 2-octet field: " + holdTime);
        }
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /** The sender's AS: the 4-octet AS capability's value when present, else My AS (RFC 6793 §4.1). */
    public long effectiveAs() {
        return capabilities.fourOctetAs().orElse(myAs);
    }

    /** The BGP Identifier in dotted-quad form, for logs. */
    public String bgpIdentifierText() {
        return BgpIdentifiers.toText(bgpIdentifier);
    }
}
