package dev.jbgp.bench;

import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The RIB's heap per IPv6 route ({@link MemoryFootprint} measures IPv4): {@code n} distinct random /48s
 * in 2000::/3 (default 200,000, seeded, so every run loads the same table) received from one peer
 * through UPDATE bytes (MP_REACH_NLRI, RFC 4760 §3, 500 prefixes per UPDATE, each UPDATE its own
 * attribute set). Heap in use is taken after forced full collections before and after loading, three
 * times on a new RIB; each line is
 *
 * <pre>
 * round=R routes=N bytes_per_route=B attribute_sets=K
 * </pre>
 *
 * Run from the repository root:
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.Ipv6MemoryFootprint [n]
 * </pre>
 * The UPDATEs are built before the first measurement and are not counted; they are heap buffers,
 * released at the end.
 */
public final class Ipv6MemoryFootprint {

    private static final int PER_UPDATE = 500;
    private static final long PEER_AS = 65001;

    private Ipv6MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<ByteBuf> updates = updates(randomSlash48s(n, 48));
        try {
            for (int round = 0; round < 3; round++) {
                long before = usedAfterGc();
                Rib rib = Rib.create(RibConfig.builder(65000, 0x7F000001).build());
                PeerId peer = PeerId.external(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), PEER_AS, 0x7F000002);
                rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
                UpdateView view = new UpdateView();
                UpdateValidator validator = new UpdateValidator();
                for (ByteBuf u : updates) {
                    view.wrap(u, CodecContext.MODERN);
                    rib.adjRibIn(peer).apply(view, validator.validate(view));
                }
                long after = usedAfterGc();
                System.out.printf("round=%d routes=%d bytes_per_route=%d attribute_sets=%d%n", round, rib.size(),
                        (after - before) / Math.max(1, rib.size()), rib.interner().size());
                java.lang.ref.Reference.reachabilityFence(rib);
            }
        } finally {
            for (ByteBuf u : updates) {
                u.release();
            }
        }
    }

    /** {@code n} distinct /48s in 2000::/3, as the high 64 bits of each (the low half is zero). */
    static long[] randomSlash48s(int n, long seed) {
        Random rnd = new Random(seed);
        Set<Long> seen = new HashSet<>();
        long[] out = new long[n];
        for (int i = 0; i < n; ) {
            long high = 0x2000L << 48 | (rnd.nextLong() & 0x1FFF_FFFF_FFFFL) << 16;
            if (seen.add(high)) {
                out[i++] = high;
            }
        }
        return out;
    }

    /**
     * UPDATE messages (RFC 4271 §4.3) announcing the prefixes, {@link #PER_UPDATE} to a message: ORIGIN,
     * AS_PATH (the peer's AS and one more, different per message), MULTI_EXIT_DISC and MP_REACH_NLRI with
     * next hop ::127.0.0.2. The caller releases the buffers.
     */
    static List<ByteBuf> updates(long[] highs) {
        List<ByteBuf> out = new ArrayList<>();
        for (int start = 0, k = 0; start < highs.length; start += PER_UPDATE, k++) {
            ByteBuf attrs = Unpooled.buffer();
            attrs.writeBytes(new byte[] {0x40, 1, 1, 0});
            attrs.writeBytes(new byte[] {0x40, 2, 10, 2, 2}).writeInt((int) PEER_AS).writeInt((int) (4_200_000_000L + k));
            attrs.writeBytes(new byte[] {(byte) 0x80, 4, 4}).writeInt(k % 10);
            int mp = attrs.writerIndex();
            attrs.writeBytes(new byte[] {(byte) 0x90, 14, 0, 0, 0, 2, 1, 16}).writeLong(0).writeLong(0x7F000002L).writeByte(0);
            for (int i = start; i < Math.min(highs.length, start + PER_UPDATE); i++) {
                attrs.writeByte(48);
                for (int o = 0; o < 6; o++) {
                    attrs.writeByte((int) (highs[i] >>> (56 - 8 * o)));
                }
            }
            attrs.setShort(mp + 2, attrs.writerIndex() - mp - 4);
            ByteBuf message = Unpooled.buffer(23 + attrs.readableBytes());
            for (int i = 0; i < 16; i++) {
                message.writeByte(0xFF);
            }
            message.writeShort(23 + attrs.readableBytes()).writeByte(2).writeShort(0)
                    .writeShort(attrs.readableBytes()).writeBytes(attrs);
            attrs.release();
            out.add(message);
        }
        return out;
    }

    /** Heap in use after full collections, repeated until it settles. */
    private static long usedAfterGc() throws InterruptedException {
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
