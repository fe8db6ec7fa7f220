package dev.jbgp.bench;

import dev.jbgp.rib.AdjRibOut;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.WireAttributes;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adj-RIB-Out packing of a full table into UPDATEs, per prefix: the reference table
 * ({@link TableStreams}, 323,485 prefixes) is received from one eBGP peer into a {@link Rib} and
 * exported (accept-all policy, next-hop-self) to another; setup takes that peer's Adj-RIB-Out grouped
 * by attribute set ({@link AdjRibOut#byAttributes()}, what a joining peer is sent). Measured:
 * <ul>
 *   <li>{@code packFromAdjRibOut}: per attribute set {@link WireAttributes#write} (the attribute
 *       block encoded straight from the RIB's set, the octets {@code toWire(set).write} gives) once,
 *       then {@link UpdateBuilder#announceIpv4} packing its prefixes into as many 4096-octet UPDATEs as
 *       needed;</li>
 *   <li>{@code packPreEncoded}: the packing alone, with the attribute blocks encoded at setup.</li>
 * </ul>
 * Each UPDATE is written into a pooled buffer that is then cleared, standing in for the channel
 * write (not measured). The score (ns/op) is the cost of one prefix.
 *
 * <p>Setup ends with a {@code System.gc()}: {@code byAttributes()} has just allocated the prefix
 * objects in hash-table order, so each group's prefixes lie scattered over the heap, and packing
 * them costs a cache miss per prefix until a young collection copies each list's prefixes together
 * (as it has in a speaker that has run for a while). Without it {@code packPreEncoded}, which
 * allocates nothing and so never collects, measured that scatter (about 3× slower) while
 * {@code packFromAdjRibOut}'s own garbage triggered the collection in its first iterations.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar UpdateEncodeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class UpdateEncodeBenchmark extends BenchmarkBase {

    private final CodecContext ctx = CodecContext.MODERN;
    private final UpdateBuilder builder = new UpdateBuilder(ctx);
    private final int[] noPathIds = new int[0];
    private List<PathAttributes> sets;
    private List<List<Ipv4Prefix>> prefixes;
    private List<ByteBuf> blocks;
    private ByteBuf out;
    private ByteBuf attrs;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        Map<PathAttributes, List<Prefix>> table = exportedTable();
        sets = new ArrayList<>(table.size());
        prefixes = new ArrayList<>(table.size());
        blocks = new ArrayList<>(table.size());
        int total = 0;
        for (List<Prefix> p : table.values()) {
            total += p.size();
        }
        if (total != TableStreams.PREFIXES) {
            throw new IllegalStateException("Adj-RIB-Out holds " + total + " prefixes, expected " + TableStreams.PREFIXES);
        }
        for (Map.Entry<PathAttributes, List<Prefix>> e : table.entrySet()) {
            sets.add(e.getKey());
            prefixes.add((List<Ipv4Prefix>) (List<?>) e.getValue());
            ByteBuf block = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
            WireAttributes.write(e.getKey(), block, ctx);
            blocks.add(block);
        }
        out = PooledByteBufAllocator.DEFAULT.directBuffer(CodecContext.STANDARD_MAX_LENGTH);
        attrs = PooledByteBufAllocator.DEFAULT.heapBuffer(4096);
        System.gc(); // lay each group's prefixes together, see the class comment
    }

    /** The reference table as the Adj-RIB-Out of an eBGP peer exports it, grouped by attribute set. */
    static Map<PathAttributes, List<Prefix>> exportedTable() throws Exception {
        Rib rib = Rib.create(RibConfig.builder(TableStreams.LOCAL_AS, 0x7F000001).build());
        PeerId source = PeerId.external(InetAddress.getByName("127.0.0.2"), TableStreams.PEER_AS, 0x7F000002);
        PeerId sink = PeerId.external(InetAddress.getByName("127.0.0.3"), TableStreams.SINK_AS, 0x7F000003);
        rib.peerUp(source, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
        rib.peerUp(sink, PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll())
                .nextHopMode(NextHopMode.SELF).localAddress(InetAddress.getByName("127.0.0.1")).build());
        ByteBuf stream = TableStreams.encode(TableStreams.groups());
        try {
            new StreamFeeder(CodecContext.MODERN).feed(rib, source, stream);
        } finally {
            stream.release();
        }
        return rib.adjRibOut(sink).byAttributes();
    }

    @TearDown
    public void tearDown() {
        for (ByteBuf b : blocks) {
            b.release();
        }
        out.release();
        attrs.release();
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long packFromAdjRibOut() {
        long written = 0;
        for (int s = 0; s < sets.size(); s++) {
            attrs.clear();
            WireAttributes.write(sets.get(s), attrs, ctx);
            written += pack(attrs, prefixes.get(s));
        }
        return written;
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long packPreEncoded() {
        long written = 0;
        for (int s = 0; s < blocks.size(); s++) {
            written += pack(blocks.get(s), prefixes.get(s));
        }
        return written;
    }

    private long pack(ByteBuf block, List<Ipv4Prefix> list) {
        long written = 0;
        for (int i = 0; i < list.size(); ) {
            out.clear();
            i = builder.announceIpv4(out, block, list, noPathIds, i);
            written += out.readableBytes();
        }
        return written;
    }
}
