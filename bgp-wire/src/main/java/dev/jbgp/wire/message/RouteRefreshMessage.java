package dev.jbgp.wire.message;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The ROUTE-REFRESH message (RFC 2918 §3) with the RFC 7313 §3.2 Message Subtype.
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Subtype| SAFI |     offset 19, 21, 22
 * +-------+-------+-------+-------+
 * |  ORF entries (RFC 5291, subtype 0 only, optional) ...
 * </pre>
 *
 * Subtypes: 0 normal request, 1 Beginning of Route Refresh (BoRR), 2 End of Route Refresh (EoRR);
 * 3..254 reserved and 255 reserved, which a receiver decodes but must ignore without a NOTIFICATION
 * (RFC 7313 §5) — see {@link #isReservedSubtype()}. Octets after the SAFI (RFC 5291 ORF entries) are
 * kept opaque; jbgp does not apply ORF. Length rules: see {@link BgpFrameDecoder}.
 *
 * <p>An immutable value; nothing here holds a {@code ByteBuf}.
 */
public final class RouteRefreshMessage {

    /** Subtype 0: a normal route refresh request. */
    public static final int NORMAL = 0;
    /** Subtype 1: Beginning of Route Refresh. */
    public static final int BORR = 1;
    /** Subtype 2: End of Route Refresh. */
    public static final int EORR = 2;

    private static final int AFI_OFFSET = 19;
    private static final int SUBTYPE_OFFSET = 21;
    private static final int SAFI_OFFSET = 22;
    private static final byte[] NONE = new byte[0];

    private final int afi;
    private final int subtype;
    private final int safi;
    private final byte[] orfEntries;

    private RouteRefreshMessage(int afi, int subtype, int safi, byte[] orfEntries) {
        if (afi < 0 || afi > 0xFFFF || subtype < 0 || subtype > 0xFF || safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("AFI/subtype/SAFI out of range: " + afi + "/" + subtype + "/" + safi);
        }
        if ((subtype == BORR || subtype == EORR) && orfEntries.length > 0) {
            throw new IllegalArgumentException("BoRR and EoRR carry no ORF entries");
        }
        this.afi = afi;
        this.subtype = subtype;
        this.safi = safi;
        this.orfEntries = orfEntries;
    }

    /** A message with these fields and no ORF entries. */
    public static RouteRefreshMessage of(int afi, int subtype, int safi) {
        return new RouteRefreshMessage(afi, subtype, safi, NONE);
    }

    /** A message with these fields and a copy of {@code orfEntries} (subtype 0 or reserved). */
    public static RouteRefreshMessage of(int afi, int subtype, int safi, byte[] orfEntries) {
        return new RouteRefreshMessage(afi, subtype, safi, orfEntries.length == 0 ? NONE : orfEntries.clone());
    }

    /** A normal route refresh request for {@code family}. */
    public static RouteRefreshMessage request(AddressFamily family) {
        return of(family.afi(), NORMAL, family.safi());
    }

    /** A BoRR for {@code family}. */
    public static RouteRefreshMessage beginning(AddressFamily family) {
        return of(family.afi(), BORR, family.safi());
    }

    /** An EoRR for {@code family}. */
    public static RouteRefreshMessage end(AddressFamily family) {
        return of(family.afi(), EORR, family.safi());
    }

    /**
     * Decodes the ROUTE-REFRESH whose readable bytes are {@code message} (header included). Indexes do
     * not move; the caller keeps ownership of (and releases) {@code message}.
     *
     * @param enhancedRouteRefresh whether RFC 7313 was negotiated: then a bad length is ROUTE-REFRESH
     *                             Message Error / Invalid Message Length (data: the whole message),
     *                             otherwise Message Header Error / Bad Message Length
     * @throws BgpDecodeException for a bad header or length
     */
    public static RouteRefreshMessage decode(ByteBuf message, boolean enhancedRouteRefresh) throws BgpDecodeException {
        int length = BgpFrameDecoder.checkFramed(message, MessageType.ROUTE_REFRESH, enhancedRouteRefresh);
        int start = message.readerIndex();
        byte[] orf = NONE;
        if (length > BgpFrameDecoder.ROUTE_REFRESH_LENGTH) {
            orf = new byte[length - BgpFrameDecoder.ROUTE_REFRESH_LENGTH];
            message.getBytes(start + BgpFrameDecoder.ROUTE_REFRESH_LENGTH, orf);
        }
        return new RouteRefreshMessage(message.getUnsignedShort(start + AFI_OFFSET),
                message.getUnsignedByte(start + SUBTYPE_OFFSET), message.getUnsignedByte(start + SAFI_OFFSET), orf);
    }

    public int afi() {
        return afi;
    }

    /** The Message Subtype (RFC 7313; "Reserved" and 0 in RFC 2918). */
    public int subtype() {
        return subtype;
    }

    public int safi() {
        return safi;
    }

    /** The family the message is about. */
    public AddressFamily family() {
        return AddressFamily.of(afi, safi);
    }

    /** A copy of the octets after the SAFI (RFC 5291 ORF entries); empty for most messages. */
    public byte[] orfEntries() {
        return orfEntries.clone();
    }

    /** Whether the subtype is not 0, 1 or 2: RFC 7313 §5 says to ignore such a message. */
    public boolean isReservedSubtype() {
        return subtype > EORR;
    }

    /** Octets {@link #encode} writes. */
    public int encodedLength() {
        return BgpFrameDecoder.ROUTE_REFRESH_LENGTH + orfEntries.length;
    }

    /**
     * Writes the whole message (header included) at the writer index of {@code out}; the caller keeps
     * ownership of {@code out}.
     */
    public void encode(ByteBuf out) {
        int start = MessageHeader.writeHeader(out, MessageType.ROUTE_REFRESH);
        out.writeShort(afi);
        out.writeByte(subtype);
        out.writeByte(safi);
        out.writeBytes(orfEntries);
        MessageHeader.patchLength(out, start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteRefreshMessage r && r.afi == afi && r.subtype == subtype && r.safi == safi
                && Arrays.equals(r.orfEntries, orfEntries);
    }

    @Override
    public int hashCode() {
        return ((afi * 31 + subtype) * 31 + safi) * 31 + Arrays.hashCode(orfEntries);
    }

    @Override
    public String toString() {
        String kind;
        switch (subtype) {
            case NORMAL: kind = "request"; break;
            case BORR: kind = "BoRR"; break;
            case EORR: kind = "EoRR"; break;
            default: kind = "reserved-subtype-" + subtype; break;
        }
        return "ROUTE-REFRESH{" + AddressFamily.of(afi, safi) + " " + kind
                + (orfEntries.length > 0 ? ", orf=" + HexFormat.of().formatHex(orfEntries) : "") + "}";
    }
}
