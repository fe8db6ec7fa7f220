package dev.jbgp.wire.mrt;

import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.jbgp.wire.mrt.MrtBytes.Body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader on hand-made records written from the RFC 6396 / RFC 8050 layouts. */
class MrtReaderTest {

    private static MrtReader reader(byte[] bytes) throws IOException {
        return MrtReader.open(new ByteArrayInputStream(bytes));
    }

    private static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text); // literals only: no lookup
    }

    @Test
    void readsEveryKindOfRecordInTheSample() throws IOException {
        try (MrtReader r = reader(MrtBytes.sample())) {
            assertTrue(r.next());
            PeerIndexTable table = assertInstanceOf(PeerIndexTable.class, r.record());
            assertEquals(100, table.timestamp());
            assertEquals(MrtBytes.LOOPBACK_1, table.collectorBgpId());
            assertEquals("test", table.viewName());
            assertEquals(2, table.peers().size());
            MrtPeer p0 = table.peers().get(0);
            assertEquals(new MrtPeer(0, 0, MrtBytes.LOOPBACK_1, ip("127.0.0.1"), 65001), p0);
            assertFalse(p0.ipv6());
            assertFalse(p0.fourOctetAs());
            MrtPeer p1 = table.peers().get(1);
            assertTrue(p1.ipv6());
            assertTrue(p1.fourOctetAs());
            assertEquals(4200000001L, p1.asn());
            // an IPv4-mapped address is kept as the IPv6 address that was written
            assertInstanceOf(Inet6Address.class, p1.address());
            assertArrayEquals(MrtBytes.mapped(2), p1.address().getAddress());
            assertEquals(table, r.peerIndexTable().orElseThrow());

            assertTrue(r.next());
            RibRecord rib = assertInstanceOf(RibRecord.class, r.record());
            assertEquals(101, rib.timestamp());
            assertEquals(MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, rib.subtype());
            assertEquals(Afi.IPV4, rib.afi());
            assertEquals(Safi.UNICAST, rib.safi());
            assertFalse(rib.addPath());
            assertEquals(7, rib.sequence());
            assertEquals(Prefix.parse("127.1.0.0/16"), rib.prefix());
            assertEquals(2, rib.entryCount());
            assertEquals(0, rib.peerIndex(0));
            assertEquals(p0, rib.peer(0));
            assertEquals(1000, rib.originatedTime(0));
            assertEquals(0, rib.pathId(0));
            assertArrayEquals(MrtBytes.attributes4(65001, 65002), ByteBufUtil.getBytes(rib.attributes(0)));
            assertEquals(p1, rib.peer(1));
            assertEquals(2000, rib.originatedTime(1));
            assertArrayEquals(MrtBytes.attributes4(4200000001L), ByteBufUtil.getBytes(rib.attributes(1)));
            assertEquals("65001 65002", BgpdumpLines.asPath(rib.attributes(0), true));
            assertThrows(IndexOutOfBoundsException.class, () -> rib.peerIndex(2));

            assertTrue(r.next());
            assertSame(rib, r.record()); // the flyweight is reused
            assertEquals(MrtTypes.TableDumpV2.RIB_IPV6_UNICAST_ADDPATH, rib.subtype());
            assertEquals(Afi.IPV6, rib.afi());
            assertTrue(rib.addPath());
            assertEquals(Prefix.parse("::ffff:127.0.0.0/104"), rib.prefix());
            assertEquals(1, rib.entryCount());
            assertEquals(p1, rib.peer(0));
            assertEquals(3000, rib.originatedTime(0));
            assertEquals(42, rib.pathId(0));
            assertEquals("4200000001", BgpdumpLines.asPath(rib.attributes(0), true));

            assertTrue(r.next()); // the OSPFv2 record in between is skipped
            Bgp4mpMessage et = assertInstanceOf(Bgp4mpMessage.class, r.record());
            assertEquals(1, r.skippedRecords());
            assertEquals(MrtTypes.BGP4MP_ET, et.type());
            assertEquals(104, et.timestamp());
            assertEquals(123456, et.microseconds());
            assertEquals(4200000001L, et.peerAs());
            assertEquals(65000, et.localAs());
            assertEquals(3, et.interfaceIndex());
            assertEquals(Afi.IPV4, et.afi());
            assertEquals(ip("127.0.0.2"), et.peerAddress());
            assertEquals(ip("127.0.0.1"), et.localAddress());
            assertTrue(et.fourOctetAs());
            assertFalse(et.addPath());
            assertFalse(et.local());
            assertEquals(4, et.messageType());
            assertArrayEquals(MrtBytes.keepalive(), ByteBufUtil.getBytes(et.message()));

            assertTrue(r.next());
            Bgp4mpMessage m = assertInstanceOf(Bgp4mpMessage.class, r.record());
            assertEquals(MrtTypes.BGP4MP, m.type());
            assertEquals(0, m.microseconds());
            assertFalse(m.fourOctetAs());
            assertEquals(65001, m.peerAs());
            assertEquals(65000, m.localAs());
            assertEquals(Afi.IPV6, m.afi());
            assertArrayEquals(MrtBytes.mapped(2), m.peerAddress().getAddress());
            assertArrayEquals(MrtBytes.mapped(1), m.localAddress().getAddress());
            assertArrayEquals(MrtBytes.keepalive(), ByteBufUtil.getBytes(m.message()));

            assertTrue(r.next());
            Bgp4mpStateChange sc = assertInstanceOf(Bgp4mpStateChange.class, r.record());
            assertEquals(new Bgp4mpStateChange(106, 0, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE_AS4, sc.offset(),
                    4200000001L, 65000, 0, Afi.IPV4, ip("127.0.0.2"), ip("127.0.0.1"), 5, 6), sc);
            assertTrue(sc.fourOctetAs());

            assertTrue(r.next());
            TableDumpRecord td = assertInstanceOf(TableDumpRecord.class, r.record());
            assertEquals(0, td.viewNumber());
            assertEquals(9, td.sequence());
            assertEquals(Afi.IPV4, td.afi());
            assertEquals(15, td.prefixLength());
            assertEquals(Ipv4Prefix.parse("127.2.0.0/15"), td.prefix()); // host bit of 127.3 cleared
            assertEquals(1, td.status());
            assertEquals(4000, td.originatedTime());
            assertEquals(ip("127.0.0.2"), td.peerAddress());
            assertEquals(65002, td.peerAs());
            assertEquals("65002", BgpdumpLines.asPath(td.attributes(), false));

            assertFalse(r.next());
            assertFalse(r.next());
            assertEquals(7, r.recordsRead());
            assertEquals(1, r.skippedRecords());
            assertEquals(MrtBytes.sample().length, r.position());
        }
    }

    private static void assertSame(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertSame(expected, actual);
    }

    @Test
    void recordOffsetsPointAtTheirHeaders() throws IOException {
        byte[] bytes = MrtBytes.sample();
        try (MrtReader r = reader(bytes)) {
            while (r.next()) {
                int at = (int) r.record().offset();
                long timestamp = ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFF) << 16)
                        | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                assertEquals(r.record().timestamp(), timestamp);
                assertEquals(r.record().type(), ((bytes[at + 4] & 0xFF) << 8) | (bytes[at + 5] & 0xFF));
            }
        }
    }

    @Test
    void addPathAndLocalSubtypesOfBgp4mpSayWhatTheyAre() throws IOException {
        byte[] body = MrtBytes.messageAs4(MrtBytes.keepalive());
        byte[] bytes = new MrtBytes()
                .record(1, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL_ADDPATH, body)
                .record(2, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_LOCAL, MrtBytes.message2(MrtBytes.keepalive()))
                .record(3, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_ADDPATH, MrtBytes.message2(MrtBytes.keepalive()))
                .toByteArray();
        try (MrtReader r = reader(bytes)) {
            assertTrue(r.next());
            Bgp4mpMessage m = (Bgp4mpMessage) r.record();
            assertTrue(m.fourOctetAs() && m.local() && m.addPath());
            assertTrue(r.next());
            assertTrue(!m.fourOctetAs() && m.local() && !m.addPath());
            assertTrue(r.next());
            assertTrue(!m.fourOctetAs() && !m.local() && m.addPath());
            assertFalse(r.next());
        }
    }

    @Test
    void stateChangeWithTwoOctetAs() throws IOException {
        byte[] body = new Body().u16(65001).u16(65000).u16(7).u16(2).bytes(MrtBytes.mapped(2)).bytes(MrtBytes.mapped(1))
                .u16(1).u16(2).toByteArray();
        try (MrtReader r = reader(new MrtBytes().record(9, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE, body)
                .toByteArray())) {
            assertTrue(r.next());
            Bgp4mpStateChange sc = (Bgp4mpStateChange) r.record();
            assertFalse(sc.fourOctetAs());
            assertEquals(65001, sc.peerAs());
            assertEquals(7, sc.interfaceIndex());
            assertEquals(Afi.IPV6, sc.afi());
            assertEquals(1, sc.oldState());
            assertEquals(2, sc.newState());
        }
    }

    @Test
    void tableDumpIpv6() throws IOException {
        byte[] attrs = {0x40, 1, 1, 0};
        byte[] body = new Body().u16(0).u16(1).bytes(MrtBytes.mapped(0)).u8(120).u8(1).u32(5)
                .bytes(MrtBytes.mapped(3)).u16(65003).u16(attrs.length).bytes(attrs).toByteArray();
        try (MrtReader r = reader(new MrtBytes().record(9, MrtTypes.TABLE_DUMP, MrtTypes.TableDump.AFI_IPV6, body)
                .toByteArray())) {
            assertTrue(r.next());
            TableDumpRecord td = (TableDumpRecord) r.record();
            assertEquals(Afi.IPV6, td.afi());
            assertEquals(Prefix.parse("::ffff:127.0.0.0/120"), td.prefix());
            assertArrayEquals(MrtBytes.mapped(3), td.peerAddress().getAddress());
            assertEquals(65003, td.peerAs());
            assertArrayEquals(attrs, ByteBufUtil.getBytes(td.attributes()));
        }
    }

    @Test
    void unknownTypesAndSubtypesAreSkippedAndCounted() throws IOException {
        byte[] bytes = new MrtBytes()
                .record(1, 11, 0, new byte[5]) // OSPFv2
                .record(2, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_GENERIC, new byte[9])
                .record(3, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_GENERIC_ADDPATH, new byte[0])
                .record(4, MrtTypes.BGP4MP, 2, new byte[3]) // BGP4MP_ENTRY, not in RFC 6396
                .record(5, MrtTypes.TABLE_DUMP, 3, new byte[1])
                .record(6, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE_AS4, MrtBytes.stateChangeAs4())
                .record(7, 65535, 65535, new byte[70000])
                .toByteArray();
        try (MrtReader r = reader(bytes)) {
            assertTrue(r.next());
            assertEquals(6, r.record().timestamp());
            assertEquals(5, r.skippedRecords());
            assertFalse(r.next());
            assertEquals(6, r.skippedRecords());
            assertEquals(1, r.recordsRead());
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicNotItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dump.mrt"); // no .gz suffix on purpose
        Files.write(file, MrtBytes.gzip(MrtBytes.sample()));
        Path plain = dir.resolve("dump.gz"); // and a plain file with a misleading one
        Files.write(plain, MrtBytes.sample());
        for (Path p : new Path[] {file, plain}) {
            try (MrtReader r = MrtReader.open(p)) {
                int n = 0;
                while (r.next()) {
                    n++;
                }
                assertEquals(7, n, p.toString());
                assertEquals(MrtBytes.sample().length, r.position());
            }
        }
    }

    @Test
    void shortReadsFromTheStreamAreJoined() throws IOException {
        InputStream trickle = new ByteArrayInputStream(MrtBytes.sample()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1)); // one octet per call, as a slow socket might
            }
        };
        try (MrtReader r = MrtReader.open(trickle)) {
            int n = 0;
            while (r.next()) {
                MrtRecords.touch(r.record());
                n++;
            }
            assertEquals(7, n);
        }
    }

    @Test
    void concatenatedGzipMembersAreOneStream() throws IOException {
        byte[] a = MrtBytes.gzip(MrtBytes.sample());
        byte[] both = Arrays.copyOf(a, 2 * a.length);
        System.arraycopy(a, 0, both, a.length, a.length);
        try (MrtReader r = reader(both)) {
            int n = 0;
            while (r.next()) {
                n++;
            }
            assertEquals(14, n);
        }
    }

    @Test
    void bodiesLargerThanOneReadChunkArriveWhole() throws IOException {
        byte[] message = new byte[600_000]; // larger than the reader's 256 KiB read chunk, twice over
        new java.util.Random(6396).nextBytes(message);
        Arrays.fill(message, 0, 16, (byte) 0xFF);
        message[18] = 2;
        byte[] bytes = new MrtBytes()
                .record(1, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE_AS4, MrtBytes.stateChangeAs4())
                .record(2, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4, MrtBytes.messageAs4(message))
                .record(3, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4, MrtBytes.messageAs4(MrtBytes.keepalive()))
                .toByteArray();
        try (MrtReader r = reader(bytes)) {
            assertTrue(r.next());
            assertTrue(r.next());
            assertArrayEquals(message, ByteBufUtil.getBytes(((Bgp4mpMessage) r.record()).message()));
            assertTrue(r.next());
            assertArrayEquals(MrtBytes.keepalive(), ByteBufUtil.getBytes(((Bgp4mpMessage) r.record()).message()));
            assertFalse(r.next());
        }
    }

    @Test
    void bzip2IsRefusedWithAClearMessage() {
        IOException e = assertThrows(IOException.class, () -> reader(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41}));
        assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
    }

    @Test
    void emptyStreamHasNoRecords() throws IOException {
        try (MrtReader r = reader(new byte[0])) {
            assertFalse(r.next());
            assertThrows(IllegalStateException.class, r::record);
        }
    }

    @Test
    void truncatedHeaderIsAFormatErrorAtItsOffset() throws IOException {
        byte[] sample = MrtBytes.sample();
        byte[] bytes = Arrays.copyOf(sample, sample.length + 5); // 5 octets of a next header
        try (MrtReader r = reader(bytes)) {
            for (int i = 0; i < 7; i++) {
                assertTrue(r.next());
            }
            MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
            assertEquals(sample.length, e.offset());
            assertTrue(e.getMessage().contains("record header"), e.getMessage());
            assertFalse(r.next());
        }
    }

    @Test
    void truncatedBodyIsAFormatErrorAtItsOffset() throws IOException {
        byte[] table = new MrtBytes().record(100, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.PEER_INDEX_TABLE,
                MrtBytes.peerIndexTable()).toByteArray();
        byte[] sample = MrtBytes.sample();
        try (MrtReader r = reader(Arrays.copyOf(sample, table.length + 20))) {
            assertTrue(r.next());
            MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
            assertEquals(table.length, e.offset());
            assertTrue(e.getMessage().contains("record body"), e.getMessage());
            assertFalse(r.next());
        }
    }

    @Test
    void truncatedGzipIsAFormatError() throws IOException {
        byte[] gz = MrtBytes.gzip(MrtBytes.sample());
        try (MrtReader r = reader(Arrays.copyOf(gz, gz.length - 12))) {
            assertThrows(MrtFormatException.class, () -> {
                while (r.next()) {
                    r.record();
                }
            });
        }
    }

    @Test
    void malformedBodyIsReportedAndReadingContinues() throws IOException {
        byte[] badPrefix = MrtBytes.ribIpv4();
        badPrefix[4] = 33; // prefix length past 32
        byte[] badAfi = MrtBytes.messageAs4(MrtBytes.keepalive());
        badAfi[11] = 3; // AFI 3
        byte[] bytes = new MrtBytes()
                .record(1, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, MrtBytes.ribIpv4()) // no peer table yet
                .record(2, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.PEER_INDEX_TABLE, MrtBytes.peerIndexTable())
                .record(3, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, badPrefix)
                .record(4, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4, badAfi)
                .record(5, MrtTypes.BGP4MP_ET, MrtTypes.Bgp4mp.MESSAGE_AS4, new byte[3])
                .record(6, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4, MrtBytes.messageAs4(new byte[18]))
                .record(7, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, MrtBytes.ribIpv4())
                .toByteArray();
        try (MrtReader r = reader(bytes)) {
            assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("PEER_INDEX_TABLE"));
            assertTrue(r.next());
            assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("prefix length 33"));
            assertThrows(IllegalStateException.class, r::record);
            assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("address family 3"));
            assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("microsecond"));
            assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("BGP message header"));
            assertTrue(r.next());
            assertEquals(7, r.record().timestamp());
            assertFalse(r.next());
        }
    }

    @Test
    void ribEntryNamingAMissingPeerIsAFormatError() throws IOException {
        byte[] rib = MrtBytes.ribIpv4();
        byte[] onePeer = new Body().u32(1).u16(0).u16(1).u8(0).u32(MrtBytes.LOOPBACK_1).u32(MrtBytes.LOOPBACK_1)
                .u16(65001).toByteArray();
        byte[] bytes = new MrtBytes()
                .record(1, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.PEER_INDEX_TABLE, onePeer)
                .record(2, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, rib)
                .toByteArray();
        try (MrtReader r = reader(bytes)) {
            assertTrue(r.next());
            MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
            assertTrue(e.getMessage().contains("peer index 1"), e.getMessage());
        }
    }

    @Test
    void recordsOverTheLimitAreSkippedWithAnError() throws IOException {
        byte[] big = new byte[1000];
        byte[] bytes = new MrtBytes()
                .record(1, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE_AS4, big)
                .record(2, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE_AS4, MrtBytes.stateChangeAs4())
                .toByteArray();
        try (MrtReader r = MrtReader.open(new ByteArrayInputStream(bytes), 999)) {
            MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
            assertEquals(0, e.offset());
            assertTrue(e.getMessage().contains("exceeds the limit of 999"), e.getMessage());
            assertTrue(r.next());
            assertEquals(2, r.record().timestamp());
        }
    }

    @Test
    void aLyingLengthDoesNotAllocateWhatItPromises() throws IOException {
        byte[] header = new Body().u32(1).u16(MrtTypes.BGP4MP).u16(MrtTypes.Bgp4mp.MESSAGE_AS4).u32(16_000_000)
                .bytes(new byte[100]).toByteArray();
        try (MrtReader r = reader(header)) {
            MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
            assertTrue(e.getMessage().contains("100 of 16000000"), e.getMessage());
        }
    }

    @Test
    void staleFlyweightsRefuseToReadAfterNext() throws IOException {
        try (MrtReader r = reader(MrtBytes.sample())) {
            assertThrows(IllegalStateException.class, r::record);
            r.next();
            r.next();
            RibRecord rib = (RibRecord) r.record();
            r.next();
            r.next();
            assertThrows(IllegalStateException.class, rib::sequence);
            Bgp4mpMessage m = (Bgp4mpMessage) r.record();
            r.close();
            assertThrows(IllegalStateException.class, m::message);
            assertThrows(IllegalStateException.class, r::next);
            r.close(); // idempotent
        }
    }

    @Test
    void aRetainedSliceSurvivesTheNextRecord() throws IOException {
        try (MrtReader r = reader(MrtBytes.sample())) {
            r.next();
            r.next();
            ByteBuf kept = ((RibRecord) r.record()).attributes(0).retain();
            try {
                byte[] before = ByteBufUtil.getBytes(kept);
                while (r.next()) {
                    r.record();
                }
                assertArrayEquals(before, ByteBufUtil.getBytes(kept));
                assertArrayEquals(MrtBytes.attributes4(65001, 65002), before);
            } finally {
                kept.release();
            }
        }
    }

    @Test
    void closeReleasesTheBufferAndLeavesRetainedSlicesToTheirHolder() throws IOException {
        MrtReader r = reader(MrtBytes.sample());
        r.next();
        r.next();
        ByteBuf kept = ((RibRecord) r.record()).attributes(0).retain();
        r.next(); // a fresh buffer for this record: the retained one is left to us
        ByteBuf current = ((RibRecord) r.record()).attributes(0);
        r.close();
        assertEquals(0, current.refCnt(), "close() released the reader's buffer");
        assertEquals(1, kept.refCnt(), "only our reference keeps the retained slice alive");
        assertTrue(kept.release());
    }

    @Test
    void closeClosesTheStream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(MrtBytes.sample()) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        MrtReader r = MrtReader.open(in);
        assertTrue(r.next());
        r.close();
        assertTrue(closed.get());
    }
}
