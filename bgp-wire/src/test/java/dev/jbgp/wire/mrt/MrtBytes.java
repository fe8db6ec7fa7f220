package dev.jbgp.wire.mrt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/**
 * Builds MRT bytes by hand from the RFC 6396 / RFC 8050 layouts, for tests. Addresses are from
 * 127.0.0.0/8 (IPv6 ones are IPv4-mapped 127 addresses).
 */
final class MrtBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** 127.0.0.1 as an {@code int}. */
    static final int LOOPBACK_1 = 0x7F000001;
    /** 127.0.0.2 as an {@code int}. */
    static final int LOOPBACK_2 = 0x7F000002;

    /** Appends a record: the 12-octet header (RFC 6396 §2) then {@code body}. */
    MrtBytes record(long timestamp, int type, int subtype, byte[] body) {
        Body h = new Body().u32(timestamp).u16(type).u16(subtype).u32(body.length).bytes(body);
        out.writeBytes(h.toByteArray());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    /** IPv4-mapped IPv6 ::ffff:127.0.0.n (RFC 4291 §2.5.5.2) as 16 octets. */
    static byte[] mapped(int n) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, (byte) n};
    }

    /** A big-endian field writer for record bodies. */
    static final class Body {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Body u8(int v) {
            b.write(v);
            return this;
        }

        Body u16(int v) {
            b.write(v >>> 8);
            b.write(v);
            return this;
        }

        Body u32(long v) {
            u16((int) (v >>> 16));
            u16((int) v);
            return this;
        }

        Body bytes(byte... v) {
            b.writeBytes(v);
            return this;
        }

        byte[] toByteArray() {
            return b.toByteArray();
        }
    }

    /** Minimal attributes: ORIGIN IGP and an AS_SEQUENCE of the given 4-octet ASes. */
    static byte[] attributes4(long... path) {
        Body a = new Body().u8(0x40).u8(1).u8(1).u8(0);
        a.u8(0x40).u8(2).u8(2 + 4 * path.length).u8(2).u8(path.length);
        for (long as : path) {
            a.u32(as);
        }
        return a.toByteArray();
    }

    /** A PEER_INDEX_TABLE: peer 0 IPv4 127.0.0.1 AS 65001 (2 octets), peer 1 ::ffff:127.0.0.2 AS 4200000001. */
    static byte[] peerIndexTable() {
        return new Body().u32(LOOPBACK_1).u16(4).bytes("test".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .u16(2)
                .u8(0).u32(LOOPBACK_1).u32(LOOPBACK_1).u16(65001)
                .u8(3).u32(LOOPBACK_2).bytes(mapped(2)).u32(4200000001L)
                .toByteArray();
    }

    /** RIB_IPV4_UNICAST for 127.1.0.0/16 with two entries (peers 0 and 1). */
    static byte[] ribIpv4() {
        byte[] a0 = attributes4(65001, 65002);
        byte[] a1 = attributes4(4200000001L);
        return new Body().u32(7).u8(16).u8(127).u8(1).u16(2)
                .u16(0).u32(1000).u16(a0.length).bytes(a0)
                .u16(1).u32(2000).u16(a1.length).bytes(a1)
                .toByteArray();
    }

    /** RIB_IPV6_UNICAST_ADDPATH for ::ffff:127.0.0.0/104 with one entry of path id 42 (peer 1). */
    static byte[] ribIpv6AddPath() {
        byte[] a = attributes4(4200000001L);
        return new Body().u32(8).u8(104).bytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127}).u16(1)
                .u16(1).u32(3000).u32(42).u16(a.length).bytes(a)
                .toByteArray();
    }

    /** A KEEPALIVE (RFC 4271 §4.4). */
    static byte[] keepalive() {
        Body m = new Body();
        for (int i = 0; i < 16; i++) {
            m.u8(0xFF);
        }
        return m.u16(19).u8(4).toByteArray();
    }

    /** BGP4MP MESSAGE_AS4 body: peer AS 4200000001, local AS 65000, ifindex 3, IPv4 127.0.0.2 -> 127.0.0.1. */
    static byte[] messageAs4(byte[] message) {
        return new Body().u32(4200000001L).u32(65000).u16(3).u16(1).u32(LOOPBACK_2).u32(LOOPBACK_1).bytes(message)
                .toByteArray();
    }

    /** BGP4MP MESSAGE body (2-octet ASes): peer AS 65001, local AS 65000, IPv6 mapped addresses. */
    static byte[] message2(byte[] message) {
        return new Body().u16(65001).u16(65000).u16(0).u16(2).bytes(mapped(2)).bytes(mapped(1)).bytes(message)
                .toByteArray();
    }

    /** BGP4MP STATE_CHANGE_AS4 body: AS 4200000001, IPv4, OpenConfirm (5) -> Established (6). */
    static byte[] stateChangeAs4() {
        return new Body().u32(4200000001L).u32(65000).u16(0).u16(1).u32(LOOPBACK_2).u32(LOOPBACK_1).u16(5).u16(6)
                .toByteArray();
    }

    /** TABLE_DUMP AFI_IPv4 body: 127.2.0.0/15 written with a host bit set (127.3), peer 127.0.0.2 AS 65002. */
    static byte[] tableDumpIpv4() {
        byte[] a = new Body().u8(0x40).u8(1).u8(1).u8(0).u8(0x40).u8(2).u8(4).u8(2).u8(1).u16(65002).toByteArray();
        return new Body().u16(0).u16(9).u8(127).u8(3).u8(0).u8(0).u8(15).u8(1).u32(4000).u32(LOOPBACK_2).u16(65002)
                .u16(a.length).bytes(a).toByteArray();
    }

    /** A small file with one record of every understood kind, and one skipped record. */
    static byte[] sample() {
        return new MrtBytes()
                .record(100, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.PEER_INDEX_TABLE, peerIndexTable())
                .record(101, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV4_UNICAST, ribIpv4())
                .record(102, MrtTypes.TABLE_DUMP_V2, MrtTypes.TableDumpV2.RIB_IPV6_UNICAST_ADDPATH, ribIpv6AddPath())
                .record(103, 11, 0, new byte[] {1, 2, 3}) // OSPFv2: skipped
                .record(104, MrtTypes.BGP4MP_ET, MrtTypes.Bgp4mp.MESSAGE_AS4,
                        new Body().u32(123456).bytes(messageAs4(keepalive())).toByteArray())
                .record(105, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.MESSAGE, message2(keepalive()))
                .record(106, MrtTypes.BGP4MP, MrtTypes.Bgp4mp.STATE_CHANGE_AS4, stateChangeAs4())
                .record(107, MrtTypes.TABLE_DUMP, MrtTypes.TableDump.AFI_IPV4, tableDumpIpv4())
                .toByteArray();
    }
}
