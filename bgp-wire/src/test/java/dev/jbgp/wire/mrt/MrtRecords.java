package dev.jbgp.wire.mrt;

import io.netty.buffer.ByteBuf;

/** Test helper: reads every field of a record, so robustness tests exercise every accessor. */
final class MrtRecords {

    private MrtRecords() {
    }

    /** Touches every accessor of {@code record}; returns a checksum so nothing is optimised away. */
    static long touch(MrtRecord record) {
        long sum = record.timestamp() + record.microseconds() + record.type() + record.subtype() + record.offset();
        if (record instanceof PeerIndexTable t) {
            sum += t.collectorBgpId() + t.viewName().length();
            for (MrtPeer p : t.peers()) {
                sum += p.index() + p.bgpId() + p.asn() + p.address().hashCode() + (p.ipv6() ? 1 : 0) + (p.fourOctetAs() ? 1 : 0);
            }
        } else if (record instanceof RibRecord rib) {
            sum += rib.afi() + rib.safi() + rib.sequence() + rib.prefixLength() + rib.prefix().hashCode() + rib.entryCount();
            for (int i = 0; i < rib.entryCount(); i++) {
                sum += rib.peerIndex(i) + rib.peer(i).asn() + rib.originatedTime(i) + rib.pathId(i) + bytes(rib.attributes(i));
            }
        } else if (record instanceof Bgp4mpMessage m) {
            sum += m.peerAs() + m.localAs() + m.interfaceIndex() + m.afi() + m.peerAddress().hashCode()
                    + m.localAddress().hashCode() + m.messageType() + bytes(m.message())
                    + (m.fourOctetAs() ? 1 : 0) + (m.local() ? 2 : 0) + (m.addPath() ? 4 : 0);
        } else if (record instanceof Bgp4mpStateChange s) {
            sum += s.hashCode();
        } else if (record instanceof TableDumpRecord td) {
            sum += td.afi() + td.viewNumber() + td.sequence() + td.prefix().hashCode() + td.status()
                    + td.originatedTime() + td.peerAddress().hashCode() + td.peerAs() + bytes(td.attributes());
        }
        return sum + record.toString().length();
    }

    private static long bytes(ByteBuf b) {
        long sum = b.readableBytes();
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            sum += b.getByte(i);
        }
        return sum;
    }
}
