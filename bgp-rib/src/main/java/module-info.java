/**
 * jbgp rib: routing state and decisions. Prefix tables, interned attribute sets, Adj-RIB-In per
 * peer, the Loc-RIB with the RFC 4271 §9.1 decision process and ECMP multipath, Adj-RIB-Out per
 * update group with export policy, graceful-restart stale handling and change events.
 *
 * <p>Single-threaded by contract: a {@code Rib} and everything reached through it is confined to one
 * thread (typically the speaker's event loop); only snapshots and values are safe to share.
 */
module dev.jbgp.rib {
    requires transitive dev.jbgp.wire;
    requires org.slf4j;

    exports dev.jbgp.rib;
    exports dev.jbgp.rib.decision;
    exports dev.jbgp.rib.policy;
}
