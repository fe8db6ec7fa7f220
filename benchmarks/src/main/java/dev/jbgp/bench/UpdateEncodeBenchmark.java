package dev.jbgp.bench;

import dev.jbgp.rib.AdjRibOut;
import dev.jbgp.rib.Ipv4Announcements;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.WireAttributes;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.UpdateBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;

/**
 * Adj-RIB-Out packing of a full table into UPDATEs, per prefix: the reference table
 * ({@link TableStreams}, 323,485 prefixes, ~55,000 attribute sets) is received from one eBGP peer into
 * a {@link Rib} and exported (accept-all policy, next-hop-self) to another. Measured, as the speaker's
 * full announcement to a joining peer does it ({@code BgpSpeaker.sendTable}, {@code OutboundWork}):
 * <ul>
 *   <li>{@code packFromAdjRibOut}: {@link AdjRibOut#ipv4Announcements} (one walk over the
 *       Adj-RIB-Out grouping the prefix keys by attribute set, each set's run sorted), then per set
 *       {@link Ipv4Announcements#writeUpdate} packing its prefixes into as many 4096-octet UPDATEs as
 *       needed with the set's Path Attributes field, which the Adj-RIB-Out encoded once per set and
 *       caches (every dump after the first copies it: the first one per group pays
 *       {@code packEncodingAttributes});</li>
 *   <li>{@code packEncodingAttributes}: the first dump of a group: the same walk, and per set
 *       {@link WireAttributes#encode} (the attribute block encoded straight from the RIB's set, what
 *       filling the cache does) before the packing;</li>
 *   <li>{@code packPreEncoded}: the packing alone ({@link UpdateBuilder#announceIpv4(ByteBuf, byte[],
 *       int, long[], int, int)}), from a grouping and attribute blocks made at setup.</li>
 * </ul>
 * Each UPDATE is written into a pooled buffer that is then cleared, standing in for the channel
 * write (not measured). The score (ns/op) is the cost of one prefix.
 *
 * <p>Until 2026-11-26 the grouping ({@code byAttributes()}, prefix objects sorted into lists) was done
 * at setup and not measured, and {@code packFromAdjRibOut} encoded every set's attributes on every
 * pass (today's {@code packEncodingAttributes} without the walk); the speaker meanwhile re-encoded
 * them per UPDATE through {@code toWire}. Now the measured work includes the grouping, which the
 * speaker really does per full announcement.
 *
 * <p>Setup ends with a {@code System.gc()}, so the RIB built at setup is laid out as in a speaker that
 * has run for a while.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar UpdateEncodeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class UpdateEncodeBenchmark extends BenchmarkBase {

    private final CodecContext ctx = CodecContext.MODERN;
    private final UpdateBuilder builder = new UpdateBuilder(ctx);
    private AdjRibOut adjRibOut;
    private Ipv4Announcements grouped;
    private byte[][] blocks;
    private ByteBuf out;

    @Setup
    public void setUp() throws Exception {
        adjRibOut = exportedTable();
        grouped = adjRibOut.ipv4Announcements(ctx);
        if (grouped.prefixes() != TableStreams.PREFIXES) {
            throw new IllegalStateException("Adj-RIB-Out holds " + grouped.prefixes() + " prefixes, expected "
                    + TableStreams.PREFIXES);
        }
        blocks = new byte[grouped.sets()][];
        for (int s = 0; s < grouped.sets(); s++) {
            blocks[s] = WireAttributes.encode(grouped.attributes(s), ctx);
        }
        out = PooledByteBufAllocator.DEFAULT.directBuffer(CodecContext.STANDARD_MAX_LENGTH);
        System.gc(); // see the class comment
    }

    /** The reference table as the Adj-RIB-Out of an eBGP peer exports it. */
    static AdjRibOut exportedTable() throws Exception {
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
        return rib.adjRibOut(sink);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long packFromAdjRibOut() {
        Ipv4Announcements a = adjRibOut.ipv4Announcements(ctx);
        long written = 0;
        for (int s = 0; s < a.sets(); s++) {
            for (int i = a.start(s), end = a.end(s); i < end; ) {
                out.clear();
                i = a.writeUpdate(s, i, builder, out);
                written += out.readableBytes();
            }
        }
        return written;
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long packEncodingAttributes() {
        Ipv4Announcements a = adjRibOut.ipv4Announcements(ctx);
        long written = 0;
        for (int s = 0; s < a.sets(); s++) {
            byte[] block = WireAttributes.encode(a.attributes(s), ctx); // what the cache does on a miss
            written += pack(block, a, s);
        }
        return written;
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long packPreEncoded() {
        long written = 0;
        for (int s = 0; s < blocks.length; s++) {
            written += pack(blocks[s], grouped, s);
        }
        return written;
    }

    private long pack(byte[] block, Ipv4Announcements a, int set) {
        long written = 0;
        for (int i = a.start(set), end = a.end(set); i < end; ) {
            out.clear();
            i = a.writeUpdate(set, i, builder, out, block, block.length);
            written += out.readableBytes();
        }
        return written;
    }
}
