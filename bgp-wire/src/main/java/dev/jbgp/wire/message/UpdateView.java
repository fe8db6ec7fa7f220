package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.attr.As4Path;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.Communities;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.attr.MpUnreachNlri;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;

import java.util.Optional;

/**
 * A reusable flyweight over one framed UPDATE message (RFC 4271 §4.3), header included. It locates the
 * withdrawn routes, the path attributes and the NLRI, indexes the first occurrence of each attribute
 * type, and reads every field in place: nothing is copied and, after construction, nothing is
 * allocated by {@link #wrap} or the primitive getters.
 *
 * <pre>
 *  offset
 *   0 +-----------------------------------------------------+
 *     | Marker (16), Length (2), Type = 2 (1)               |  MessageHeader
 *  19 +-----------------------------------------------------+
 *     | Withdrawn Routes Length (2 octets)                  |  WITHDRAWN_ROUTES_LENGTH_OFFSET
 *  21 +-----------------------------------------------------+
 *     | Withdrawn Routes (variable)                         |  WITHDRAWN_ROUTES_OFFSET
 *     +-----------------------------------------------------+
 *     | Total Path Attribute Length (2 octets)              |  21 + withdrawn length
 *     +-----------------------------------------------------+
 *     | Path Attributes (variable)                          |  23 + withdrawn length
 *     +-----------------------------------------------------+
 *     | Network Layer Reachability Information (variable)   |  to the end of the message
 *     +-----------------------------------------------------+
 * </pre>
 *
 * <p><b>Buffer ownership:</b> the view neither retains nor releases the buffer it wraps. The caller
 * owns it, must keep it alive while the view (or any cursor reset from it) is used, and releases it
 * afterwards. Offsets returned by the getters are absolute indexes into that buffer.
 *
 * <p>{@link #wrap} checks only what is needed to find the three parts; an error there is a
 * "session reset" because the NLRI cannot be located (RFC 4271 §6.3, RFC 7606 §4 first case). An
 * attribute field that ends inside an attribute (RFC 7606 §4 second case) is recorded, not thrown:
 * see {@link #attributeListError()}. Everything else — attribute flags, lengths and values, missing
 * attributes, NLRI syntax — is judged by {@link UpdateValidator}; the value getters assume an UPDATE
 * the validator passed (they do not re-check).
 *
 * <p>Not thread-safe; one view per thread, re-wrapped for every message.
 */
public final class UpdateView {

    /** Offset of the 2-octet Withdrawn Routes Length. */
    public static final int WITHDRAWN_ROUTES_LENGTH_OFFSET = MessageHeader.HEADER_LENGTH;
    /** Offset of the withdrawn routes. */
    public static final int WITHDRAWN_ROUTES_OFFSET = WITHDRAWN_ROUTES_LENGTH_OFFSET + 2;
    /** The smallest UPDATE: header plus two empty length fields (RFC 4271 §4.3). */
    public static final int MIN_LENGTH = MessageHeader.HEADER_LENGTH + 4;
    /** "Absent" for the offset getters. */
    public static final int ABSENT = -1;

    private final int[] attributeOffsets = new int[256];
    private final long[] present = new long[4];
    private final long[] duplicated = new long[4];
    private final AttributeCursor cursor = new AttributeCursor();

    private ByteBuf buf;
    private CodecContext ctx;
    private int start;
    private int length;
    private int withdrawnLength;
    private int attributesOffset;
    private int attributesLength;
    private int nlriOffset;
    private int nlriLength;
    private BgpDecodeException attributeListError;

    /**
     * Wraps the UPDATE starting at {@code message.readerIndex()}, whose length is taken from its
     * header (octets after it, if any, are ignored). The buffer is not retained: the caller keeps
     * ownership and releases it after it is done with this view.
     *
     * @return this
     * @throws BgpDecodeException session reset: Bad Message Length / Bad Message Type for a message
     *                            that is not a complete UPDATE, Malformed Attribute List when the Withdrawn
     *                            Routes Length or Total Path Attribute Length runs past the message
     */
    public UpdateView wrap(ByteBuf message, CodecContext ctx) throws BgpDecodeException {
        this.buf = message;
        this.ctx = ctx;
        this.attributeListError = null;
        present[0] = present[1] = present[2] = present[3] = 0;
        duplicated[0] = duplicated[1] = duplicated[2] = duplicated[3] = 0;
        int base = message.readerIndex();
        int readable = message.readableBytes();
        this.start = base;
        if (readable < MIN_LENGTH) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH,
                    lengthData(readable), "UPDATE of " + readable + " octets is shorter than " + MIN_LENGTH);
        }
        int type = message.getUnsignedByte(base + MessageHeader.TYPE_OFFSET);
        if (type != MessageType.UPDATE.value()) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) type}, "message type " + type + " is not UPDATE");
        }
        int len = message.getUnsignedShort(base + MessageHeader.LENGTH_OFFSET);
        if (len < MIN_LENGTH || len > readable || len > ctx.maxMessageLength()) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH,
                    lengthData(len), "UPDATE length field " + len + " is invalid (" + readable + " octets available, maximum "
                            + ctx.maxMessageLength() + ")");
        }
        this.length = len;
        int end = base + len;
        int w = message.getUnsignedShort(base + WITHDRAWN_ROUTES_LENGTH_OFFSET);
        if (base + WITHDRAWN_ROUTES_OFFSET + w + 2 > end) {
            throw BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST,
                    null, "Withdrawn Routes Length " + w + " runs past the " + len + "-octet message");
        }
        this.withdrawnLength = w;
        int a = message.getUnsignedShort(base + WITHDRAWN_ROUTES_OFFSET + w);
        int attrs = base + WITHDRAWN_ROUTES_OFFSET + w + 2;
        if (attrs + a > end) {
            throw BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST,
                    null, "Total Path Attribute Length " + a + " runs past the " + len + "-octet message");
        }
        this.attributesOffset = attrs;
        this.attributesLength = a;
        this.nlriOffset = attrs + a;
        this.nlriLength = end - nlriOffset;
        indexAttributes();
        return this;
    }

    private static byte[] lengthData(int len) {
        return new byte[] {(byte) (len >>> 8), (byte) len};
    }

    private void indexAttributes() {
        AttributeCursor c = cursor.reset(buf, attributesOffset, attributesLength);
        try {
            while (c.next()) {
                int t = c.type();
                long bit = 1L << (t & 63);
                int word = t >>> 6;
                if ((present[word] & bit) != 0) {
                    duplicated[word] |= bit;
                } else {
                    present[word] |= bit;
                    attributeOffsets[t] = c.offset();
                }
            }
        } catch (BgpDecodeException e) {
            attributeListError = e;
        }
    }

    // ---------------------------------------------------------------- layout

    /** The wrapped buffer (owned by the caller, not retained). */
    public ByteBuf buffer() {
        return buf;
    }

    /** The session context given to {@link #wrap}. */
    public CodecContext context() {
        return ctx;
    }

    /** Absolute offset of the message (its marker). */
    public int messageOffset() {
        return start;
    }

    /** The message length from the header. */
    public int messageLength() {
        return length;
    }

    public int withdrawnRoutesOffset() {
        return start + WITHDRAWN_ROUTES_OFFSET;
    }

    public int withdrawnRoutesLength() {
        return withdrawnLength;
    }

    public int pathAttributesOffset() {
        return attributesOffset;
    }

    public int pathAttributesLength() {
        return attributesLength;
    }

    public int nlriOffset() {
        return nlriOffset;
    }

    public int nlriLength() {
        return nlriLength;
    }

    /**
     * The RFC 7606 §4 error found while indexing the attributes (fewer than 3 or 4 octets left, or an
     * attribute running past the Total Path Attribute Length), if any: treat-as-withdraw. The
     * attributes before it are indexed.
     */
    public Optional<BgpDecodeException> attributeListError() {
        return Optional.ofNullable(attributeListError);
    }

    /** Whether {@link #attributeListError()} is present (no allocation). */
    public boolean hasAttributeListError() {
        return attributeListError != null;
    }

    // ---------------------------------------------------------------- attribute index

    /** Whether the message carries an attribute of this type. */
    public boolean hasAttribute(int type) {
        return type >= 0 && type < 256 && (present[type >>> 6] & (1L << (type & 63))) != 0;
    }

    /** Whether an attribute of this type appears more than once (RFC 7606 §3 g). */
    public boolean isDuplicated(int type) {
        return type >= 0 && type < 256 && (duplicated[type >>> 6] & (1L << (type & 63))) != 0;
    }

    /** Absolute offset of the first attribute of this type (its flags octet), or {@link #ABSENT}. */
    public int attributeOffset(int type) {
        return hasAttribute(type) ? attributeOffsets[type] : ABSENT;
    }

    /** Flags of the first attribute of this type, or {@link #ABSENT}. */
    public int attributeFlags(int type) {
        return hasAttribute(type) ? buf.getUnsignedByte(attributeOffsets[type]) : ABSENT;
    }

    /** Absolute offset of the value of the first attribute of this type, or {@link #ABSENT}. */
    public int attributeValueOffset(int type) {
        if (!hasAttribute(type)) {
            return ABSENT;
        }
        int off = attributeOffsets[type];
        return off + ((buf.getUnsignedByte(off) & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3);
    }

    /** Length of the value of the first attribute of this type, or {@link #ABSENT}. */
    public int attributeValueLength(int type) {
        if (!hasAttribute(type)) {
            return ABSENT;
        }
        int off = attributeOffsets[type];
        return (buf.getUnsignedByte(off) & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0
                ? buf.getUnsignedShort(off + 2) : buf.getUnsignedByte(off + 2);
    }

    /** Positions {@code c} over the path attributes. */
    public AttributeCursor attributes(AttributeCursor c) {
        return c.reset(buf, attributesOffset, attributesLength);
    }

    // ---------------------------------------------------------------- NLRI

    /** Positions {@code c} over the withdrawn routes (IPv4 unicast, ADD-PATH as the context says). */
    public NlriCursor withdrawn(NlriCursor c) {
        return c.reset(buf, withdrawnRoutesOffset(), withdrawnLength, Afi.IPV4, ctx.receivesIpv4PathIds());
    }

    /** Positions {@code c} over the NLRI of the message body (IPv4 unicast). */
    public NlriCursor nlri(NlriCursor c) {
        return c.reset(buf, nlriOffset, nlriLength, Afi.IPV4, ctx.receivesIpv4PathIds());
    }

    /**
     * Positions {@code c} over the NLRI of MP_REACH_NLRI when it is IPv4 or IPv6 unicast.
     *
     * @return {@code false} (cursor untouched) when there is no well-formed MP_REACH_NLRI or its family is not read here
     */
    public boolean mpReachNlri(NlriCursor c) {
        int off = attributeValueOffset(AttributeType.MP_REACH_NLRI);
        if (off == ABSENT) {
            return false;
        }
        int len = attributeValueLength(AttributeType.MP_REACH_NLRI);
        if (len < MpReachNlri.MIN_LENGTH || MpReachNlri.MIN_LENGTH + MpReachNlri.nextHopLength(buf, off) > len
                || !isReadableFamily(MpReachNlri.afi(buf, off), MpReachNlri.safi(buf, off))) {
            return false; // malformed (the validator says session reset) or a family not read here
        }
        int afi = MpReachNlri.afi(buf, off);
        c.reset(buf, MpReachNlri.nlriOffset(buf, off), MpReachNlri.nlriLength(buf, off, len), afi,
                ctx.receivesPathIds(afi, Safi.UNICAST), Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR);
        return true;
    }

    /** As {@link #mpReachNlri} for the withdrawn routes of MP_UNREACH_NLRI. */
    public boolean mpUnreachNlri(NlriCursor c) {
        int off = attributeValueOffset(AttributeType.MP_UNREACH_NLRI);
        if (off == ABSENT) {
            return false;
        }
        int len = attributeValueLength(AttributeType.MP_UNREACH_NLRI);
        if (len < MpUnreachNlri.MIN_LENGTH || !isReadableFamily(MpUnreachNlri.afi(buf, off), MpUnreachNlri.safi(buf, off))) {
            return false;
        }
        int afi = MpUnreachNlri.afi(buf, off);
        c.reset(buf, MpUnreachNlri.withdrawnOffset(off), MpUnreachNlri.withdrawnLength(len), afi,
                ctx.receivesPathIds(afi, Safi.UNICAST), Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR);
        return true;
    }

    static boolean isReadableFamily(int afi, int safi) {
        return (afi == Afi.IPV4 || afi == Afi.IPV6) && safi == Safi.UNICAST;
    }

    /** Whether the UPDATE announces anything: body NLRI or an MP_REACH_NLRI with NLRI. */
    public boolean hasReachableNlri() {
        if (nlriLength > 0) {
            return true;
        }
        int off = attributeValueOffset(AttributeType.MP_REACH_NLRI);
        return off != ABSENT && attributeValueLength(AttributeType.MP_REACH_NLRI) >= MpReachNlri.MIN_LENGTH
                && MpReachNlri.MIN_LENGTH + MpReachNlri.nextHopLength(buf, off)
                < attributeValueLength(AttributeType.MP_REACH_NLRI);
    }

    /**
     * Whether this is an End-of-RIB marker (RFC 4724 §2): for IPv4 unicast an UPDATE with no withdrawn
     * routes, attributes or NLRI; for other families an UPDATE whose only content is an MP_UNREACH_NLRI
     * holding just AFI and SAFI.
     */
    public boolean isEndOfRib() {
        if (withdrawnLength != 0 || nlriLength != 0) {
            return false;
        }
        if (attributesLength == 0) {
            return true;
        }
        int off = attributeOffset(AttributeType.MP_UNREACH_NLRI);
        return off == attributesOffset && attributeValueLength(AttributeType.MP_UNREACH_NLRI) == MpUnreachNlri.MIN_LENGTH
                && attributeValueOffset(AttributeType.MP_UNREACH_NLRI) + MpUnreachNlri.MIN_LENGTH
                == attributesOffset + attributesLength;
    }

    /**
     * The family of an End-of-RIB marker.
     *
     * @throws IllegalStateException when {@link #isEndOfRib()} is false
     */
    public AddressFamily endOfRibFamily() {
        if (!isEndOfRib()) {
            throw new IllegalStateException("not an End-of-RIB marker");
        }
        if (attributesLength == 0) {
            return AddressFamily.IPV4_UNICAST;
        }
        int off = attributeValueOffset(AttributeType.MP_UNREACH_NLRI);
        return AddressFamily.of(MpUnreachNlri.afi(buf, off), MpUnreachNlri.safi(buf, off));
    }

    // ---------------------------------------------------------------- decision fields (valid UPDATE)

    /** The ORIGIN code (0 IGP, 1 EGP, 2 INCOMPLETE), or {@link #ABSENT} (also when malformed). */
    public int origin() {
        int off = attributeValueOffset(AttributeType.ORIGIN);
        return off == ABSENT || attributeValueLength(AttributeType.ORIGIN) != 1 ? ABSENT : buf.getUnsignedByte(off);
    }

    /** The 4-octet value of {@code type}, or {@code absent} when missing or not 4 octets long. */
    private long word(int type, long absent) {
        int off = attributeValueOffset(type);
        return off == ABSENT || attributeValueLength(type) != 4 ? absent : buf.getUnsignedInt(off);
    }

    /** Whether a MULTI_EXIT_DISC is present. */
    public boolean hasMed() {
        return hasAttribute(AttributeType.MULTI_EXIT_DISC);
    }

    /** The MULTI_EXIT_DISC (unsigned), or {@link #ABSENT} (also when malformed). */
    public long med() {
        return word(AttributeType.MULTI_EXIT_DISC, ABSENT);
    }

    /** Whether a LOCAL_PREF is present (on eBGP sessions the RIB ignores it, RFC 7606 §7.5). */
    public boolean hasLocalPref() {
        return hasAttribute(AttributeType.LOCAL_PREF);
    }

    /** The LOCAL_PREF (unsigned), or {@link #ABSENT} (also when malformed). */
    public long localPref() {
        return word(AttributeType.LOCAL_PREF, ABSENT);
    }

    /** Whether a NEXT_HOP attribute is present. */
    public boolean hasNextHop() {
        return hasAttribute(AttributeType.NEXT_HOP);
    }

    /** The IPv4 NEXT_HOP; 0 (0.0.0.0, never valid) when absent or malformed. */
    public int nextHop() {
        return (int) word(AttributeType.NEXT_HOP, 0);
    }

    /** Whether ATOMIC_AGGREGATE is present. */
    public boolean atomicAggregate() {
        return hasAttribute(AttributeType.ATOMIC_AGGREGATE);
    }

    /** The ORIGINATOR_ID; 0 when absent or malformed. */
    public int originatorId() {
        return (int) word(AttributeType.ORIGINATOR_ID, 0);
    }

    /** The number of CLUSTER_LIST entries (RFC 4456 §9 tie-break); 0 when absent. */
    public int clusterListLength() {
        int len = attributeValueLength(AttributeType.CLUSTER_LIST);
        return len == ABSENT ? 0 : len >>> 2;
    }

    /** Whether COMMUNITIES holds {@code community}. */
    public boolean hasCommunity(Community community) {
        int off = attributeValueOffset(AttributeType.COMMUNITIES);
        return off != ABSENT && Communities.contains(buf, off, attributeValueLength(AttributeType.COMMUNITIES), community);
    }

    /**
     * Whether AS_PATH must be reconciled with AS4_PATH (RFC 6793 §4.2.3): a 2-octet session whose
     * UPDATE carries AS4_PATH. Then the in-place AS_PATH readers see AS_TRANS and {@link #asPath()}
     * must be used instead.
     */
    public boolean needsAs4Reconcile() {
        return !ctx.fourOctetAs() && hasAttribute(AttributeType.AS4_PATH);
    }

    /** The AS_PATH path length for the decision process (AS_SET 1, confederation segments 0), no allocation. */
    public int asPathHopCount() {
        int off = attributeValueOffset(AttributeType.AS_PATH);
        return off == ABSENT ? 0 : AsPath.hopCount(buf, off, attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
    }

    /** The leftmost AS of AS_PATH (see {@link AsPath#firstAs(ByteBuf, int, int, boolean)}), or 0 for none; no allocation. */
    public long asPathFirstAs() {
        int off = attributeValueOffset(AttributeType.AS_PATH);
        return off == ABSENT ? 0 : AsPath.firstAs(buf, off, attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
    }

    /** Whether AS_PATH contains {@code asn} (loop detection); no allocation. */
    public boolean asPathContains(long asn) {
        int off = attributeValueOffset(AttributeType.AS_PATH);
        return off != ABSENT && AsPath.contains(buf, off, attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs(), asn);
    }

    /**
     * RFC 6793 §4.2.3: when an AGGREGATOR without AS_TRANS comes with an AS4_AGGREGATOR, both
     * AS4_AGGREGATOR and AS4_PATH are ignored.
     */
    private boolean aggregatorOverridesAs4() {
        int off = attributeValueOffset(AttributeType.AGGREGATOR);
        return off != ABSENT && hasAttribute(AttributeType.AS4_AGGREGATOR)
                && attributeValueLength(AttributeType.AGGREGATOR) == 6 && buf.getUnsignedShort(off) != AsPath.AS_TRANS;
    }

    /**
     * The AS path as a value (allocates), reconciled with AS4_PATH on a 2-octet session
     * (RFC 6793 §4.2.3); a malformed AS4_PATH is ignored (RFC 6793 §6). {@link AsPath#EMPTY} when absent.
     *
     * @throws BgpDecodeException when the AS_PATH itself is malformed (treat-as-withdraw)
     */
    public AsPath asPath() throws BgpDecodeException {
        int off = attributeValueOffset(AttributeType.AS_PATH);
        AsPath path = off == ABSENT ? AsPath.EMPTY
                : AsPath.decode(buf, off, attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
        if (needsAs4Reconcile() && !aggregatorOverridesAs4()) {
            int off4 = attributeValueOffset(AttributeType.AS4_PATH);
            try {
                path = As4Path.reconcile(path, As4Path.decode(buf, off4, attributeValueLength(AttributeType.AS4_PATH)));
            } catch (BgpDecodeException e) {
                return path;
            }
        }
        return path;
    }
}
