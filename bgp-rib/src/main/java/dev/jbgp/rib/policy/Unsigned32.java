package dev.jbgp.rib.policy;

/**
 * The range check the policy factories make on the unsigned 32-bit values they are given (AS numbers,
 * MED, LOCAL_PREF, large-community fields): a policy is built from configuration, so a bad value fails
 * when the policy is made, not later on the RIB's thread when a route reaches the term. Stateless.
 */
final class Unsigned32 {

    private Unsigned32() {
    }

    /** {@code value} when it is in 0..4294967295. */
    static long check(long value, String what) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " out of range 0..4294967295: " + value);
        }
        return value;
    }
}
