package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Collection;
import java.util.Set;

/**
 * The agent's only handle on a BGP speaker: everything the agent decides goes through here, so the
 * pure parts can be tested against {@link InMemoryBgpControl} and the real speaker plugs in behind an
 * adapter. The {@link Reconciler} calls these methods only when the desired state changed, so every
 * call is a real change; an implementation turns each into the matching session or UPDATE work.
 *
 * <p>Threading: the reconciler calls from one thread at a time; {@link #status()} may be called from
 * any thread (the status server) and must return a consistent snapshot.
 */
public interface BgpControl {

    /**
     * Sets or changes the local AS, BGP Identifier and listener. Called first, before any peer or
     * route, and again only when one of them changes (a changed AS or router id resets all sessions,
     * RFC 4271 §4.2 carries both in OPEN).
     */
    void configure(LocalSettings local);

    /**
     * Sets the complete desired neighbour set: neighbours not in {@code peers} are shut down
     * (Cease, RFC 4486 "Peer De-configured"), new ones are started, and a neighbour whose spec changed
     * (same address, other fields) is reconfigured.
     */
    void setPeers(Set<PeerSpec> peers);

    /**
     * Advertises these routes to every neighbour, replacing any route already advertised for the same
     * prefix (an implicit withdraw, RFC 4271 §3.1, when attributes changed).
     */
    void advertise(Collection<AdvertisedRoute> routes);

    /** Withdraws these prefixes from every neighbour; a prefix not advertised is ignored. */
    void withdraw(Collection<Prefix> prefixes);

    /**
     * Says the routes advertised so far are everything the agent wants for now: called after each
     * reconcile that applied the whole desired state. After a graceful restart the first call ends
     * the restart, so the routers get End-of-RIB and sweep the stale routes not re-advertised
     * (RFC 4724 §4.1) as soon as the agent has re-advertised, not after a deferral timer; later
     * calls change nothing and send nothing.
     */
    void advertisementComplete();

    /**
     * Stops every session because the agent is terminating (SIGTERM). With graceful restart off for a
     * neighbour, it sends Cease / Administrative Shutdown (RFC 4486 §3, subcode 2) so the router withdraws
     * at once; with it on, it closes so the router keeps the routes as stale while the pod restarts
     * (RFC 4724 §4.2; RFC 8538 when the N-bit was negotiated). No call follows this one.
     */
    void shutdown();

    /** A snapshot of neighbours, advertised routes and counters. */
    BgpStatus status();
}
