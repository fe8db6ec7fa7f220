package dev.jbgp.rib.policy;

/** What a matching {@link Term} does after its actions, and what a {@link Policy} does when no term decided. */
public enum Disposition {
    /** Accept the route with the actions applied so far; stop evaluating. */
    ACCEPT,
    /** Reject the route; stop evaluating. */
    REJECT,
    /** Keep the actions applied so far and go on with the next term. */
    CONTINUE
}
