package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A random sequence of announcements, replacements and withdrawals leaves the RIB in the state a fresh
 * RIB reaches from the surviving routes alone: same ranking, best, ECMP set and Adj-RIB-Out. Seeded;
 * the seed is in every message.
 */
class IncrementalModelTest {

    static LongStream seeds() {
        return LongStream.range(0, 12).map(i -> 0xB6B1L + 104729 * i);
    }

    private static final DecisionOptions OPTIONS = options().maxPathsEbgp(3).maxPathsIbgp(2).build();

    private static Rib newRib() {
        Rib rib = Rib.create(config().decision(OPTIONS).resolver(RandomRoutes.RESOLVER).build());
        return rib;
    }

    private static final PeerId EXPORT = PeerId.external(addr("127.0.9.1"), 65100, Fixtures.ip4("127.1.9.1"));

    private static PeerSettings exportSettings() {
        return PeerSettings.builder().exportPolicy(Policy.acceptAll()).localAddress(addr("127.0.0.1")).build();
    }

    private static List<String> state(Rib rib, List<Prefix> prefixes) {
        List<String> out = new ArrayList<>();
        for (Prefix p : prefixes) {
            StringBuilder sb = new StringBuilder(p.toString()).append(':');
            for (Route r : rib.paths(p)) {
                sb.append(' ').append(r.peer().address().getHostAddress()).append('/').append(r.pathId());
            }
            sb.append(" best=").append(rib.bestPath(p).map(r -> r.peer().address().getHostAddress()).orElse("-"));
            sb.append(" mp=").append(rib.multipath(p).size());
            sb.append(" out=").append(rib.adjRibOut(EXPORT).get(p).map(Object::toString).orElse("-"));
            out.add(sb.toString());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void incrementalEqualsFromScratch(long seed) {
        Random rnd = new Random(seed);
        List<RandomRoutes.Candidate> peers = RandomRoutes.candidates(rnd, 6);
        List<Prefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            prefixes.add(prefix("127.40." + i + ".0/24"));
        }
        Rib rib = newRib();
        rib.peerUp(EXPORT, exportSettings());
        for (RandomRoutes.Candidate c : peers) {
            rib.peerUp(c.peer(), open("127.0.0.1"));
        }
        // The model: what survives, keyed by peer index, prefix index and path id.
        Map<String, PathAttributes> model = new LinkedHashMap<>();
        for (int op = 0; op < 600; op++) {
            int peer = rnd.nextInt(peers.size());
            int pi = rnd.nextInt(prefixes.size());
            int pathId = rnd.nextInt(2);
            String key = peer + "," + pi + "," + pathId;
            if (rnd.nextInt(3) == 0) {
                rib.withdraw(peers.get(peer).peer(), prefixes.get(pi), pathId);
                model.remove(key);
            } else {
                long nAs = peers.get(peer).peer().isExternal() ? peers.get(peer).peer().asn() : 65001;
                PathAttributes a = RandomRoutes.attributes(rnd, nAs);
                if (peers.get(peer).peer().isExternal()) {
                    a = a.toBuilder().clearLocalPref().build();
                }
                rib.announce(peers.get(peer).peer(), prefixes.get(pi), pathId, a);
                model.remove(key);
                model.put(key, a);
            }
        }
        Rib fresh = newRib();
        fresh.peerUp(EXPORT, exportSettings());
        for (RandomRoutes.Candidate c : peers) {
            fresh.peerUp(c.peer(), open("127.0.0.1"));
        }
        for (Map.Entry<String, PathAttributes> e : model.entrySet()) {
            String[] k = e.getKey().split(",");
            fresh.announce(peers.get(Integer.parseInt(k[0])).peer(), prefixes.get(Integer.parseInt(k[1])),
                    Integer.parseInt(k[2]), e.getValue());
        }
        assertEquals(state(fresh, prefixes), state(rib, prefixes), "seed " + seed);
        assertEquals(fresh.interner().size(), rib.interner().size(), "seed " + seed + ": no leaked attribute sets");
        for (RandomRoutes.Candidate c : peers) {
            rib.peerDown(c.peer());
        }
        rib.peerDown(EXPORT);
        assertEquals(0, rib.interner().totalReferences(), "seed " + seed);
    }
}
