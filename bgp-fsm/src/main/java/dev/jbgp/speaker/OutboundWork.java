package dev.jbgp.speaker;

import dev.jbgp.rib.Ipv4Announcements;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.WireAttributes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.Ipv6NextHop;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One piece of what a neighbour still has to be sent, not yet encoded: withdrawals, one attribute
 * set with its prefixes, the IPv4 part of a whole Adj-RIB-Out ({@link Ipv4Announcements}: every set
 * with its cached attribute block, the prefixes as primitive keys), or an End-of-RIB marker. {@link #next} encodes one UPDATE at a time, so the
 * speaker encodes only as fast as the peer's connection drains: a peer that stops reading costs us
 * these references, never the whole table as encoded bytes.
 *
 * <p>Confined to the speaker's RIB thread. Owns the encoded attribute block it caches between
 * messages; {@link #release()} frees it (the speaker calls it when the work is done or dropped).
 */
final class OutboundWork {

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);

    private final PathAttributes attributes; // null: withdrawals or End-of-RIB
    private final List<Ipv4Prefix> v4;
    private final List<Ipv6Prefix> v6;
    /** ADD-PATH path identifiers (RFC 7911 §3) parallel to v4 / v6; empty: none. */
    private final int[] ids4;
    private final int[] ids6;
    private final Ipv6NextHop nextHop6;
    private final AddressFamily endOfRib;
    private final Ipv4Announcements table; // null unless a table dump
    private int set;
    private int i4;
    private int i6;
    private boolean endOfRibSent;
    private ByteBuf encodedAttributes;
    /** Whether the encoded attributes leave room for IPv4 / IPv6 NLRI (known once they are encoded). */
    private boolean fits4;
    private boolean fits6;

    private OutboundWork(PathAttributes attributes, List<Ipv4Prefix> v4, int[] ids4, List<Ipv6Prefix> v6, int[] ids6,
                         Ipv6NextHop nextHop6, AddressFamily endOfRib) {
        this(attributes, v4, ids4, v6, ids6, nextHop6, endOfRib, null);
    }

    private OutboundWork(PathAttributes attributes, List<Ipv4Prefix> v4, int[] ids4, List<Ipv6Prefix> v6, int[] ids6,
                         Ipv6NextHop nextHop6, AddressFamily endOfRib, Ipv4Announcements table) {
        this.table = table;
        this.attributes = attributes;
        this.v4 = v4;
        this.v6 = v6;
        this.ids4 = ids4;
        this.ids6 = ids6;
        this.nextHop6 = nextHop6;
        this.endOfRib = endOfRib;
    }

    /** No path identifiers: the work of a session without ADD-PATH send (RFC 7911). */
    static final int[] NO_IDS = new int[0];

    /** Withdrawals of these prefixes. */
    static OutboundWork withdraw(List<Ipv4Prefix> v4, List<Ipv6Prefix> v6) {
        return withdraw(v4, NO_IDS, v6, NO_IDS);
    }

    /** Withdrawals of these prefixes with these path identifiers (parallel arrays; empty: none). */
    static OutboundWork withdraw(List<Ipv4Prefix> v4, int[] ids4, List<Ipv6Prefix> v6, int[] ids6) {
        return new OutboundWork(null, v4, ids4, v6, ids6, null, null);
    }

    /** Announcements of these prefixes with one attribute set; {@code nextHop6} is needed only with IPv6 prefixes. */
    static OutboundWork announce(PathAttributes attributes, List<Ipv4Prefix> v4, List<Ipv6Prefix> v6, Ipv6NextHop nextHop6) {
        return announce(attributes, v4, NO_IDS, v6, NO_IDS, nextHop6);
    }

    /** As {@link #announce(PathAttributes, List, List, Ipv6NextHop)} with path identifiers (parallel; empty: none). */
    static OutboundWork announce(PathAttributes attributes, List<Ipv4Prefix> v4, int[] ids4, List<Ipv6Prefix> v6,
                                 int[] ids6, Ipv6NextHop nextHop6) {
        return new OutboundWork(attributes, v4, ids4, v6, ids6, nextHop6, null);
    }

    /**
     * The IPv4 announcements of a whole Adj-RIB-Out, dumped for this neighbour's session; sets without
     * an IPv4 next hop are skipped (the caller says so).
     */
    static OutboundWork table(Ipv4Announcements table) {
        return new OutboundWork(null, List.of(), NO_IDS, List.of(), NO_IDS, null, null, table);
    }

    /** The End-of-RIB marker of a family (RFC 4724 §2). */
    static OutboundWork endOfRib(AddressFamily family) {
        return new OutboundWork(null, List.of(), NO_IDS, List.of(), NO_IDS, null, family);
    }

    /**
     * Encodes the next UPDATE for {@code h}'s session, or returns null when this work is done. The
     * caller owns the returned buffer.
     */
    ByteBuf next(PeerHandler h, ByteBufAllocator alloc) {
        if (endOfRib != null) {
            if (endOfRibSent) {
                return null;
            }
            endOfRibSent = true;
            ByteBuf eor = alloc.ioBuffer(32);
            UpdateBuilder.endOfRib(eor, endOfRib);
            return eor;
        }
        boolean more = table != null ? skipToNextSet(h) : i4 < v4.size() || i6 < v6.size();
        if (!more) {
            release();
            return null;
        }
        // A table dump's UPDATEs are full: a standard session's fits without growing (an extended one
        // grows as needed); other work starts small, a withdrawal of a few prefixes being common.
        ByteBuf out = table != null ? alloc.ioBuffer(Math.min(h.ctx.maxMessageLength(), 4096)) : alloc.ioBuffer();
        try {
            if (!(table != null ? writeTableUpdate(h, out) : writeListUpdate(h, out, alloc))) {
                throw new IllegalStateException("UpdateBuilder made no progress");
            }
            ByteBuf done = out;
            out = null;
            return done;
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    /**
     * Moves past the table's sets that are done or cannot be sent over IPv4 (no IPv4 next hop, or
     * attributes too large for a message of this session); false when none is left.
     */
    private boolean skipToNextSet(PeerHandler h) {
        int sets = table.sets();
        while (set < sets && (i4 >= table.end(set) || !table.hasIpv4NextHop(set) || !fits(h, set))) {
            if (++set < sets) {
                i4 = table.start(set);
            }
        }
        return set < sets;
    }

    /** Whether the dump's set {@code s} can be announced to this session; says so in the log when not. */
    private boolean fits(PeerHandler h, int s) {
        if (h.builder.fitsIpv4(table.attributesLength(s))) {
            return true;
        }
        if (i4 < table.end(s)) {
            tooLarge(h, table.end(s) - table.start(s), table.attributesLength(s), "not announced");
        }
        return false;
    }

    /**
     * A route whose Path Attributes field leaves no room for NLRI in one message cannot be sent to this
     * peer (RFC 4271 §4.3: an UPDATE carries the attributes whole); an export policy that prepends
     * hundreds of ASes gets there. Logged, never thrown: the other routes and the session carry on.
     */
    private static void tooLarge(PeerHandler h, int prefixes, int attributesLength, String outcome) {
        LOG.warn("{}: {} prefixes {}: their path attributes ({} octets) leave no room for NLRI in a {}-octet message",
                h.neighbor.address().getHostAddress(), prefixes, outcome, attributesLength, h.ctx.maxMessageLength());
    }

    /** Writes the next UPDATE of a table dump into {@code out}; false if it took no prefix. */
    private boolean writeTableUpdate(PeerHandler h, ByteBuf out) {
        int before = i4;
        i4 = table.writeUpdate(set, i4, h.builder, out);
        return i4 > before;
    }

    /** Writes the next UPDATE of withdrawals or announcements into {@code out}; false if it took no prefix. */
    private boolean writeListUpdate(PeerHandler h, ByteBuf out, ByteBufAllocator alloc) {
        int before;
        int after;
        if (attributes == null) {
            if (i4 < v4.size()) {
                before = i4;
                after = i4 = h.builder.withdraw(out, v4, ids4, i4);
            } else {
                before = i6;
                after = i6 = h.builder.withdraw(out, v6, ids6, i6);
            }
        } else {
            if (encodedAttributes == null) {
                encodedAttributes = alloc.buffer();
                WireAttributes.write(attributes, encodedAttributes, h.ctx);
                int length = encodedAttributes.readableBytes();
                fits4 = v4.isEmpty() || h.builder.fitsIpv4(length);
                fits6 = v6.isEmpty() || h.builder.fitsIpv6(length, nextHop6);
                // Withdrawn instead of announced: the peer must not keep an older version of the route.
                if (!fits4) {
                    tooLarge(h, v4.size(), length, "withdrawn instead of announced");
                }
                if (!fits6) {
                    tooLarge(h, v6.size(), length, "withdrawn instead of announced");
                }
            }
            if (i4 < v4.size()) {
                before = i4;
                after = i4 = fits4 ? h.builder.announceIpv4(out, encodedAttributes, v4, ids4, i4)
                        : h.builder.withdraw(out, v4, ids4, i4);
            } else {
                before = i6;
                after = i6 = fits6 ? h.builder.announceIpv6(out, encodedAttributes, nextHop6, v6, ids6, i6)
                        : h.builder.withdraw(out, v6, ids6, i6);
            }
        }
        return after > before;
    }

    /** Frees the cached attribute block; the work must not be used afterwards. */
    void release() {
        if (encodedAttributes != null) {
            encodedAttributes.release();
            encodedAttributes = null;
        }
    }
}
