package dev.jbgp.wire.mrt;

import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;

/**
 * A TABLE_DUMP_V2 RIB record for one prefix (RFC 6396 §4.3.2): RIB_IPV4_UNICAST, RIB_IPV6_UNICAST, the
 * multicast twins, and the ADD-PATH variants of RFC 8050 §4.1 whose entries carry a Path Identifier.
 * A reusable flyweight over the reader's buffer, valid until the next {@link MrtReader#next()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Sequence Number                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Prefix Length |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Prefix (variable)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Entry Count           |  RIB Entries (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * RIB Entry (RFC 6396 §4.3.4; the Path Identifier only in the ADDPATH subtypes, RFC 8050 §4.1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Peer Index            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Originated Time                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        [Path Identifier]                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Attribute Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    BGP Attributes... (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Attribute blocks differ from an UPDATE's</b> (RFC 6396 §4.3.4): AS numbers in AS_PATH and
 * AGGREGATOR are always 4 octets, whatever the peer negotiated; and an MP_REACH_NLRI attribute holds
 * only the Next Hop Length and Next Hop fields — no AFI, SAFI, reserved octet or NLRI (the prefix is
 * this record's). Decode them with a 4-octet-AS context and read MP_REACH_NLRI accordingly.
 *
 * <p>The reader validates the whole record before handing it out, so no accessor here throws for
 * malformed input. Entry accessors take an index {@code 0 <= i < entryCount()}.
 */
public final class RibRecord extends FlyweightRecord implements MrtRecord {

    private static final int SEQUENCE = 0;
    private static final int PREFIX_LENGTH = 4;
    private static final int PREFIX = 5;

    private int afi;
    private int safi;
    private boolean addPath;
    private int prefixLength;
    private List<MrtPeer> peers = List.of();
    /** Absolute buffer index of each entry's Peer Index field. */
    private int[] entries = new int[16];
    private int entryCount;

    RibRecord() {
    }

    /** Points this flyweight at a RIB body and validates it against the peer table. */
    void wrap(ByteBuf buf, int start, int end, long timestamp, int type, int subtype, long offset,
              PeerIndexTable peerTable) throws MrtFormatException {
        header(buf, start, end, timestamp, 0, type, subtype, offset);
        switch (subtype) {
            case MrtTypes.TableDumpV2.RIB_IPV4_UNICAST: family(Afi.IPV4, Safi.UNICAST, false); break;
            case MrtTypes.TableDumpV2.RIB_IPV4_MULTICAST: family(Afi.IPV4, Safi.MULTICAST, false); break;
            case MrtTypes.TableDumpV2.RIB_IPV6_UNICAST: family(Afi.IPV6, Safi.UNICAST, false); break;
            case MrtTypes.TableDumpV2.RIB_IPV6_MULTICAST: family(Afi.IPV6, Safi.MULTICAST, false); break;
            case MrtTypes.TableDumpV2.RIB_IPV4_UNICAST_ADDPATH: family(Afi.IPV4, Safi.UNICAST, true); break;
            case MrtTypes.TableDumpV2.RIB_IPV4_MULTICAST_ADDPATH: family(Afi.IPV4, Safi.MULTICAST, true); break;
            case MrtTypes.TableDumpV2.RIB_IPV6_UNICAST_ADDPATH: family(Afi.IPV6, Safi.UNICAST, true); break;
            case MrtTypes.TableDumpV2.RIB_IPV6_MULTICAST_ADDPATH: family(Afi.IPV6, Safi.MULTICAST, true); break;
            default: throw new IllegalArgumentException("not an AFI/SAFI-specific RIB subtype: " + subtype);
        }
        if (peerTable == null) {
            throw malformed("RIB record before any PEER_INDEX_TABLE (RFC 6396 §4.3 requires it first)");
        }
        peers = peerTable.peers();
        require(start, PREFIX, "sequence number and prefix length");
        prefixLength = buf.getUnsignedByte(start + PREFIX_LENGTH);
        int maxBits = afi == Afi.IPV4 ? 32 : 128;
        if (prefixLength > maxBits) {
            throw malformed("prefix length " + prefixLength + " exceeds " + maxBits);
        }
        int index = start + PREFIX + ((prefixLength + 7) >>> 3);
        require(start + PREFIX, index - start - PREFIX, "prefix");
        require(index, 2, "entry count");
        int count = buf.getUnsignedShort(index);
        index += 2;
        if (entries.length < count) {
            entries = Arrays.copyOf(entries, Math.max(count, entries.length * 2));
        }
        int fixed = addPath ? 12 : 8;
        for (int i = 0; i < count; i++) {
            require(index, fixed, "RIB entry " + i + " of " + count);
            int peerIndex = buf.getUnsignedShort(index);
            if (peerIndex >= peers.size()) {
                throw malformed("RIB entry " + i + " names peer index " + peerIndex + " but the PEER_INDEX_TABLE has "
                        + peers.size() + " peers");
            }
            int attributeLength = buf.getUnsignedShort(index + fixed - 2);
            require(index + fixed, attributeLength, "attributes of RIB entry " + i);
            entries[i] = index;
            index += fixed + attributeLength;
        }
        entryCount = count;
        if (index != end) {
            throw malformed((end - index) + " octets after the last RIB entry");
        }
    }

    private void family(int afi, int safi, boolean addPath) {
        this.afi = afi;
        this.safi = safi;
        this.addPath = addPath;
    }

    /** The AFI of the prefix ({@code Afi.IPV4} or {@code Afi.IPV6}). */
    public int afi() {
        return afi;
    }

    /** The SAFI ({@code Safi.UNICAST} or {@code Safi.MULTICAST}). */
    public int safi() {
        return safi;
    }

    /** Whether this is an ADDPATH subtype, whose entries carry {@link #pathId(int)} (RFC 8050). */
    public boolean addPath() {
        return addPath;
    }

    /** The Sequence Number (unsigned 32 bits), incremented per RIB record in a dump. */
    public long sequence() {
        return buf().getUnsignedInt(start + SEQUENCE);
    }

    /** The prefix length in bits. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The prefix, with any bits past its length cleared. Allocates a small value. */
    public Prefix prefix() {
        return MrtFields.prefix(buf(), start + PREFIX, afi, prefixLength);
    }

    /** The number of RIB entries (paths) for the prefix. */
    public int entryCount() {
        return entryCount;
    }

    /** The Peer Index of entry {@code i}: its position in the {@link PeerIndexTable}. */
    public int peerIndex(int i) {
        return buf().getUnsignedShort(entry(i));
    }

    /** The peer of entry {@code i}, from the PEER_INDEX_TABLE that preceded this record. */
    public MrtPeer peer(int i) {
        return peers.get(peerIndex(i));
    }

    /** The Originated Time of entry {@code i}: seconds since the epoch (unsigned 32 bits). */
    public long originatedTime(int i) {
        return buf().getUnsignedInt(entry(i) + 2);
    }

    /** The Path Identifier of entry {@code i} (unsigned 32 bits), or 0 when not {@link #addPath()}. */
    public long pathId(int i) {
        return addPath ? buf().getUnsignedInt(entry(i) + 6) : 0L;
    }

    /**
     * The BGP path attributes of entry {@code i} as a slice of the reader's buffer (read index 0 at the
     * first attribute's flags). Not retained: valid until the next {@link MrtReader#next()}; call
     * {@code retain()} (and later {@code release()}) or copy to keep it. See the class javadoc for how
     * these attributes differ from an UPDATE's.
     */
    public ByteBuf attributes(int i) {
        int index = entry(i);
        int fixed = addPath ? 12 : 8;
        return buf().slice(index + fixed, buf.getUnsignedShort(index + fixed - 2));
    }

    private int entry(int i) {
        if (i < 0 || i >= entryCount) {
            throw new IndexOutOfBoundsException("RIB entry " + i + " of " + entryCount);
        }
        return entries[i];
    }

    @Override
    public String toString() {
        return "RibRecord{" + (buf == null ? "stale" : prefix() + ", " + entryCount + " entries") + "}";
    }
}
