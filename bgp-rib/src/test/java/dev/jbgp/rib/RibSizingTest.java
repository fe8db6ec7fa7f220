package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RibConfig#expectedPrefixes()} is a sizing hint only: a RIB sized for fewer, as many or more
 * prefixes than arrive ends with the same Loc-RIB as one that grew from nothing, for the same random
 * announcements and withdrawals from three peers.
 */
class RibSizingTest {

    @Test
    void aNegativeHintIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> config().expectedPrefixes(-1));
        assertEquals(0, config().build().expectedPrefixes(), "no hint by default");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 300, 5000})
    void theHintChangesNoDecision(int expected) {
        long seed = 0x51EE0000L + expected;
        Rib grown = run(Rib.create(config().build()), seed);
        Rib sized = run(Rib.create(config().expectedPrefixes(expected).build()), seed);
        assertEquals(grown.size(), sized.size(), "seed " + seed);
        assertEquals(lines(grown), lines(sized), "seed " + seed);
    }

    private static Rib run(Rib rib, long seed) {
        Random rnd = new Random(seed);
        List<PeerId> peers = List.of(ebgp(2, 65002), ebgp(3, 65003), ebgp(4, 65004));
        for (PeerId p : peers) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        for (int step = 0; step < 3000; step++) {
            PeerId p = peers.get(rnd.nextInt(peers.size()));
            int len = 16 + rnd.nextInt(17);
            Ipv4Prefix prefix = Ipv4Prefix.of((0x7F000000 | rnd.nextInt(1 << 12) << 8) & Ipv4Prefix.mask(len), len);
            if (rnd.nextInt(5) == 0) {
                rib.withdraw(p, prefix, 0);
            } else {
                rib.announce(p, prefix, 0, RandomRoutes.attributes(rnd, p.asn()));
            }
        }
        return rib;
    }

    /** The snapshot's destinations as text, in prefix order (slot order differs between tables). */
    private static List<String> lines(Rib rib) {
        List<String> out = new ArrayList<>();
        for (DestinationSnapshot d : rib.snapshot().destinations()) {
            out.add(d.prefix() + " " + d.best().map(r -> r.peer() + " " + r.attributes()).orElse("-") + " "
                    + d.paths().size() + " " + d.explanations().stream().map(Explanation::lostAt).toList());
        }
        Collections.sort(out);
        return out;
    }
}
