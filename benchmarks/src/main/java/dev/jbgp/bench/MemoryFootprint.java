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
import java.util.ArrayList;
import java.util.List;

/**
 * The RIB's heap per route: the reference full table ({@link TableStreams}, 323,485 prefixes) received
 * through the UPDATE path into a {@link Rib}, first from one peer, then from four peers sending the same
 * table with different next hops (so each prefix holds four paths and the attribute sets are four times
 * as many). Heap in use is taken after forced full collections, before (streams already built, so they
 * are not counted) and after loading; the difference divided by the routes is printed as
 *
 * <pre>
 * tables=1 routes=323485 bytes_per_route=B attribute_sets=K
 * tables=4 routes=1293940 bytes_per_route=B attribute_sets=K
 * generated routes=1000000 bytes_per_route=B attribute_sets=1000
 * </pre>
 *
 * The last line is the race's load ({@code benchmarks/race/sender.py}: 1,000,000 /24s from 11.0.0.0
 * upward in 1000 attribute sets, each set a contiguous block of prefixes, from one peer): with few
 * attribute sets it is the cost of the prefix storage itself.
 *
 * Run from the repository root (the table is looked for in {@code ../shared/testdata}):
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.MemoryFootprint
 * </pre>
 * The measurement is of the heap only (the RIB has no off-heap state).
 */
public final class MemoryFootprint {

    private static final String[] NEXT_HOPS = {"198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4"};

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        List<TableText.Group> groups = TableStreams.groups();
        List<ByteBuf> streams = new ArrayList<>();
        for (String nh : NEXT_HOPS) {
            List<TableText.Group> g = new ArrayList<>(groups.size());
            for (TableText.Group x : groups) {
                g.add(TableStreams.withNextHop(x, nh));
            }
            streams.add(TableStreams.encode(g));
        }
        streams.add(TableStreams.encode(generated(GENERATED_ROUTES, GENERATED_SETS)));
        try {
            for (int tables : new int[] {1, 4}) {
                Result r = measure(streams.subList(0, tables));
                System.out.printf("tables=%d routes=%d bytes_per_route=%d attribute_sets=%d%n",
                        tables, r.routes, r.bytes / Math.max(1, r.routes), r.attributeSets);
            }
            Result r = measure(streams.subList(NEXT_HOPS.length, NEXT_HOPS.length + 1));
            System.out.printf("generated routes=%d bytes_per_route=%d attribute_sets=%d%n",
                    r.routes, r.bytes / Math.max(1, r.routes), r.attributeSets);
        } finally {
            for (ByteBuf s : streams) {
                s.release();
            }
        }
    }

    record Result(long routes, long bytes, int attributeSets) {
    }

    private static final int GENERATED_ROUTES = 1_000_000;
    private static final int GENERATED_SETS = 1000;

    /**
     * The race sender's table: {@code n} /24s from 11.0.0.0 upward, attribute set k (AS path of 2 to 4
     * private 4-octet ASes after the peer's, MED and a community per k) on the contiguous block
     * [k*n/sets, (k+1)*n/sets).
     */
    static List<TableText.Group> generated(int n, int sets) {
        List<TableText.Group> out = new ArrayList<>(sets);
        for (int k = 0; k < sets; k++) {
            StringBuilder path = new StringBuilder().append(TableStreams.PEER_AS).append(' ').append(4_200_001_000L + k);
            for (int h = 0; h < k % 3; h++) {
                path.append(' ').append(4_200_100_000L + (k * 7 + h) % 1000);
            }
            List<String> prefixes = new ArrayList<>();
            for (int j = k * n / sets; j < (k + 1) * n / sets; j++) {
                int a = (11 << 24) + (j << 8);
                prefixes.add((a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + ".0/24");
            }
            out.add(new TableText.Group(path.toString(), "IGP", "198.18.0.1", Integer.toString(k % 10 * 10),
                    "65535:" + (k % 65536), prefixes));
        }
        return out;
    }

    /** Loads {@code streams} (one peer each) into a new RIB and measures its heap. */
    static Result measure(List<ByteBuf> streams) throws Exception {
        long before = usedAfterGc();
        Rib rib = Rib.create(RibConfig.builder(TableStreams.LOCAL_AS, 0x7F000001).build());
        StreamFeeder feeder = new StreamFeeder(CodecContext.MODERN);
        for (int i = 0; i < streams.size(); i++) {
            PeerId peer = PeerId.external(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}),
                    TableStreams.PEER_AS, 0x7F000002 + i);
            rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
            feeder.feed(rib, peer, streams.get(i));
        }
        long after = usedAfterGc();
        long routes = 0;
        for (int i = 0; i < streams.size(); i++) {
            routes += rib.adjRibIn(PeerId.external(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}),
                    TableStreams.PEER_AS, 0x7F000002 + i)).size();
        }
        Result r = new Result(routes, after - before, rib.interner().size());
        reachabilityFence(rib);
        return r;
    }

    private static void reachabilityFence(Object o) {
        java.lang.ref.Reference.reachabilityFence(o);
    }

    /** Heap in use after full collections, repeated until it settles. */
    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = mem.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
