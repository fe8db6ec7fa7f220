package dev.jbgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPathSegment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WireAttributes#write} encodes a RIB attribute set straight from its arrays: it must write the
 * octets {@code toWire(a).write} writes, for every kind of attribute and on 2- and 4-octet sessions.
 */
class WireAttributesTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 20261126L})
    void writeIsTheOctetsOfTheWireValue(long seed) throws Exception {
        Random r = new Random(seed);
        for (int round = 0; round < 300; round++) {
            PathAttributes a = randomSet(r);
            for (CodecContext ctx : new CodecContext[] {CodecContext.MODERN, CodecContext.RFC4271}) {
                ByteBuf expected = Unpooled.buffer();
                ByteBuf actual = Unpooled.buffer();
                try {
                    int n = WireAttributes.toWire(a).write(expected, ctx);
                    assertEquals(n, WireAttributes.write(a, actual, ctx), "seed " + seed + " round " + round + " " + a);
                    assertEquals(expected, actual, "seed " + seed + " round " + round + " " + a);
                    assertEquals(expected, Unpooled.wrappedBuffer(WireAttributes.encode(a, ctx)),
                            "encode: seed " + seed + " round " + round + " " + a);
                } finally {
                    expected.release();
                    actual.release();
                }
            }
        }
    }

    private static PathAttributes randomSet(Random r) throws Exception {
        PathAttributes.Builder b = PathAttributes.builder().origin(r.nextInt(3));
        List<AsPathSegment> segments = new ArrayList<>();
        int segs = r.nextInt(4);
        for (int s = 0; s < segs; s++) {
            int type = 1 + r.nextInt(4);
            long[] asns = new long[1 + r.nextInt(r.nextInt(10) == 0 ? 120 : 6)];
            for (int i = 0; i < asns.length; i++) {
                // some above 65535, so the 2-octet session needs AS_TRANS and AS4_PATH
                asns[i] = r.nextBoolean() ? 1 + r.nextInt(65534) : 65536L + r.nextInt(1 << 30);
            }
            segments.add(AsPathSegment.of(type, asns));
        }
        b.asPath(segments);
        if (r.nextInt(4) != 0) {
            b.nextHop(InetAddress.getByName("127.0.0." + (1 + r.nextInt(250))));
        }
        if (r.nextBoolean()) {
            b.med(r.nextInt() & 0xFFFFFFFFL);
        }
        if (r.nextBoolean()) {
            b.localPref(r.nextInt() & 0xFFFFFFFFL);
        }
        b.atomicAggregate(r.nextInt(5) == 0);
        if (r.nextInt(4) == 0) {
            b.aggregator(r.nextBoolean() ? 1 + r.nextInt(65534) : 65536L + r.nextInt(1 << 30), 0x7F000001);
        }
        if (r.nextBoolean()) {
            int[] c = new int[1 + r.nextInt(r.nextInt(8) == 0 ? 80 : 5)]; // sometimes past 255 octets
            for (int i = 0; i < c.length; i++) {
                c[i] = r.nextInt();
            }
            b.communities(c);
        }
        if (r.nextInt(4) == 0) {
            int[] l = new int[3 * (1 + r.nextInt(3))];
            for (int i = 0; i < l.length; i++) {
                l[i] = r.nextInt();
            }
            b.largeCommunities(l);
        }
        if (r.nextInt(4) == 0) {
            long[] e = new long[1 + r.nextInt(3)];
            for (int i = 0; i < e.length; i++) {
                e[i] = r.nextLong();
            }
            b.extendedCommunities(e);
        }
        if (r.nextInt(4) == 0) {
            b.originatorId(0x7F000000 | r.nextInt(1 << 24));
            b.clusterList(0x7F000001, 0x7F000002);
        }
        if (r.nextInt(4) == 0) {
            // an unknown optional transitive attribute, short or extended-length, forwarded with Partial
            int len = r.nextBoolean() ? r.nextInt(10) : 256 + r.nextInt(20);
            ByteBuf raw = Unpooled.buffer();
            try {
                raw.writeByte(0xC0 | (len > 255 ? 0x10 : 0)).writeByte(200 + r.nextInt(50));
                if (len > 255) {
                    raw.writeShort(len);
                } else {
                    raw.writeByte(len);
                }
                for (int i = 0; i < len; i++) {
                    raw.writeByte(r.nextInt(256));
                }
                byte[] bytes = new byte[raw.readableBytes()];
                raw.getBytes(0, bytes);
                b.passThrough(bytes);
            } finally {
                raw.release();
            }
        }
        return b.build();
    }
}
