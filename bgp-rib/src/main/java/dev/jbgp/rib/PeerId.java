package dev.jbgp.rib;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who a path came from: a BGP peer (its transport address, AS, BGP Identifier, whether it is internal
 * and whether it is a route-reflector client, RFC 4456), or the speaker itself for locally originated
 * routes ({@link #local(long, int)}). Immutable; one instance per peer is shared by all its routes.
 *
 * <p>Equality is by every field, so a peer that reconnects with a different BGP Identifier is a
 * different {@code PeerId}.
 */
public final class PeerId implements Comparable<PeerId> {

    private final InetAddress address;
    private final long asn;
    private final int bgpId;
    private final boolean internal;
    private final boolean routeReflectorClient;
    private final boolean local;
    private final byte[] addressBytes;
    private final int hash;

    private PeerId(InetAddress address, long asn, int bgpId, boolean internal, boolean rrClient, boolean local) {
        if (asn < 0 || asn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asn);
        }
        this.address = Objects.requireNonNull(address, "address");
        this.asn = asn;
        this.bgpId = bgpId;
        this.internal = internal;
        this.routeReflectorClient = rrClient;
        this.local = local;
        this.addressBytes = address.getAddress();
        this.hash = Objects.hash(address, asn, bgpId, internal, rrClient, local);
    }

    /** An external (eBGP) peer. */
    public static PeerId external(InetAddress address, long asn, int bgpId) {
        return new PeerId(address, asn, bgpId, false, false, false);
    }

    /** An internal (iBGP) peer; {@code routeReflectorClient} marks it as our RFC 4456 client. */
    public static PeerId internal(InetAddress address, long asn, int bgpId, boolean routeReflectorClient) {
        return new PeerId(address, asn, bgpId, true, routeReflectorClient, false);
    }

    /**
     * The speaker itself, source of locally originated routes: our AS and BGP Identifier, address
     * 0.0.0.0. It counts as internal for the iBGP/eBGP rules.
     */
    public static PeerId local(long localAs, int routerId) {
        return new PeerId(InetAddresses.ANY4, localAs, routerId, true, false, true);
    }

    /** The peer's transport address. */
    public InetAddress address() {
        return address;
    }

    /** The peer's AS number (4-octet, RFC 6793). */
    public long asn() {
        return asn;
    }

    /** The peer's BGP Identifier (network byte order in an {@code int}; compared unsigned). */
    public int bgpId() {
        return bgpId;
    }

    /** True for iBGP peers and for {@link #local local} origination. */
    public boolean isInternal() {
        return internal;
    }

    /** True for eBGP peers. */
    public boolean isExternal() {
        return !internal;
    }

    /** True when this iBGP peer is one of our route-reflector clients (RFC 4456 §3). */
    public boolean isRouteReflectorClient() {
        return routeReflectorClient;
    }

    /** True for the speaker itself ({@link #local(long, int)}). */
    public boolean isLocal() {
        return local;
    }

    /**
     * Orders peers by transport address, lower first, IPv4 before IPv6 (RFC 4271 §9.1.2.2 (g)), then
     * by the other fields so the order is total.
     */
    @Override
    public int compareTo(PeerId o) {
        int c = Integer.compare(addressBytes.length, o.addressBytes.length);
        if (c == 0) {
            c = Arrays.compareUnsigned(addressBytes, o.addressBytes);
        }
        if (c == 0) {
            c = Long.compare(asn, o.asn);
        }
        if (c == 0) {
            c = Integer.compareUnsigned(bgpId, o.bgpId);
        }
        if (c == 0) {
            c = Boolean.compare(internal, o.internal);
        }
        if (c == 0) {
            c = Boolean.compare(routeReflectorClient, o.routeReflectorClient);
        }
        return c == 0 ? Boolean.compare(local, o.local) : c;
    }

    /** Compares transport addresses only (RFC 4271 §9.1.2.2 (g)): negative when ours is lower. */
    public int compareAddress(PeerId o) {
        int c = Integer.compare(addressBytes.length, o.addressBytes.length);
        return c != 0 ? c : Arrays.compareUnsigned(addressBytes, o.addressBytes);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PeerId)) {
            return false;
        }
        PeerId p = (PeerId) o;
        return asn == p.asn && bgpId == p.bgpId && internal == p.internal
                && routeReflectorClient == p.routeReflectorClient && local == p.local && address.equals(p.address);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (local) {
            return "local";
        }
        return address.getHostAddress() + " AS" + asn + (internal ? " iBGP" : " eBGP")
                + (routeReflectorClient ? " rr-client" : "");
    }
}
