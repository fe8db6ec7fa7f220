package dev.jbgp.bench;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.Route;
import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;

/**
 * The decision process (RFC 4271 §9.1.2.2) with 2, 4 and 16 candidate paths for one prefix. The
 * candidates come from eBGP peers in three neighbouring ASes with mostly equal AS path lengths and
 * origins, so comparisons usually run deep (MED within a neighbouring AS, then router ID and peer
 * address), the costly case. Seeded, so every run sees the same candidates.
 * <ul>
 *   <li>{@code compare}: one {@link PathComparator#compare} (returns the deciding step), ns per compare;</li>
 *   <li>{@code selectBest}: best path among the candidates by a linear scan of compares, ns per selection;</li>
 *   <li>{@code ribReselect}: in a {@link Rib} whose prefix holds all candidates, one peer re-announces with
 *       alternately a winning and a losing attribute set ({@link Rib#announce}: import, interning, re-sort,
 *       best path and multipath), ns per announcement.</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecisionBenchmark
 * </pre>
 */
@State(Scope.Thread)
public class DecisionBenchmark extends BenchmarkBase {

    /** Compares per {@code compare} invocation. */
    static final int PAIRS = 16;

    @Param({"2", "4", "16"})
    public int candidates;

    private PathComparator comparator;
    private Route[] routes;
    private Route[] left;
    private Route[] right;
    private Rib rib;
    private PeerId mover;
    private PathAttributes winning;
    private PathAttributes losing;
    private boolean flip;
    private final Ipv4Prefix prefix = Ipv4Prefix.of(0xC6120000, 24); // 198.18.0.0/24

    @Setup
    public void setUp() throws UnknownHostException {
        Random random = new Random(4271);
        RibConfig config = RibConfig.builder(65000, 0x7F000001).decision(DecisionOptions.builder(65000).build()).build();
        comparator = new PathComparator(config.decision());
        rib = Rib.create(config);
        routes = new Route[candidates];
        for (int i = 0; i < candidates; i++) {
            PeerId peer = peer(i);
            PathAttributes a = attributes(random, peer.asn(), i);
            routes[i] = Route.of(peer, 0, a, i, 0, false);
            rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
            rib.announce(peer, prefix, 0, a);
        }
        left = new Route[PAIRS];
        right = new Route[PAIRS];
        for (int k = 0; k < PAIRS; k++) {
            left[k] = routes[k % candidates];
            right[k] = routes[(k + 1) % candidates];
        }
        mover = peer(candidates - 1);
        winning = PathAttributes.builder().origin(PathAttributes.ORIGIN_IGP).asSequence(mover.asn())
                .nextHop(InetAddress.getByName("198.18.1.1")).build();
        losing = PathAttributes.builder().origin(PathAttributes.ORIGIN_INCOMPLETE)
                .asSequence(mover.asn(), 1, 2, 3, 4, 5, 6, 7).nextHop(InetAddress.getByName("198.18.1.1")).build();
    }

    private static PeerId peer(int i) throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (i + 1)});
        return PeerId.external(address, 64500 + i % 3, 0x0A000000 + (i * 7919) % 256);
    }

    private static PathAttributes attributes(Random random, long neighbourAs, int i) throws UnknownHostException {
        int hops = 2 + random.nextInt(2);
        long[] path = new long[hops];
        path[0] = neighbourAs;
        for (int h = 1; h < hops; h++) {
            path[h] = 64600 + random.nextInt(50);
        }
        return PathAttributes.builder().origin(random.nextInt(8) == 0 ? PathAttributes.ORIGIN_INCOMPLETE
                        : PathAttributes.ORIGIN_IGP)
                .asSequence(path).med(random.nextInt(3) * 10L)
                .nextHop(InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, (byte) (i + 1)})).build();
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int compare() {
        int acc = 0;
        for (int k = 0; k < PAIRS; k++) {
            acc += comparator.compare(left[k], right[k]).step().ordinal();
        }
        return acc;
    }

    @Benchmark
    public Route selectBest() {
        Route best = routes[0];
        for (int i = 1; i < routes.length; i++) {
            if (!comparator.compare(best, routes[i]).firstWins()) {
                best = routes[i];
            }
        }
        return best;
    }

    @Benchmark
    public boolean ribReselect() {
        flip = !flip;
        return rib.announce(mover, prefix, 0, flip ? winning : losing);
    }

    /** The peer whose announcements {@code ribReselect} alternates (for the smoke test). */
    PeerId mover() {
        return mover;
    }

    /** The best path's peer (for the smoke test). */
    PeerId best() {
        return rib.bestPath(prefix).orElseThrow().peer();
    }
}
