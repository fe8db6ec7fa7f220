package dev.jbgp.wire.mrt;

import dev.jbgp.testkit.TestData;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The awkward files of bgpdump's own test set, one by one, with what makes each awkward asserted
 * directly (their routes are also compared line by line in {@link MrtTestDataTest}). Addresses and
 * prefixes are taken from bgpdump's decode rather than written here: tests name only 127/8 addresses.
 */
class MrtEdgeCasesTest {

    private static MrtReader open(String file) throws IOException {
        return MrtReader.open(TestData.require("mrt/bgpdump/" + file));
    }

    /** Field {@code field} (0-based) of each of the first {@code n} lines of bgpdump's decode of {@code file}. */
    private static List<String> expected(String file, int n, int field) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader lines = MrtTestDataTest.lines(TestData.require("mrt/bgpdump/expected/" + file + ".bgp.gz"))) {
            for (int i = 0; i < n; i++) {
                out.add(lines.readLine().split("\\|", -1)[field]);
            }
        }
        return out;
    }

    private static final int PEER_IP = 3;
    private static final int PEER_AS = 4;
    private static final int PREFIX = 5;
    private static final int PATH_ID = 6;

    @Test
    void ribRecordLongerThan64KiB() throws IOException {
        try (MrtReader r = open("bview.64k_stream_overflow.gz")) {
            assertTrue(r.next());
            PeerIndexTable table = assertInstanceOf(PeerIndexTable.class, r.record());
            assertEquals(54, table.peers().size());
            assertEquals("", table.viewName());
            assertTrue(r.next());
            RibRecord rib = assertInstanceOf(RibRecord.class, r.record());
            assertEquals(MrtTypes.TableDumpV2.RIB_IPV6_UNICAST, rib.subtype());
            assertEquals(40741, rib.sequence());
            assertEquals(Prefix.parse(expected("bview.64k_stream_overflow.gz", 1, PREFIX).get(0)), rib.prefix());
            assertEquals(23, rib.entryCount());
            long attributeOctets = 0;
            for (int i = 0; i < rib.entryCount(); i++) {
                attributeOctets += rib.attributes(i).readableBytes();
            }
            // the whole record is 69,700 octets: 4 sequence, 1+6 prefix, 2 count, 8 per entry
            assertEquals(69_700 - 4 - 7 - 2 - 8 * 23, attributeOctets);
            assertFalse(r.next());
        }
    }

    @Test
    void updateLongerThan4096OctetsWithdrawing4096Prefixes() throws IOException {
        try (MrtReader r = open("updates.long_withdrawal.gz")) {
            assertTrue(r.next());
            Bgp4mpMessage m = assertInstanceOf(Bgp4mpMessage.class, r.record());
            assertEquals(Afi.IPV6, m.afi());
            assertEquals(expected("updates.long_withdrawal.gz", 1, PEER_IP).get(0), BgpdumpLines.address(m.peerAddress()));
            assertEquals(expected("updates.long_withdrawal.gz", 1, PEER_AS).get(0), Long.toString(m.peerAs()));
            ByteBuf message = m.message();
            assertTrue(message.readableBytes() > 4096, "an RFC 8654 extended message: " + message.readableBytes());
            assertEquals(2, m.messageType());
            List<String> lines = BgpdumpLines.of(m, true);
            assertEquals(4096, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.contains("|W|")));
            assertFalse(r.next());
        }
    }

    @Test
    void nlriWithBitsPastThePrefixLength() throws IOException {
        try (MrtReader r = open("updates.nlri_mask_trailing_bits.gz")) {
            assertTrue(r.next());
            Bgp4mpMessage m = assertInstanceOf(Bgp4mpMessage.class, r.record());
            assertFalse(m.fourOctetAs()); // MESSAGE: the AS_PATH below is read with 2-octet AS numbers
            ByteBuf message = m.message();
            int nlri = message.readableBytes() - 4;
            assertEquals(13, message.getUnsignedByte(nlri));
            assertEquals(0x0d, message.getUnsignedByte(nlri + 2)); // 11.13 under a /13: host bits set
            String prefix = expected("updates.nlri_mask_trailing_bits.gz", 1, PREFIX).get(0);
            assertTrue(prefix.endsWith(".8.0.0/13"), prefix); // bgpdump cleared them too
            List<String> ours = BgpdumpLines.of(m, true);
            assertEquals(1, ours.size());
            assertTrue(ours.get(0).contains("|" + prefix + "|7018 3549 12389 48275 51044"), ours.get(0));
        }
    }

    @Test
    void extendedTimestampsCarryMicroseconds() throws IOException {
        try (MrtReader r = open("updates.et-header.2015.gz")) {
            assertTrue(r.next());
            Bgp4mpStateChange first = assertInstanceOf(Bgp4mpStateChange.class, r.record());
            assertEquals(MrtTypes.BGP4MP_ET, first.type());
            assertEquals(1445565678L, first.timestamp());
            assertEquals(509481, first.microseconds());
            assertEquals(1, first.oldState());
            assertEquals(2, first.newState());
            long previous = first.timestamp() * 1_000_000 + first.microseconds();
            while (r.next()) {
                MrtRecord record = r.record();
                assertEquals(MrtTypes.BGP4MP_ET, record.type());
                assertTrue(record.microseconds() >= 0 && record.microseconds() < 1_000_000);
                long now = record.timestamp() * 1_000_000 + record.microseconds();
                assertTrue(now >= previous, "records are in time order at offset " + record.offset());
                previous = now;
            }
            assertEquals(89686, r.recordsRead());
        }
    }

    @Test
    void addPathRibsCarryPathIdentifiers() throws IOException {
        try (MrtReader r = open("bview.ipv4_unicast_add_path.gz")) {
            assertTrue(r.next());
            assertEquals("master", assertInstanceOf(PeerIndexTable.class, r.record()).viewName());
            assertTrue(r.next());
            RibRecord rib = assertInstanceOf(RibRecord.class, r.record());
            assertEquals(MrtTypes.TableDumpV2.RIB_IPV4_UNICAST_ADDPATH, rib.subtype());
            assertTrue(rib.addPath());
            assertEquals(Prefix.parse(expected("bview.ipv4_unicast_add_path.gz", 1, PREFIX).get(0)), rib.prefix());
            assertEquals(expected("bview.ipv4_unicast_add_path.gz", 2, PATH_ID),
                    List.of(Long.toString(rib.pathId(0)), Long.toString(rib.pathId(1))));
            assertEquals(expected("bview.ipv4_unicast_add_path.gz", 1, PEER_AS).get(0), Long.toString(rib.peer(0).asn()));
        }
        try (MrtReader r = open("bview.ipv6_unicast_add_path.gz")) {
            assertTrue(r.next());
            assertTrue(r.next());
            RibRecord rib = assertInstanceOf(RibRecord.class, r.record());
            assertEquals(MrtTypes.TableDumpV2.RIB_IPV6_UNICAST_ADDPATH, rib.subtype());
            assertEquals(Prefix.parse(expected("bview.ipv6_unicast_add_path.gz", 1, PREFIX).get(0)), rib.prefix());
            assertEquals(expected("bview.ipv6_unicast_add_path.gz", 2, PATH_ID),
                    List.of(Long.toString(rib.pathId(0)), Long.toString(rib.pathId(1))));
            assertEquals(expected("bview.ipv6_unicast_add_path.gz", 1, PEER_IP).get(0),
                    BgpdumpLines.address(rib.peer(0).address()));
        }
    }

    @Test
    void tableDumpVersion1Bview() throws IOException {
        try (MrtReader r = open("bview.20020722.2337.gz")) {
            assertTrue(r.next());
            TableDumpRecord td = assertInstanceOf(TableDumpRecord.class, r.record());
            assertEquals(Prefix.parse(expected("bview.20020722.2337.gz", 1, PREFIX).get(0)), td.prefix());
            assertEquals(expected("bview.20020722.2337.gz", 1, PEER_IP).get(0), BgpdumpLines.address(td.peerAddress()));
            assertEquals(expected("bview.20020722.2337.gz", 1, PEER_AS).get(0), Integer.toString(td.peerAs()));
            assertEquals(expected("bview.20020722.2337.gz", 1, PREFIX + 1).get(0), BgpdumpLines.asPath(td.attributes(), false));
        }
    }
}
