package dev.jbgp.wire.attr;

import dev.jbgp.wire.Bytes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written vectors from the RFC layouts: each is the hex of one whole attribute plus its meaning,
 * run through the reader (decode) and the writer (encode).
 */
class AttributeVectorsTest {

    /** Decodes: gives the cursor positioned on the single attribute in {@code hex}. */
    private static <T> T decode(String hex, Reader<T> reader) throws BgpDecodeException {
        ByteBuf buf = Bytes.buf(hex);
        try {
            AttributeCursor c = new AttributeCursor().reset(buf, 0, buf.readableBytes());
            assertTrue(c.next());
            T value = reader.read(c);
            assertFalse(c.next());
            return value;
        } finally {
            buf.release();
        }
    }

    private static String encode(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.accept(out);
            return Bytes.hex(out);
        } finally {
            out.release();
        }
    }

    interface Reader<T> {
        T read(AttributeCursor c) throws BgpDecodeException;
    }

    @Test
    void origin() throws Exception {
        String hex = "40010102"; // well-known transitive, type 1, length 1, INCOMPLETE
        assertEquals(2, (int) decode(hex, c -> Origin.read(c.buffer(), c.valueOffset(), c.valueLength())));
        PathAttributes pa = PathAttributes.builder().origin(Origin.INCOMPLETE).build();
        assertTrue(encode(out -> pa.write(out, dev.jbgp.wire.CodecContext.MODERN)).startsWith(hex));
    }

    @Test
    void asPathFourOctet() throws Exception {
        // AS_SEQUENCE 65001 65001, AS_SET {65002,65003}, 4-octet ASes (RFC 6793 §3)
        String hex = "4002 14 02 02 0000FDE9 0000FDE9 01 02 0000FDEA 0000FDEB";
        AsPath p = decode(hex, c -> AsPath.decode(c.buffer(), c.valueOffset(), c.valueLength(), true));
        assertEquals("65001 65001 {65002,65003}", p.toString());
        assertEquals(3, p.hopCount());
        assertEquals(65001, p.firstAs());
        assertEquals(hex.replace(" ", ""), encode(out -> p.write(out, true)));
    }

    @Test
    void asPathTwoOctetWithAsTrans() throws Exception {
        // 2-octet session: 4200000000 is written as AS_TRANS 23456 (RFC 6793 §4.2.2)
        AsPath p = AsPath.parse("65001 4200000000");
        assertEquals("400206 0202 FDE9 5BA0".replace(" ", ""), encode(out -> p.write(out, false)));
        AsPath back = decode("400206 0202FDE95BA0", c -> AsPath.decode(c.buffer(), c.valueOffset(), c.valueLength(), false));
        assertEquals("65001 23456", back.toString());
    }

    @Test
    void nextHop() throws Exception {
        String hex = "4003047F000001";
        assertEquals(0x7F000001, (int) decode(hex, c -> NextHop.read(c.buffer(), c.valueOffset(), c.valueLength())));
        assertEquals(hex, encode(out -> NextHop.write(out, Ipv4Prefix.parseAddress("127.0.0.1"))));
    }

    @Test
    void medAndLocalPrefAreUnsigned() throws Exception {
        String med = "800404FFFFFFFE";
        assertEquals(4294967294L, (long) decode(med, c -> Med.read(c.buffer(), c.valueOffset(), c.valueLength())));
        assertEquals(med, encode(out -> Med.write(out, 4294967294L)));
        String lp = "40050400000064";
        assertEquals(100L, (long) decode(lp, c -> LocalPref.read(c.buffer(), c.valueOffset(), c.valueLength())));
        assertEquals(lp, encode(out -> LocalPref.write(out, 100)));
    }

    @Test
    void atomicAggregateAndAggregator() throws Exception {
        assertEquals("400600", encode(AtomicAggregate::write));
        decode("400600", c -> {
            AtomicAggregate.check(c.valueLength());
            return true;
        });
        String agg4 = "C00708 0000FDE9 7F000002";
        Aggregator a = decode(agg4, c -> Aggregator.read(c.buffer(), c.valueOffset(), c.valueLength(), true));
        assertEquals(new Aggregator(65001, 0x7F000002), a);
        assertEquals("65001:127.0.0.2", a.toString());
        assertEquals(agg4.replace(" ", ""), encode(out -> a.write(out, true)));
        String agg2 = "C00706 FDE9 7F000002";
        assertEquals(a, decode(agg2, c -> Aggregator.read(c.buffer(), c.valueOffset(), c.valueLength(), false)));
        assertEquals(agg2.replace(" ", ""), encode(out -> a.write(out, false)));
    }

    @Test
    void as4AggregatorReconciles() throws Exception {
        Aggregator big = new Aggregator(4200000000L, 0x7F000003);
        assertEquals("C00706 5BA0 7F000003".replace(" ", ""), encode(out -> big.write(out, false)));
        String as4 = "C01208FA56EA007F000003";
        assertEquals(as4, encode(big::writeAs4));
        Aggregator read4 = decode(as4, c -> Aggregator.readAs4(c.buffer(), c.valueOffset(), c.valueLength()));
        Aggregator trans = new Aggregator(AsPath.AS_TRANS, 0x7F000003);
        assertEquals(big, Aggregator.reconcile(trans, read4));
        assertEquals(new Aggregator(65001, 1), Aggregator.reconcile(new Aggregator(65001, 1), read4));
    }

    @Test
    void communities() throws Exception {
        String hex = "C0080C FDE80064 FFFFFF01 FFFF029A";
        List<Community> cs = decode(hex, c -> Communities.read(c.buffer(), c.valueOffset(), c.valueLength()));
        assertEquals(List.of(Community.parse("65000:100"), Community.NO_EXPORT, Community.BLACKHOLE), cs);
        assertEquals("[65000:100, NO_EXPORT, BLACKHOLE]", cs.toString());
        assertEquals(hex.replace(" ", ""), encode(out -> Communities.write(out, cs)));
    }

    @Test
    void communityTextForms() {
        assertEquals(Community.NO_EXPORT, Community.parse("no-export"));
        assertEquals(Community.NO_ADVERTISE, Community.parse("NO_ADVERTISE"));
        assertEquals(Community.NO_EXPORT_SUBCONFED, Community.parse("4294967043"));
        assertEquals(0xFFFFFF04, Community.NO_PEER.value());
        assertEquals(0xFFFF0000, Community.GRACEFUL_SHUTDOWN.value());
        assertEquals(0xFFFF0006, Community.LLGR_STALE.value());
        assertEquals(0xFFFF0007, Community.NO_LLGR.value());
        assertEquals(0xFFFF029A, Community.BLACKHOLE.value());
        assertEquals("65000:100", Community.of(65000, 100).toString());
        assertEquals(Community.of(1, 2), Community.parse("1:2"));
        assertThrows(IllegalArgumentException.class, () -> Community.parse("65536:1"));
        assertThrows(IllegalArgumentException.class, () -> Community.parse("nope"));
    }

    @Test
    void originatorIdAndClusterList() throws Exception {
        String oid = "8009047F000001";
        assertEquals(0x7F000001, (int) decode(oid, c -> OriginatorId.read(c.buffer(), c.valueOffset(), c.valueLength())));
        assertEquals(oid, encode(out -> OriginatorId.write(out, 0x7F000001)));
        String cl = "800A08 7F000001 7F000002";
        int[] ids = decode(cl, c -> ClusterList.read(c.buffer(), c.valueOffset(), c.valueLength()));
        assertArrayEquals(new int[] {0x7F000001, 0x7F000002}, ids);
        assertEquals(cl.replace(" ", ""), encode(out -> ClusterList.write(out, ids)));
    }

    @Test
    void extendedCommunities() throws Exception {
        // RFC 4360 §3.1 2-octet AS route target, §3.2 IPv4 route origin, RFC 5668 4-octet AS route target
        String hex = "C01018" + "0002FDE800000064" + "01037F0000010007" + "0202FA56EA000064";
        List<ExtendedCommunity> ecs = decode(hex, c -> ExtendedCommunities.read(c.buffer(), c.valueOffset(), c.valueLength()));
        assertEquals("[rt:65000:100, soo:127.0.0.1:7, rt:4200000000:100]", ecs.toString());
        assertEquals(ecs.get(0), ExtendedCommunity.parse("rt:65000:100"));
        assertEquals(ecs.get(1), ExtendedCommunity.parse("soo:127.0.0.1:7"));
        assertEquals(ecs.get(2), ExtendedCommunity.parse("target:4200000000:100"));
        assertEquals(ecs.get(2), ExtendedCommunity.routeTarget(4200000000L, 100));
        assertTrue(ecs.get(0).isTransitive());
        assertEquals("0x4300000000000001", new ExtendedCommunity(0x4300000000000001L).toString());
        assertEquals(hex, encode(out -> ExtendedCommunities.write(out, ecs)));
    }

    @Test
    void largeCommunities() throws Exception {
        // RFC 8092 §3: 12 octets each
        String hex = "C0200C0000FDE80000000100000002";
        List<LargeCommunity> lcs = decode(hex, c -> LargeCommunity.read(c.buffer(), c.valueOffset(), c.valueLength()));
        assertEquals(List.of(LargeCommunity.parse("65000:1:2")), lcs);
        assertEquals("65000:1:2", lcs.get(0).toString());
        assertEquals(hex, encode(out -> LargeCommunity.write(out, lcs)));
        assertThrows(IllegalArgumentException.class, () -> LargeCommunity.parse("1:2"));
    }

    @Test
    void mpReachIpv6WithLinkLocalAndMpUnreach() throws Exception {
        // RFC 4760 §3 / RFC 2545 §3: AFI 2, SAFI 1, next hop length 32 (global + link-local), reserved, NLRI
        String hex = "900E002A 0002 01 20 20010DB8000000000000000000000001 FE800000000000000000000000000001 00 2020010DB8"
                .replace(" ", "");
        decode(hex, c -> {
            ByteBuf b = c.buffer();
            int off = c.valueOffset();
            MpReachNlri.validate(b, off, c.valueLength());
            assertEquals(2, MpReachNlri.afi(b, off));
            assertEquals(1, MpReachNlri.safi(b, off));
            assertTrue(MpReachNlri.hasLinkLocal(b, off));
            assertEquals(0x20010DB800000000L, MpReachNlri.nextHopHigh(b, off));
            assertEquals(1L, MpReachNlri.nextHopLow(b, off));
            assertEquals(0xFE80000000000000L, MpReachNlri.linkLocalHigh(b, off));
            assertEquals(5, MpReachNlri.nlriLength(b, off, c.valueLength()));
            return null;
        });
        String written = encode(out -> {
            int start = MpReachNlri.beginIpv6(out, 0x20010DB800000000L, 1, true, 0xFE80000000000000L, 1);
            out.writeBytes(Bytes.hex("2020010DB8"));
            AttributeWriter.patchExtended(out, start);
        });
        assertEquals(hex, written);
        String unreach = "900F0008 0002 01 2020010DB8".replace(" ", "");
        assertEquals(unreach, encode(out -> {
            int start = MpUnreachNlri.begin(out, 2, 1);
            out.writeBytes(Bytes.hex("2020010DB8"));
            AttributeWriter.patchExtended(out, start);
        }));
    }

    @Test
    void mpReachNextHopLengthInvalidForTheFamilyResetsTheSession() {
        // IPv6 unicast with a 4-octet next hop (RFC 2545 allows 16 or 32)
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> decode("800E0A 0002 01 04 7F000001 00 00",
                c -> {
                    MpReachNlri.validate(c.buffer(), c.valueOffset(), c.valueLength());
                    return null;
                }));
        assertEquals(ErrorAction.SESSION_RESET, e.action());
        assertEquals(Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR, e.subcode());
    }

    @Test
    void as4PathDropsConfedSegmentsAndReconciles() throws Exception {
        // AS4_PATH with an AS_CONFED_SEQUENCE (65010) then AS_SEQUENCE 4200000000 65002 (RFC 6793 §6: drop the confed part)
        String hex = "C01110 0301 0000FDF2 02 02 FA56EA00 0000FDEA";
        AsPath as4 = decode(hex, c -> As4Path.decode(c.buffer(), c.valueOffset(), c.valueLength()));
        assertEquals("4200000000 65002", as4.toString());
        AsPath asPath = AsPath.parse("65001 23456 65002");
        assertEquals("65001 4200000000 65002", As4Path.reconcile(asPath, as4).toString());
        assertEquals("C0110A0202FA56EA000000FDEA", encode(out -> As4Path.write(out, as4)));
    }

    @Test
    void unknownAttributePassesOnWithPartial() throws Exception {
        String hex = "C0FE04DEADBEEF";
        UnknownAttribute u = decode(hex, UnknownAttribute::copyOf);
        assertTrue(u.shouldForward());
        assertEquals(hex, encode(u::write));
        assertEquals("E0FE04DEADBEEF", encode(u.forwarded()::write));
        UnknownAttribute nonTransitive = decode("80FD0101", UnknownAttribute::copyOf);
        assertFalse(nonTransitive.shouldForward());
    }

    @Test
    void extendedLengthIsChosenOnlyWhenNeeded() throws Exception {
        // RFC 4271 §4.3: a 300-octet value needs the 2-octet length
        UnknownAttribute big = UnknownAttribute.of(0xC0, 99, new byte[300]);
        String hex = encode(big::write);
        assertTrue(hex.startsWith("D063012C"));
        UnknownAttribute back = decode(hex, UnknownAttribute::copyOf);
        assertEquals(big, back);
        // received with extended length although short: read correctly
        assertEquals(100L, (long) decode("5005000400000064", c -> {
            assertTrue(c.isExtendedLength());
            return LocalPref.read(c.buffer(), c.valueOffset(), c.valueLength());
        }));
    }
}
