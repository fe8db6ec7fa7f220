package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.rib.AdjRibOut;
import dev.jbgp.rib.Ipv4Announcements;
import dev.jbgp.rib.OutboundUpdates;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.UpdateBatch;
import dev.jbgp.rib.WireAttributes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.Ipv6NextHop;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The speaker's outbound half: takes the RIB's Adj-RIB-Out changes (an update group's pending changes,
 * or a whole table for a neighbour that just came up or asked for a route refresh), queues them per
 * neighbour as {@link OutboundWork}, still un-encoded, and writes them to the neighbour's session one
 * UPDATE at a time while its channel stays writable. A neighbour that stops reading so holds
 * references to the table, never the table encoded.
 *
 * <p>Confined to the speaker's RIB thread. It owns each UPDATE buffer it encodes until the session
 * takes it ({@link BgpSession#sendUpdate}); it holds no buffer between calls.
 */
final class Advertiser {

    /** The speaker's logger: operators configure one category for the speaker. */
    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);
    /** Encoded UPDATEs handed to a session per batch before we let its event loop catch up. */
    private static final int WRITE_BATCH = 64;
    /** ... and at most this many octets, so a batch adds about one high-water mark (Netty's default 64 KiB) to the channel. */
    private static final int WRITE_BATCH_BYTES = 64 * 1024;

    private final Rib rib;
    private final Map<PeerId, PeerHandler> byPeerId;
    private final ByteBufAllocator alloc;
    private final Consumer<Runnable> toRibThread;

    /**
     * @param byPeerId    the speaker's neighbours by peer id (read only here, owned by the speaker)
     * @param toRibThread runs a task on the RIB thread later (a flush continued once the event loop
     *                    has written a batch)
     */
    Advertiser(Rib rib, Map<PeerId, PeerHandler> byPeerId, ByteBufAllocator alloc, Consumer<Runnable> toRibThread) {
        this.rib = rib;
        this.byPeerId = byPeerId;
        this.alloc = alloc;
        this.toRibThread = toRibThread;
    }

    /** Drains every update group's pending changes into its members' outbound queues and writes. */
    void flushAll() {
        for (AdjRibOut g : rib.updateGroups()) {
            if (!g.hasPending()) {
                continue;
            }
            OutboundUpdates u = g.drainPending();
            for (PeerId m : g.members()) {
                PeerHandler h = byPeerId.get(m);
                if (h != null) {
                    queue(h, u.withdrawn(), u.withdrawnPathIds(), u.announcements());
                    flush(h);
                }
            }
        }
    }

    /**
     * Queues withdrawals and announcements for {@code h}'s session as {@link OutboundWork}, not yet
     * encoded: {@link #flush} encodes them one UPDATE at a time while the channel is writable, so a
     * peer that stops reading holds references to the table, never the whole table encoded.
     */
    void queue(PeerHandler h, List<Prefix> withdrawn, int[] withdrawnIds, List<UpdateBatch> announcements) {
        if (h.negotiated == null) {
            return;
        }
        boolean v4 = h.negotiated.families().contains(AddressFamily.IPV4_UNICAST);
        boolean v6 = h.negotiated.families().contains(AddressFamily.IPV6_UNICAST);
        ByFamily w = new ByFamily(withdrawn, withdrawnIds, v4, v6);
        if (!w.v4.isEmpty() || !w.v6.isEmpty()) {
            h.outbound.add(OutboundWork.withdraw(w.v4, w.ids4.toArray(), w.v6, w.ids6.toArray()));
        }
        for (UpdateBatch b : announcements) {
            ByFamily a = new ByFamily(b.prefixes(), b.pathIds(), v4, v6);
            List<Ipv4Prefix> a4 = a.v4;
            List<Ipv6Prefix> a6 = a.v6;
            if (!a4.isEmpty() && (b.attributes().nextHop().isEmpty() || b.attributes().nextHop().get().getAddress().length != 4)) {
                LOG.warn("{}: {} IPv4 prefixes without an IPv4 next hop not sent (set the neighbour's local address)",
                        h.neighbor.address().getHostAddress(), a4.size());
                a4 = List.of();
            }
            Ipv6NextHop next6 = null;
            if (!a6.isEmpty()) {
                long[] nh = WireAttributes.ipv6NextHop(b.attributes());
                if (nh.length == 0) {
                    LOG.warn("{}: {} IPv6 prefixes without an IPv6 next hop not sent",
                            h.neighbor.address().getHostAddress(), a6.size());
                    a6 = List.of();
                } else {
                    next6 = Ipv6NextHop.of(nh[0], nh[1]);
                }
            }
            if (!a4.isEmpty() || !a6.isEmpty()) {
                h.outbound.add(OutboundWork.announce(b.attributes(), a4, a4.isEmpty() ? OutboundWork.NO_IDS : a.ids4.toArray(), a6,
                        a6.isEmpty() ? OutboundWork.NO_IDS : a.ids6.toArray(), next6));
            }
        }
    }

    /**
     * Prefixes (and their path identifiers, if any) split by family, keeping only the families the
     * session negotiated.
     */
    private static final class ByFamily {
        final List<Ipv4Prefix> v4 = new ArrayList<>();
        final List<Ipv6Prefix> v6 = new ArrayList<>();
        final PathIds ids4;
        final PathIds ids6;

        ByFamily(List<? extends Prefix> prefixes, int[] ids, boolean keep4, boolean keep6) {
            ids4 = PathIds.of(ids);
            ids6 = PathIds.of(ids);
            for (int i = 0; i < prefixes.size(); i++) {
                Prefix p = prefixes.get(i);
                if (p instanceof Ipv4Prefix p4 && keep4) {
                    v4.add(p4);
                    ids4.add(ids, i);
                } else if (p instanceof Ipv6Prefix p6 && keep6) {
                    v6.add(p6);
                    ids6.add(ids, i);
                }
            }
        }
    }

    /**
     * The path identifiers of one family picked out of a batch's. Without path identifiers (every
     * session without ADD-PATH send) one shared instance that keeps nothing: no allocation per batch.
     */
    private static final class PathIds {
        private static final PathIds NONE = new PathIds(OutboundWork.NO_IDS);
        private final int[] ids;
        private int n;

        private PathIds(int[] ids) {
            this.ids = ids;
        }

        static PathIds of(int[] from) {
            return from.length == 0 ? NONE : new PathIds(new int[from.length]);
        }

        void add(int[] from, int i) {
            if (this != NONE) {
                ids[n++] = from[i];
            }
        }

        int[] toArray() {
            return this == NONE ? OutboundWork.NO_IDS : n == ids.length ? ids : Arrays.copyOf(ids, n);
        }
    }

    /**
     * Encodes queued work into UPDATEs and hands them to the session while its channel is writable, a
     * batch at a time (at most {@link #WRITE_BATCH} messages or {@link #WRITE_BATCH_BYTES} octets, so
     * what waits in the channel stays near its high-water mark); after a batch, continues once the
     * session's event loop has run it (a state waiter queued behind the writes), so the writability we
     * read reflects what was written.
     */
    void flush(PeerHandler h) {
        if (h.flushScheduled) {
            return;
        }
        int n = 0;
        long bytes = 0;
        while (h.session.isWritable() && n < WRITE_BATCH && bytes < WRITE_BATCH_BYTES) {
            ByteBuf m = h.nextOutbound(alloc);
            if (m == null) {
                break;
            }
            bytes += m.readableBytes();
            h.session.sendUpdate(m);
            h.updatesSent++;
            n++;
        }
        if (!h.outbound.isEmpty() && h.session.isWritable()) {
            h.flushScheduled = true;
            BgpSession s = h.session;
            s.whenState(SessionState.ESTABLISHED).thenRun(() -> toRibThread.accept(() -> {
                h.flushScheduled = false;
                if (h.session == s && h.peerId != null) {
                    flush(h);
                }
            }));
        }
        // Not writable: a WritabilityChanged(true) notice calls flush again.
    }

    /**
     * After {@code joined} entered {@code group}: the changes the group still held go to its other
     * members (the newcomer gets the whole table from {@link #sendTable}).
     */
    void sendPendingToOtherMembers(AdjRibOut group, PeerHandler joined) {
        if (!group.hasPending()) {
            return;
        }
        OutboundUpdates u = group.drainPending();
        for (PeerId m : group.members()) {
            PeerHandler o = byPeerId.get(m);
            if (o != null && o != joined) {
                queue(o, u.withdrawn(), u.withdrawnPathIds(), u.announcements());
                flush(o);
            }
        }
    }

    /**
     * The whole Adj-RIB-Out to {@code h}, then End-of-RIB per negotiated family (RFC 4724 §2), unless
     * {@code holdEndOfRib}: a restarting speaker sends it after its whole initial advertisement (§4.1).
     */
    void sendTable(PeerHandler h, boolean holdEndOfRib) {
        AdjRibOut group = rib.adjRibOut(h.peerId);
        if (group.sendsSeveralPaths()) {
            // ADD-PATH (RFC 7911): several paths per prefix, each with its path identifier.
            queue(h, List.of(), OutboundWork.NO_IDS, group.fullTable());
        } else {
            sendOnePathTable(h, group);
        }
        if (holdEndOfRib) {
            h.endOfRibPending = true;
        } else {
            queueEndOfRib(h);
        }
        flush(h);
    }

    /** A group sent one path per prefix: IPv4 by the primitive dump, IPv6 grouped by attribute set. */
    private void sendOnePathTable(PeerHandler h, AdjRibOut group) {
        if (h.negotiated.families().contains(AddressFamily.IPV4_UNICAST)) {
            // IPv4: the primitive dump (no prefix objects; each set's attributes encoded once per group).
            Ipv4Announcements v4 = group.ipv4Announcements(h.ctx);
            int unsendable = 0;
            for (int s = 0; s < v4.sets(); s++) {
                if (!v4.hasIpv4NextHop(s)) {
                    unsendable += v4.end(s) - v4.start(s);
                }
            }
            if (unsendable > 0) {
                LOG.warn("{}: {} IPv4 prefixes without an IPv4 next hop not sent (set the neighbour's local address)",
                        h.neighbor.address().getHostAddress(), unsendable);
            }
            if (v4.prefixes() > unsendable) {
                h.outbound.add(OutboundWork.table(v4));
            }
        }
        queue(h, List.of(), OutboundWork.NO_IDS, group.ipv6Announcements());
    }

    /** End-of-RIB (RFC 4724 §2) for each family {@code h} negotiated, after what is queued. */
    void queueEndOfRib(PeerHandler h) {
        h.endOfRibPending = false;
        for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
            if (h.negotiated.families().contains(f)) {
                h.outbound.add(OutboundWork.endOfRib(f));
            }
        }
    }
}
