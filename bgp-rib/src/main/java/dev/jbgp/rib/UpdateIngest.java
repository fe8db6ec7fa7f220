package dev.jbgp.rib;

import dev.jbgp.rib.policy.Disposition;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The way in of received routes: applies a validated UPDATE read in place (withdrawals, then the
 * announced NLRI with their attribute set found by its bytes), keeps the pre-policy copy under soft
 * reconfiguration, runs the import policy and hands the result to the {@link LocRib}.
 *
 * <p>IPv4 prefixes travel by {@link Ipv4Prefix#key()} and IPv6 ones by the primitives held in the RIB's
 * {@link Ipv6Key}: no prefix object is made unless a policy, listener, update group or soft
 * reconfiguration needs one. Reads the view's buffer, never retains or
 * releases it. Owned by its {@link Rib}, confined to its thread.
 */
final class UpdateIngest {

    private final RibConfig config;
    private final AttributeInterner interner;
    private final LocRib locRib;
    private final PeerRoutes peerRoutes;
    private final AttributeBlockInterner blocks;
    private final NlriCursor nlri = new NlriCursor();
    /** Where the current IPv6 entry is held for {@link LocRib} (the RIB's one holder). */
    private final Ipv6Key v6Key;

    UpdateIngest(RibConfig config, AttributeInterner interner, LocRib locRib, PeerRoutes peerRoutes) {
        this.config = config;
        this.interner = interner;
        this.locRib = locRib;
        this.peerRoutes = peerRoutes;
        this.v6Key = locRib.v6Key();
        this.blocks = new AttributeBlockInterner(interner);
    }

    AttributeBlockInterner blocks() {
        return blocks;
    }

    /** Applies one validated UPDATE from an established peer in place (see {@link AdjRibIn#apply}). */
    UpdateOutcome apply(PeerState ps, UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        locRib.beginUpdate();
        try {
            return applyUpdate(ps, view, verdict);
        } finally {
            locRib.endUpdate();
        }
    }

    private UpdateOutcome applyUpdate(PeerState ps, UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        if (!ps.up) {
            throw new IllegalStateException("peer " + ps.peer + " is not established");
        }
        if (verdict.isSessionReset()) {
            return new UpdateOutcome(0, 0, Optional.empty(), verdict.action());
        }
        if (view.isEndOfRib()) {
            AddressFamily family = view.endOfRibFamily();
            peerRoutes.endOfRib(ps, family);
            return new UpdateOutcome(0, 0, Optional.of(family), verdict.action());
        }
        int withdrawn = 0;
        int announced = 0;
        view.withdrawn(nlri);
        while (nlri.next()) {
            withdrawCurrent(ps);
            withdrawn++;
        }
        if (view.mpUnreachNlri(nlri)) {
            while (nlri.next()) {
                withdrawCurrent(ps);
                withdrawn++;
            }
        }
        // RFC 7606 §2 treat-as-withdraw: the announced prefixes are withdrawn instead. The semantic
        // checks that need our state are made here (bgp-wire's validator leaves them to the RIB).
        boolean asWithdraw = verdict.isTreatAsWithdraw();
        boolean semantic = false;
        if (!asWithdraw && view.hasReachableNlri() && ps.peer.isExternal() && ps.settings.enforceFirstAs()
                && view.asPathFirstAs() != ps.peer.asn()) {
            // RFC 4271 §6.3: the leftmost AS of an eBGP route must be the peer's; else a malformed
            // AS_PATH, which RFC 7606 §7.2 handles as treat-as-withdraw.
            asWithdraw = true;
            semantic = true;
        }
        for (int part = 0; part < 2; part++) {
            boolean mp = part == 1;
            if (mp) {
                if (!view.mpReachNlri(nlri)) {
                    break;
                }
            } else {
                view.nlri(nlri);
            }
            // RFC 4271 §6.3: a NEXT_HOP that is our own address is semantically incorrect; the routes
            // are ignored (withdrawn here so an earlier copy does not linger).
            boolean ownNextHop = !mp && view.hasNextHop() && ownAddress(ps, view.nextHop());
            semantic |= ownNextHop && view.nlriLength() > 0;
            PathAttributes attributes = null;
            while (nlri.next()) {
                if (asWithdraw || ownNextHop) {
                    withdrawCurrent(ps);
                    withdrawn++;
                    continue;
                }
                if (attributes == null) {
                    attributes = blocks.lookup(view, verdict, mp);
                }
                announce(ps, null, currentKey(), nlri.pathId(), attributes);
                announced++;
            }
        }
        Optional<ErrorAction> action = verdict.action();
        if (semantic && !verdict.isTreatAsWithdraw()) {
            action = Optional.of(ErrorAction.TREAT_AS_WITHDRAW);
        }
        return new UpdateOutcome(announced, withdrawn, Optional.empty(), action);
    }

    private static boolean ownAddress(PeerState ps, int nextHop) {
        Optional<InetAddress> local = ps.settings.localAddress();
        if (local.isEmpty() || !(local.get() instanceof Inet4Address)) {
            return false;
        }
        byte[] b = local.get().getAddress();
        return ((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)) == nextHop;
    }

    private void withdrawCurrent(PeerState ps) {
        withdraw(ps, null, currentKey(), nlri.pathId());
    }

    /**
     * The current NLRI entry as the {@code v4Key} of a {@code (null, v4Key)} pair: an IPv4 entry's
     * {@link Ipv4Prefix#key()}, or for an IPv6 entry {@link Ipv6Key#HELD} once the entry is held in
     * {@link #v6Key} (the cursor has cleared the host bits).
     */
    private long currentKey() {
        if (nlri.afi() == Afi.IPV4) {
            return ((nlri.ipv4Address() & 0xFFFFFFFFL) << 8) | nlri.length();
        }
        return v6Key.hold(nlri.ipv6High(), nlri.ipv6Low(), nlri.length());
    }

    /**
     * A received route ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}): kept pre-policy under soft
     * reconfiguration, then imported. Returns true when a route was installed.
     */
    boolean announce(PeerState ps, Prefix prefix, long v4Key, int pathId, PathAttributes attributes) {
        if (ps.settings.softReconfiguration()) {
            PathAttributes old = ps.putPrePolicy(v6Key.materialize(prefix, v4Key), pathId, interner.intern(attributes));
            if (old != null) {
                interner.release(old);
            }
        }
        return importRoute(ps, prefix, v4Key, pathId, attributes);
    }

    /** A received withdrawal ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}). Returns true when a route was removed. */
    boolean withdraw(PeerState ps, Prefix prefix, long v4Key, int pathId) {
        if (ps.settings.softReconfiguration()) {
            PathAttributes old = ps.removePrePolicy(v6Key.materialize(prefix, v4Key), pathId);
            if (old != null) {
                interner.release(old);
            }
        }
        return locRib.remove(ps, prefix, v4Key, pathId);
    }

    /**
     * Runs the import policy and installs or removes the route. {@code prefix} may be null for a prefix
     * given by {@code v4Key} alone (the UPDATE path, see {@link Ipv6Key}), so no prefix object is made unless needed.
     */
    boolean importRoute(PeerState ps, Prefix prefix, long v4Key, int pathId, PathAttributes attributes) {
        PeerId peer = ps.peer;
        PathAttributes post = attributes;
        Optional<Policy> policy = ps.settings.importPolicy();
        if (policy.isPresent()) {
            Policy pol = policy.get();
            if (!(pol.terms().isEmpty() && pol.otherwise() == Disposition.ACCEPT)) {
                Optional<PathAttributes> r = pol.apply(v6Key.materialize(prefix, v4Key), attributes, peer, config.localAs());
                if (r.isEmpty()) {
                    locRib.remove(ps, prefix, v4Key, pathId);
                    return false;
                }
                post = r.get();
            }
        } else if (config.rfc8212() && peer.isExternal()) {
            // RFC 8212 §2: no import policy on an eBGP session, nothing accepted.
            locRib.remove(ps, prefix, v4Key, pathId);
            return false;
        }
        locRib.install(ps, prefix, v4Key, pathId, interner.intern(post));
        return true;
    }
}
