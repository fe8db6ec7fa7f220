package dev.jbgp.wire.error;

/**
 * What a receiver does about a malformed message, ordered from the mildest to the strongest
 * (RFC 7606 §2). When several errors are found in one UPDATE the strongest one wins
 * ({@link #strongest(ErrorAction, ErrorAction)}).
 */
public enum ErrorAction {
    /** RFC 7606 §2 "attribute discard": drop the offending attribute, keep the route and the session. */
    ATTRIBUTE_DISCARD,
    /** RFC 7606 §2 "treat-as-withdraw": withdraw every prefix the UPDATE carries, keep the session. */
    TREAT_AS_WITHDRAW,
    /** RFC 4271 §6 / RFC 7606 §2 "session reset": send the NOTIFICATION and close the session. */
    SESSION_RESET;

    /** The stronger of two actions. */
    public static ErrorAction strongest(ErrorAction a, ErrorAction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
