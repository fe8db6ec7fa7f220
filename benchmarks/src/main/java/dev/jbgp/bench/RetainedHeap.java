package dev.jbgp.bench;

import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.CodecContext;
import io.netty.buffer.ByteBuf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The one place where the RIB's retained heap is measured, shared by {@link MemoryFootprint} (a plain
 * {@code main}) and {@link RibFootprintBenchmark} (JMH), so that both print the same figure.
 *
 * <p>{@link #measure} reads the heap in use after forced full collections ({@link #usedAfterGc}), loads
 * the given UPDATE streams (one eBGP peer each, accept-all import policy) through the UPDATE path into
 * a new {@link Rib}, reads the heap again the same way while the RIB is still reachable, and returns the
 * difference with the number of routes. The streams exist before the first reading, so they are not
 * counted; what is counted is everything the RIB keeps (prefix tables, routes, interned attribute
 * sets, Adj-RIB-In state) — the RIB has no off-heap state. The figure depends on the collector only
 * through what "in use" means after a full collection; {@code -XX:+UseParallelGC} is what the
 * published numbers use.
 */
public final class RetainedHeap {

    /** Consecutive readings closer than this (bytes) count as settled. */
    private static final long SETTLED = 64 * 1024;
    /** At most this many collections per reading. */
    private static final int MAX_COLLECTIONS = 10;

    private RetainedHeap() {
    }

    /**
     * What one load retained.
     *
     * @param routes        the routes in the Adj-RIBs-In after loading (all peers together)
     * @param bytes         heap in use after loading minus before, both after full collections
     * @param attributeSets the interned attribute sets the RIB holds
     */
    public record Result(long routes, long bytes, int attributeSets) {

        /** Retained bytes per route, rounded down; 0 when nothing was loaded. */
        public long bytesPerRoute() {
            return bytes / Math.max(1, routes);
        }

        /** Retained bytes per route as a fraction (for JMH, which prints three decimals). */
        public double exactBytesPerRoute() {
            return routes == 0 ? 0 : (double) bytes / routes;
        }
    }

    /**
     * Loads {@code streams} (one peer each, in order) into a new RIB and measures the heap it retains.
     * The streams are owned by the caller and only read (their reader indexes are restored).
     */
    public static Result measure(List<ByteBuf> streams) throws Exception {
        long before = usedAfterGc();
        Rib rib = Rib.create(RibConfig.builder(TableStreams.LOCAL_AS, 0x7F000001).build());
        StreamFeeder feeder = new StreamFeeder(CodecContext.MODERN);
        for (int i = 0; i < streams.size(); i++) {
            PeerId peer = peer(i);
            rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
            feeder.feed(rib, peer, streams.get(i));
        }
        long after = usedAfterGc();
        long routes = 0;
        for (int i = 0; i < streams.size(); i++) {
            routes += rib.adjRibIn(peer(i)).size();
        }
        Result r = new Result(routes, after - before, rib.interner().size());
        // the RIB must stay reachable until the second reading is taken
        java.lang.ref.Reference.reachabilityFence(rib);
        return r;
    }

    /** Peer {@code i} of a load: 127.0.0.(2 + i), the table's AS, router ID 127.0.0.(2 + i). */
    private static PeerId peer(int i) throws UnknownHostException {
        return PeerId.external(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}),
                TableStreams.PEER_AS, 0x7F000002 + i);
    }

    /**
     * Heap in use after full collections ({@link System#gc()}), repeated until two readings in a row
     * differ by less than 64 KiB (finalizers and reference processing can free more on a later cycle),
     * at most ten times.
     */
    public static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(50);
            long used = mem.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < SETTLED) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
