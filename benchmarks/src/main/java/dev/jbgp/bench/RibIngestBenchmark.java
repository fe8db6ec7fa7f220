package dev.jbgp.bench;

import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The RIB's cost per route on the UPDATE path ({@code rib.adjRibIn(peer).apply(view, verdict)}: wrap,
 * validate, attribute block interning, import policy (accept-all), Loc-RIB decision), for the
 * reference table ({@link TableStreams}, 323,485 prefixes, encoded by jbgp's UpdateBuilder):
 * <ul>
 *   <li>{@code fullTable}: the whole table from one eBGP peer into an empty RIB (a fresh RIB per
 *       invocation, made outside the measurement);</li>
 *   <li>{@code churnWithdrawReannounce}: on the loaded table, every prefix withdrawn and then announced
 *       again with a changed attribute set (the AS path prepended once more, or back), so each
 *       invocation changes every route;</li>
 *   <li>{@code churnImplicitReplace}: every prefix re-announced with the other attribute set without a
 *       withdrawal (the implicit withdraw of RFC 4271 §3.1);</li>
 *   <li>{@code raceLoad}: the full-table race's load ({@code benchmarks/race.sh}, {@link RaceStream}:
 *       1,000,000 IPv4 /24s in 1000 attribute sets, UPDATEs of at most 4096 octets, then the End-of-RIB)
 *       from one eBGP peer into an empty RIB, in process, without the session and socket around it.</li>
 * </ul>
 * The score (ns/op) is the cost of one route (one withdraw plus one announcement for the first churn).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RibIngestBenchmark -prof gc
 * </pre>
 */
public class RibIngestBenchmark extends BenchmarkBase {

    static final CodecContext CTX = CodecContext.MODERN;
    /** The number of /24s of the race's table ({@code benchmarks/race.sh 1000000}). */
    static final int RACE_ROUTES = 1_000_000;
    /** The number of attribute sets they come in (as {@code race/sender.py} sends them). */
    static final int RACE_SETS = 1000;

    /** The encoded streams, shared by every state (made once per fork). */
    @State(Scope.Benchmark)
    public static class Streams {
        ByteBuf table;
        ByteBuf prepended;
        ByteBuf withdrawals;
        ByteBuf race;

        @Setup
        public void setUp() {
            java.nio.ByteBuffer r = RaceStream.build(RACE_ROUTES, RACE_SETS, TableStreams.PEER_AS);
            race = Unpooled.directBuffer(r.remaining());
            race.writeBytes(r);
            List<TableText.Group> groups = TableStreams.groups();
            List<TableText.Group> changed = new ArrayList<>(groups.size());
            for (TableText.Group g : groups) {
                changed.add(TableStreams.prepended(g));
            }
            table = TableStreams.encode(groups);
            prepended = TableStreams.encode(changed);
            withdrawals = TableStreams.encodeWithdrawals(groups);
        }

        @TearDown
        public void tearDown() {
            table.release();
            prepended.release();
            withdrawals.release();
            race.release();
        }
    }

    /** An empty RIB with the peer up, remade before every invocation. */
    @State(Scope.Thread)
    public static class Empty {
        Rib rib;
        final StreamFeeder feeder = new StreamFeeder(CTX);

        @Setup(Level.Invocation)
        public void setUp() throws UnknownHostException {
            rib = newRib();
        }
    }

    /** A RIB holding the whole table; churn alternates between the two attribute variants. */
    @State(Scope.Thread)
    public static class Loaded {
        Rib rib;
        final StreamFeeder feeder = new StreamFeeder(CTX);
        boolean flip;

        @Setup(Level.Trial)
        public void setUp(Streams s) throws Exception {
            rib = newRib();
            long n = feeder.feed(rib, source(), s.table);
            if (n != TableStreams.PREFIXES || rib.size() != TableStreams.PREFIXES) {
                throw new IllegalStateException("loaded " + n + " routes, RIB holds " + rib.size() + ", expected "
                        + TableStreams.PREFIXES);
            }
        }

        ByteBuf next(Streams s) {
            flip = !flip;
            return flip ? s.prepended : s.table;
        }
    }

    static PeerId source() throws UnknownHostException {
        return PeerId.external(InetAddress.getByName("127.0.0.2"), TableStreams.PEER_AS, 0x7F000002);
    }

    static Rib newRib() throws UnknownHostException {
        Rib rib = Rib.create(RibConfig.builder(TableStreams.LOCAL_AS, 0x7F000001).build());
        rib.peerUp(source(), PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
        return rib;
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long fullTable(Streams s, Empty e) throws Exception {
        return e.feeder.feed(e.rib, source(), s.table);
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long churnWithdrawReannounce(Streams s, Loaded l) throws Exception {
        return l.feeder.feed(l.rib, source(), s.withdrawals) + l.feeder.feed(l.rib, source(), l.next(s));
    }

    @Benchmark
    @OperationsPerInvocation(TableStreams.PREFIXES)
    public long churnImplicitReplace(Streams s, Loaded l) throws BgpDecodeException, UnknownHostException {
        return l.feeder.feed(l.rib, source(), l.next(s));
    }

    @Benchmark
    @OperationsPerInvocation(RACE_ROUTES)
    public long raceLoad(Streams s, Empty e) throws Exception {
        return e.feeder.feed(e.rib, source(), s.race);
    }
}
