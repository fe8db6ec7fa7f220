package dev.jbgp.wire.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.testkit.TestData;
import dev.jbgp.wire.Bytes;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.ExtendedCommunity;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateBuilderTest {

    static final PathAttributes ATTRS = PathAttributes.builder()
            .origin(Origin.IGP)
            .asPath(AsPath.parse("65001 65002"))
            .nextHop(Ipv4Prefix.parseAddress("127.0.0.1"))
            .med(10)
            .communities(List.of(Community.parse("65000:1")))
            .build();

    static ByteBuf attributeBlock(PathAttributes attrs, CodecContext ctx) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer();
        attrs.write(b, ctx);
        return b;
    }

    static List<Ipv4Prefix> v4Prefixes(int n) {
        List<Ipv4Prefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Ipv4Prefix.of(0x7F000000 | (i << 8), 24));
        }
        return out;
    }

    @Test
    void rfcVectorEncodesByteForByte() {
        // ORIGIN IGP, AS_PATH 65001 65002 (4-octet), NEXT_HOP 127.0.0.1, MED 10, COMMUNITIES 65000:1, NLRI 127.0.0.0/24
        String expected = Bytes.update("", "40010100 40020A 0202 0000FDE9 0000FDEA 4003047F000001 8004040000000A C00804FDE80001",
                "187F0000");
        ByteBuf attrs = attributeBlock(ATTRS, CodecContext.MODERN);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int next = new UpdateBuilder(CodecContext.MODERN).announceIpv4(out, attrs, v4Prefixes(1), new int[0], 0);
            assertEquals(1, next);
            assertEquals(expected, Bytes.hex(out));
        } finally {
            attrs.release();
            out.release();
        }
    }

    @Test
    void packsAsManyPrefixesAsFitAndReportsTheRest() throws Exception {
        for (CodecContext ctx : List.of(CodecContext.MODERN, CodecContext.MODERN.withMaxMessageLength(65535))) {
            List<Ipv4Prefix> prefixes = v4Prefixes(20000);
            ByteBuf attrs = attributeBlock(ATTRS, ctx);
            UpdateBuilder b = new UpdateBuilder(ctx);
            UpdateView view = new UpdateView();
            UpdateValidator validator = new UpdateValidator();
            NlriCursor c = new NlriCursor();
            int i = 0;
            int seen = 0;
            int messages = 0;
            try {
                while (i < prefixes.size()) {
                    ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
                    try {
                        int next = b.announceIpv4(out, attrs, prefixes, new int[0], i);
                        assertTrue(next > i);
                        assertTrue(out.readableBytes() <= ctx.maxMessageLength());
                        if (next < prefixes.size()) {
                            // full: one more /24 (4 octets) would not have fitted
                            assertTrue(out.readableBytes() + 4 > ctx.maxMessageLength(), "" + out.readableBytes());
                        }
                        view.wrap(out, ctx);
                        assertTrue(validator.validate(view).isOk());
                        view.nlri(c);
                        while (c.next()) {
                            assertEquals(prefixes.get(seen++), c.toPrefix());
                        }
                        i = next;
                        messages++;
                    } finally {
                        out.release();
                    }
                }
            } finally {
                attrs.release();
            }
            assertEquals(prefixes.size(), seen);
            assertTrue(messages > 1);
        }
    }

    @Test
    void addPathIdsWhenTheContextSends() throws Exception {
        CodecContext ctx = CodecContext.MODERN.withAddPath(Set.of(AddressFamily.IPV4_UNICAST), Set.of(AddressFamily.IPV4_UNICAST));
        ByteBuf attrs = attributeBlock(ATTRS, ctx);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            List<Ipv4Prefix> p = List.of(Ipv4Prefix.parse("127.0.0.5/32"), Ipv4Prefix.parse("127.0.0.5/32"));
            assertEquals(2, new UpdateBuilder(ctx).announceIpv4(out, attrs, p, new int[] {1, 2}, 0));
            assertTrue(Bytes.hex(out).endsWith("00000001207F00000500000002207F000005"));
            UpdateView v = new UpdateView().wrap(out, ctx);
            assertEquals(List.of("1:127.0.0.5/32", "2:127.0.0.5/32"), UpdateViewTest.prefixes(v.nlri(new NlriCursor())));
        } finally {
            attrs.release();
            out.release();
        }
    }

    @Test
    void ipv6AnnounceAndWithdrawInMpAttributes() throws Exception {
        CodecContext ctx = CodecContext.MODERN;
        PathAttributes attrs = ATTRS.toBuilder().noNextHop().build();
        ByteBuf block = attributeBlock(attrs, ctx);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            List<Ipv6Prefix> p = List.of(Ipv6Prefix.parse("2001:db8::/32"), Ipv6Prefix.parse("2001:db8:1::/48"));
            UpdateBuilder b = new UpdateBuilder(ctx);
            assertEquals(2, b.announceIpv6(out, block, Ipv6NextHop.parse("2001:db8::1,fe80::1"), p, new int[0], 0));
            UpdateView v = new UpdateView().wrap(out, ctx);
            assertTrue(new UpdateValidator().validate(v).isOk(), new UpdateValidator().validate(v).toString());
            NlriCursor c = new NlriCursor();
            assertTrue(v.mpReachNlri(c));
            assertEquals(List.of("2001:db8::/32", "2001:db8:1::/48"), UpdateViewTest.prefixes(c));
            out.clear();
            assertEquals(2, b.withdraw(out, p, 0));
            v.wrap(out, ctx);
            assertTrue(new UpdateValidator().validate(v).isOk());
            assertTrue(v.mpUnreachNlri(c));
            assertEquals(List.of("2001:db8::/32", "2001:db8:1::/48"), UpdateViewTest.prefixes(c));
            out.clear();
            assertEquals(1, b.withdraw(out, List.of(Ipv4Prefix.parse("127.0.0.0/8")), 0));
            assertEquals(Bytes.update("087F", "", ""), Bytes.hex(out));
        } finally {
            block.release();
            out.release();
        }
    }

    @Test
    void endOfRib() throws Exception {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            UpdateBuilder.endOfRib(out, AddressFamily.IPV4_UNICAST);
            assertEquals("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000", Bytes.hex(out));
            out.clear();
            UpdateBuilder.endOfRib(out, AddressFamily.IPV6_UNICAST);
            assertEquals(Bytes.update("", "800F03000201", ""), Bytes.hex(out));
            UpdateView v = new UpdateView().wrap(out, CodecContext.MODERN);
            assertEquals(AddressFamily.IPV6_UNICAST, v.endOfRibFamily());
        } finally {
            out.release();
        }
    }

    @Test
    void twoOctetPeerGetsAsTransAndAs4Attributes() throws Exception {
        PathAttributes attrs = ATTRS.toBuilder().asPath(AsPath.parse("65001 4200000000"))
                .aggregator(new Aggregator(4200000001L, 0x7F000009)).build();
        ByteBuf block = attributeBlock(attrs, CodecContext.RFC4271);
        try {
            AttributeCursor c = new AttributeCursor().reset(block, 0, block.readableBytes());
            List<Integer> types = new ArrayList<>();
            while (c.next()) {
                types.add(c.type());
            }
            assertTrue(types.containsAll(List.of(AttributeType.AS4_PATH, AttributeType.AS4_AGGREGATOR)), types.toString());
            PathAttributes back = PathAttributes.read(block, 0, block.readableBytes(), CodecContext.RFC4271);
            assertEquals(attrs, back);
        } finally {
            block.release();
        }
        ByteBuf four = attributeBlock(attrs, CodecContext.MODERN);
        try {
            AttributeCursor c = new AttributeCursor().reset(four, 0, four.readableBytes());
            while (c.next()) {
                assertFalse(c.type() == AttributeType.AS4_PATH || c.type() == AttributeType.AS4_AGGREGATOR);
            }
        } finally {
            four.release();
        }
    }

    @Test
    void receivedAttributesAreForwardedFromTheirBytes() throws Exception {
        String mp = "900F0008 0002 01 2020010DB8";
        String attrs = "40010100 400206 0201 0000FDE9 4003047F000001 C0FE02ABCD 80FD01FF 8004040000000A 80040400000014" + mp;
        ByteBuf in = Bytes.buf(Bytes.update("", attrs, "187F0001"));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            UpdateView v = new UpdateView().wrap(in, CodecContext.MODERN);
            UpdateBuilder.writeReceivedAttributes(v, out, t -> t < 20, AttributeType.MULTI_EXIT_DISC);
            // unknown transitive gets Partial (0xE0), unknown non-transitive and MED (skipped) and MP go
            assertEquals("40010100 400206 0201 0000FDE9 4003047F000001 E0FE02ABCD".replace(" ", ""), Bytes.hex(out));
        } finally {
            in.release();
            out.release();
        }
    }

    @Test
    void allAttributeKindsRoundTrip() throws Exception {
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.INCOMPLETE)
                .asPath(AsPath.parse("(65010 65011) 65001 {65002,65003}"))
                .nextHop(0x7F000001).med(5).localPref(200).atomicAggregate(true)
                .aggregator(new Aggregator(65001, 0x7F000002))
                .communities(List.of(Community.NO_EXPORT, Community.parse("1:2")))
                .originatorId(0x7F000003).clusterList(new int[] {0x7F000004})
                .extendedCommunities(List.of(ExtendedCommunity.parse("rt:65000:100")))
                .largeCommunities(List.of(LargeCommunity.parse("65000:1:2")))
                .unknownAttributes(List.of(dev.jbgp.wire.attr.UnknownAttribute.of(0xE0, 99, new byte[] {1, 2})))
                .build();
        for (CodecContext ctx : List.of(CodecContext.MODERN, CodecContext.RFC4271)) {
            ByteBuf block = attributeBlock(attrs, ctx);
            try {
                assertEquals(attrs, PathAttributes.read(block, 0, block.readableBytes(), ctx));
            } finally {
                block.release();
            }
        }
    }

    @Test
    void holoUpdatesDecodeAndReEncode() throws Exception {
        JsonNode root = new ObjectMapper().readTree(TestData.require("vectors/holo-bgp.json").toFile());
        int n = 0;
        for (JsonNode vec : root.get("vectors")) {
            String name = vec.get("name").asText();
            if (!name.contains("update")) {
                continue;
            }
            n++;
            // holo decodes with 4-octet AS and an internal peer
            CodecContext ctx = CodecContext.MODERN.withInternalPeer(true);
            ByteBuf buf = Bytes.buf(vec.get("hex").asText());
            try {
                JsonNode exp = vec.get("expected");
                if (name.contains("malformed-length")) {
                    assertEquals(dev.jbgp.wire.error.ErrorAction.SESSION_RESET,
                            org.junit.jupiter.api.Assertions.assertThrows(dev.jbgp.wire.error.BgpDecodeException.class,
                                    () -> new UpdateView().wrap(buf, ctx)).action());
                    continue;
                }
                UpdateView v = new UpdateView().wrap(buf, ctx);
                UpdateVerdict verdict = new UpdateValidator().validate(v);
                if (name.contains("missing-nexthop")) {
                    assertTrue(verdict.isTreatAsWithdraw(), verdict.toString());
                    continue;
                }
                assertTrue(verdict.isOk(), name + " " + verdict);
                if (name.contains("empty")) {
                    assertTrue(v.isEndOfRib());
                    continue;
                }
                NlriCursor c = new NlriCursor();
                assertEquals(toList(exp.get("withdrawn")), UpdateViewTest.prefixes(v.withdrawn(c)));
                assertEquals(toList(exp.get("nlri")), UpdateViewTest.prefixes(v.nlri(c)));
                JsonNode a = exp.get("attributes");
                assertEquals(0, v.origin());
                assertEquals("1 2 3", v.asPath().toString());
                assertEquals(Ipv4Prefix.parseAddress(a.get("NEXT_HOP").asText()), v.nextHop());
                assertEquals(a.get("MULTI_EXIT_DISC").asLong(), v.med());
                assertEquals(a.get("LOCAL_PREF").asLong(), v.localPref());
                assertTrue(v.atomicAggregate());
                assertEquals(1, v.clusterListLength());
                assertEquals(Ipv4Prefix.parseAddress(a.get("ORIGINATOR_ID").asText()), v.originatorId());
                assertTrue(v.mpReachNlri(c));
                assertEquals(toList(a.get("MP_REACH_NLRI").get("nlri")), UpdateViewTest.prefixes(c));
                assertTrue(v.mpUnreachNlri(c));
                assertEquals(toList(a.get("MP_UNREACH_NLRI").get("withdrawn")), UpdateViewTest.prefixes(c));
                PathAttributes pa = PathAttributes.read(v.buffer(), v.pathAttributesOffset(), v.pathAttributesLength(), ctx);
                assertEquals(List.of(new Community(1), new Community(2), new Community(3)), pa.communities());
                assertEquals(new Aggregator(1000, Ipv4Prefix.parseAddress("2.2.2.2")), pa.aggregator().orElseThrow());
                assertEquals(List.of(new LargeCommunity(1, 0, 1)), pa.largeCommunities());
                assertEquals(0x0000000100000001L, pa.extendedCommunities().get(0).value());
                // encode: the raw attributes (less MP) re-sent from their bytes, the NLRI rebuilt, both validate
                ByteBuf raw = PooledByteBufAllocator.DEFAULT.buffer();
                ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
                try {
                    UpdateBuilder.writeReceivedAttributes(v, raw, t -> true);
                    List<Ipv4Prefix> nlri = new ArrayList<>();
                    v.nlri(c);
                    while (c.next()) {
                        nlri.add((Ipv4Prefix) c.toPrefix());
                    }
                    new UpdateBuilder(ctx).announceIpv4(out, raw, nlri, new int[0], 0);
                    UpdateView again = new UpdateView().wrap(out, ctx);
                    assertTrue(new UpdateValidator().validate(again).isOk());
                    assertEquals(pa, PathAttributes.read(again.buffer(), again.pathAttributesOffset(),
                            again.pathAttributesLength(), ctx));
                } finally {
                    raw.release();
                    out.release();
                }
            } finally {
                buf.release();
            }
        }
        assertEquals(4, n);
    }

    private static List<String> toList(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    /**
     * announceIpv4 writes each IPv4 entry as one 8-octet store and the last ones octet by octet: the
     * message must be the same octets as entry-by-entry writing, whatever the prefix lengths and however
     * close the buffer's capacity is to the message end (heap and direct, capacities fixed so that the
     * buffer cannot grow).
     */
    @Test
    void ipv4PackingMatchesEntryByEntryWritingUpToTheBufferEnd() {
        long seed = 20261126L;
        Random r = new Random(seed);
        CodecContext ctx = CodecContext.MODERN;
        ByteBuf block = attributeBlock(ATTRS, ctx);
        try {
            for (int round = 0; round < 200; round++) {
                List<Ipv4Prefix> prefixes = new ArrayList<>();
                int n = 1 + r.nextInt(40);
                for (int i = 0; i < n; i++) {
                    int len = r.nextInt(33);
                    prefixes.add(Ipv4Prefix.of(r.nextInt() & Ipv4Prefix.mask(len), len));
                }
                ByteBuf expected = Unpooled.buffer();
                ByteBuf heap = null;
                ByteBuf direct = null;
                try {
                    int start = expected.writerIndex();
                    expected.writeLong(-1L).writeLong(-1L).writeShort(0).writeByte(2);
                    expected.writeShort(0).writeShort(block.readableBytes()).writeBytes(block, block.readerIndex(),
                            block.readableBytes());
                    for (Ipv4Prefix p : prefixes) {
                        UpdateBuilder.writeEntry(expected, p, 0, false);
                    }
                    expected.setShort(start + 16, expected.readableBytes());
                    int size = expected.readableBytes();
                    // exactly the message, or 1..8 octets of slack: the 8-octet stores must stay inside
                    int capacity = size + r.nextInt(9);
                    heap = Unpooled.buffer(capacity, capacity);
                    direct = Unpooled.directBuffer(capacity, capacity);
                    for (ByteBuf out : new ByteBuf[] {heap, direct}) {
                        int next = new UpdateBuilder(ctx).announceIpv4(out, block, prefixes, new int[0], 0);
                        assertEquals(n, next, "seed " + seed + " round " + round);
                        assertEquals(expected, out, "seed " + seed + " round " + round + " " + prefixes);
                    }
                } finally {
                    expected.release();
                    if (heap != null) {
                        heap.release();
                    }
                    if (direct != null) {
                        direct.release();
                    }
                }
            }
        } finally {
            block.release();
        }
    }

    /**
     * {@link UpdateBuilder#fitsIpv4} and {@link UpdateBuilder#fitsIpv6} at their edge: the largest
     * attribute block that still leaves room for a /32 (/128) makes a message of exactly the maximum
     * length with that prefix; one octet more does not fit.
     */
    @Test
    void fitsSaysWhetherAnyPrefixStillFitsBesideTheAttributes() {
        UpdateBuilder b = new UpdateBuilder(CodecContext.MODERN);
        int max = CodecContext.MODERN.maxMessageLength();
        int edge4 = max - UpdateView.MIN_LENGTH - 5;
        assertTrue(b.fitsIpv4(edge4));
        assertFalse(b.fitsIpv4(edge4 + 1));
        ByteBuf attrs = Unpooled.buffer(edge4).writeZero(edge4);
        ByteBuf out = Unpooled.buffer();
        try {
            List<Ipv4Prefix> host = List.of(Ipv4Prefix.of(0x7F000001, 32));
            assertEquals(1, b.announceIpv4(out, attrs, host, new int[0], 0));
            assertEquals(max, out.readableBytes());
        } finally {
            attrs.release();
            out.release();
        }
        Ipv6NextHop nh = Ipv6NextHop.of(0xFD00_0000_0000_0000L, 1);
        int edge6 = max - UpdateView.MIN_LENGTH - (4 + dev.jbgp.wire.attr.MpReachNlri.MIN_LENGTH + nh.length()) - 17;
        assertTrue(b.fitsIpv6(edge6, nh));
        assertFalse(b.fitsIpv6(edge6 + 1, nh));
        attrs = Unpooled.buffer(edge6).writeZero(edge6);
        out = Unpooled.buffer();
        try {
            List<Ipv6Prefix> host = List.of(Ipv6Prefix.of(0xFD00_0000_0000_0000L, 1, 128));
            assertEquals(1, b.announceIpv6(out, attrs, nh, host, new int[0], 0));
            assertEquals(max, out.readableBytes());
        } finally {
            attrs.release();
            out.release();
        }
    }
}
