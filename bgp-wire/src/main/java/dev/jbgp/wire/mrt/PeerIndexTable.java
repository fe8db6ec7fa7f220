package dev.jbgp.wire.mrt;

import java.util.List;
import java.util.Objects;

/**
 * A TABLE_DUMP_V2 PEER_INDEX_TABLE record (RFC 6396 §4.3.1): the collector and the peers that the
 * following RIB records refer to by index. An immutable value; it holds no {@code ByteBuf} and may be
 * kept after the reader moves on ({@link MrtReader#peerIndexTable()} also keeps the latest one).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Collector BGP ID                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       View Name Length        |     View Name (variable)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Peer Count           |    Peer Entries (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param timestamp      header timestamp, seconds since the epoch
 * @param offset         offset of the record header in the uncompressed stream
 * @param collectorBgpId the collector's BGP Identifier (network order in an {@code int})
 * @param viewName       the view name (UTF-8 per RFC 6396), empty when absent
 * @param peers          the peers, {@code peers.get(i).index() == i}
 */
public record PeerIndexTable(long timestamp, long offset, int collectorBgpId, String viewName,
                             List<MrtPeer> peers) implements MrtRecord {

    public PeerIndexTable {
        Objects.requireNonNull(viewName, "viewName");
        peers = List.copyOf(peers);
    }

    @Override
    public int microseconds() {
        return 0;
    }

    @Override
    public int type() {
        return MrtTypes.TABLE_DUMP_V2;
    }

    @Override
    public int subtype() {
        return MrtTypes.TableDumpV2.PEER_INDEX_TABLE;
    }
}
