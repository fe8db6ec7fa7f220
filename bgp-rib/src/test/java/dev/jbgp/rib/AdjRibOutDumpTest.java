package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AdjRibOut#ipv4Announcements} (the primitive table dump the speaker sends a joining peer) must
 * hold exactly what {@link AdjRibOut#byAttributes()} holds, each set once, through random announcements
 * and withdrawals that create, drop and reuse the group's set ids; its UPDATEs must be the octets the
 * {@code List<Ipv4Prefix>} builder writes for the same prefixes with {@link WireAttributes#encode}'s
 * attribute block; and a dump, once made, must not change with the table. Seeded; rerun one with
 * {@code -Djbgp.seed=N}.
 */
class AdjRibOutDumpTest {

    private static final PeerId SOURCE = ebgp(2, 65001);
    private static final PeerId TARGET = ebgp(3, 65002);

    static LongStream seeds() {
        return Seeds.series(0x64756d70L, 4);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void dumpIsTheTableGroupedBySet(long seed) {
        Random r = new Random(seed);
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, open("127.0.0.1"));
        AdjRibOut g = rib.adjRibOut(TARGET);
        List<Prefix> known = new ArrayList<>();
        Ipv4Announcements earlier = null;
        String earlierText = null;
        for (int round = 0; round < 8; round++) {
            String where = "seed " + seed + " round " + round;
            int ops = round == 5 ? 0 : 200 + r.nextInt(600);
            for (int op = 0; op < ops; op++) {
                if (!known.isEmpty() && r.nextInt(3) == 0) {
                    rib.withdraw(SOURCE, known.get(r.nextInt(known.size())), 0);
                } else {
                    Prefix p = randomPrefix(r);
                    known.add(p);
                    // few sets, many prefixes per set; a longer AS path now and then
                    int v = r.nextInt(r.nextBoolean() ? 4 : 60);
                    PathAttributes a = v % 7 == 0 ? attrs("127.0.0.2", 65001, 64512 + v, 64999, 64998).build()
                            : attrs("127.0.0.2", 65001, 64512 + v).med(v).build();
                    rib.announce(SOURCE, p, 0, a);
                }
            }
            if (round == 5) {
                for (Prefix p : known) {
                    rib.withdraw(SOURCE, p, 0); // every set dropped; the next round reuses their ids
                }
                known.clear();
            }
            for (CodecContext ctx : new CodecContext[] {CodecContext.MODERN, CodecContext.RFC4271}) {
                Ipv4Announcements dump = g.ipv4Announcements(ctx);
                assertEquals(grouped(g.byAttributes()), grouped(dump), where);
                assertEquals(g.size(), dump.prefixes(), where);
                checkUpdates(dump, ctx, where);
            }
            if (earlier != null) {
                assertEquals(earlierText, text(earlier), where + ": a dump does not change with the table");
            }
            earlier = g.ipv4Announcements(CodecContext.MODERN);
            earlierText = text(earlier);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDumpIsEncodedForOneAsNumberSize(long seed) {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, open("127.0.0.1"));
        rib.announce(SOURCE, randomPrefix(new Random(seed)), 0, attrs("127.0.0.2", 65001).build());
        Ipv4Announcements dump = rib.adjRibOut(TARGET).ipv4Announcements(CodecContext.MODERN);
        assertEquals(1, dump.sets());
        assertTrue(dump.hasIpv4NextHop(0));
        ByteBuf out = Unpooled.buffer();
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> dump.writeUpdate(0, 0, new UpdateBuilder(CodecContext.RFC4271), out));
            assertEquals(0, out.readableBytes());
        } finally {
            out.release();
        }
    }

    /** A random prefix inside 127.0.0.0/8 of length 8 to 32, host bits clear. */
    private static Prefix randomPrefix(Random r) {
        int len = 8 + r.nextInt(25);
        int address = 0x7F000000 | r.nextInt(1 << 24);
        return Ipv4Prefix.of(address & Ipv4Prefix.mask(len), len);
    }

    private static Map<PathAttributes, Set<Prefix>> grouped(Map<PathAttributes, List<Prefix>> byAttributes) {
        Map<PathAttributes, Set<Prefix>> out = new HashMap<>();
        byAttributes.forEach((a, ps) -> out.put(a, new HashSet<>(ps)));
        return out;
    }

    private static Map<PathAttributes, Set<Prefix>> grouped(Ipv4Announcements dump) {
        Map<PathAttributes, Set<Prefix>> out = new HashMap<>();
        for (int s = 0; s < dump.sets(); s++) {
            Set<Prefix> ps = new HashSet<>();
            for (int i = dump.start(s); i < dump.end(s); i++) {
                ps.add(dump.prefix(i));
            }
            assertTrue(dump.end(s) > dump.start(s), "no empty set in a dump");
            assertEquals(null, out.put(dump.attributes(s), ps), "each set once");
        }
        return out;
    }

    private static String text(Ipv4Announcements dump) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < dump.sets(); s++) {
            sb.append(dump.attributes(s)).append(':');
            for (int i = dump.start(s); i < dump.end(s); i++) {
                sb.append(' ').append(dump.prefix(i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Every UPDATE of the dump against the list builder's, message by message. */
    private static void checkUpdates(Ipv4Announcements dump, CodecContext ctx, String where) {
        UpdateBuilder builder = new UpdateBuilder(ctx);
        ByteBuf actual = Unpooled.buffer();
        ByteBuf expected = Unpooled.buffer();
        ByteBuf block = Unpooled.buffer();
        try {
            for (int s = 0; s < dump.sets(); s++) {
                block.clear();
                WireAttributes.write(dump.attributes(s), block, ctx);
                assertArrayEquals(ByteBufUtil.getBytes(block), WireAttributes.encode(dump.attributes(s), ctx), where);
                List<Ipv4Prefix> prefixes = new ArrayList<>();
                for (int i = dump.start(s); i < dump.end(s); i++) {
                    prefixes.add(dump.prefix(i));
                }
                int i = dump.start(s);
                int k = 0;
                while (i < dump.end(s)) {
                    actual.clear();
                    expected.clear();
                    int next = dump.writeUpdate(s, i, builder, actual);
                    int nextK = builder.announceIpv4(expected, block, prefixes, new int[0], k);
                    assertEquals(nextK, next - dump.start(s), where);
                    assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(actual), where + " set " + s);
                    i = next;
                    k = nextK;
                }
            }
        } finally {
            actual.release();
            expected.release();
            block.release();
        }
    }
}
