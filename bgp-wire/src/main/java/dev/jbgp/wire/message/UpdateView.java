package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.attr.As4Path;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.Communities;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.attr.MpUnreachNlri;
import dev.jbgp.wire.attr.NextHop;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.internal.NlriCursorAccess;
import dev.jbgp.wire.internal.Octets;
import dev.jbgp.wire.nlri.Ipv4Prefix;
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
 * <p>{@link #wrap} reads the attributes once: while indexing them it checks the flags and value of
 * the common ones by the validator's rules, reads the decision fields (ORIGIN, NEXT_HOP, MED,
 * LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST, where COMMUNITIES lies) and walks AS_PATH once, checking
 * it and keeping its hop count, first AS and a 64-bit filter of its ASes. When all of that passed, it
 * goes on to walk the withdrawn routes and NLRI fields once, checking and decoding their entries in the
 * same pass (nothing is thrown there: a malformed field only sends the UPDATE to the full rules). The
 * getters then return what was kept, {@link UpdateValidator} accepts an UPDATE that passed all of it
 * without another look, and the cursors {@link #withdrawn} and {@link #nlri} position read the decoded
 * entries; anything unusual (an unknown well-known attribute, a duplicate, a flag or
 * length error, MP_REACH_NLRI, AS4_PATH, ...) leaves the judgement to the validator's full rules.
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
    private final Octets octets = new Octets();
    private static final NlriCursorAccess CURSORS = NlriCursorAccess.get();
    /**
     * The withdrawn routes then the NLRI of the body, decoded by {@link #fastChecksPass()} as it checks
     * them (see {@link NlriCursorAccess#entry}), so that the cursors {@link #withdrawn} and {@link #nlri}
     * position need not parse the octets a second time. Grown (rarely: an entry takes at least one
     * octet, and 1024 cover a 4096-octet UPDATE of /24s) when a message could hold more entries.
     */
    private long[] decodedEntries = new long[1024];
    /** How many of {@link #decodedEntries} are withdrawn routes; -1 while the fields are not decoded. */
    private int decodedWithdrawn = -1;
    /** How many of {@link #decodedEntries} (after the withdrawn ones) are NLRI. */
    private int decodedNlri;

    private ByteBuf buf;
    private CodecContext ctx;
    private int start;
    /** The end of the wrapped buffer's readable octets: reads up to here are safe, past the message too. */
    private int limit;
    private int length;
    private int withdrawnLength;
    private int attributesOffset;
    private int attributesLength;
    private int nlriOffset;
    private int nlriLength;
    private BgpDecodeException attributeListError;
    private CodecContext pathIdsContext;
    private boolean ipv4PathIds;

    /**
     * Whether every attribute indexed by {@link #wrap} passed the validator's rules (no duplicate, no
     * list error, known flags and values) as checked in the same pass; see {@link #fastChecksPass()}.
     */
    private boolean clean;
    /** What {@link #fastChecksPass()} answers, settled by {@link #wrap} (false until it completes). */
    private boolean fastPass;
    // the decision fields of the first attribute of each type, read in the indexing pass; meaningful
    // only while the type's present bit is set (the getters check it)
    private int origin;
    private int nextHop;
    private long med;
    private long localPref;
    private int originatorId;
    private int clusterListLength;
    // AS_PATH, walked once in the indexing pass; asPathValid says the walk found it well-formed
    private boolean asPathValid;
    private int asPathHops;
    private long asPathFirst;
    private long asPathFilter;

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
        useContext(ctx);
        clear();
        int base = message.readerIndex();
        int readable = message.readableBytes();
        this.start = base;
        this.limit = base + readable;
        if (readable < MIN_LENGTH) {
            throw tooShort(readable);
        }
        Octets o = octets.reset(message);
        long head = head(o, base, readable);
        int type = (int) (head >>> 40) & 0xFF;
        if (type != MessageType.UPDATE.value()) {
            throw notUpdate(type);
        }
        int len = (int) (head >>> 48);
        if (len < MIN_LENGTH || len > readable || len > ctx.maxMessageLength()) {
            throw badLength(len, readable, ctx);
        }
        this.length = len;
        int end = base + len;
        int w = (int) (head >>> 24) & 0xFFFF;
        if (base + WITHDRAWN_ROUTES_OFFSET + w + 2 > end) {
            throw pastMessage("Withdrawn Routes Length", w, len);
        }
        this.withdrawnLength = w;
        int a = w == 0 ? (int) (head >>> 8) & 0xFFFF : o.u16(base + WITHDRAWN_ROUTES_OFFSET + w);
        int attrs = base + WITHDRAWN_ROUTES_OFFSET + w + 2;
        if (attrs + a > end) {
            throw pastMessage("Total Path Attribute Length", a, len);
        }
        this.attributesOffset = attrs;
        this.attributesLength = a;
        this.nlriOffset = attrs + a;
        this.nlriLength = end - nlriOffset;
        indexAttributes();
        fastPass = clean && nlriFieldsPass();
        return this;
    }

    /**
     * Length, Type, Withdrawn Routes Length and, when no routes are withdrawn (nearly every UPDATE of a
     * table), Total Path Attribute Length: one 8-octet read from the Length field instead of seven octet
     * reads. The caller checked that {@link #MIN_LENGTH} octets are readable.
     */
    private static long head(Octets o, int base, int readable) {
        return readable > MIN_LENGTH ? o.s64(base + MessageHeader.LENGTH_OFFSET) : shortHead(o, base);
    }

    /**
     * The 7 octets from the Length field of a minimal ({@link #MIN_LENGTH}-octet) UPDATE placed as the
     * 8-octet read of {@link #wrap} would return them, when the buffer ends there.
     */
    private static long shortHead(Octets o, int base) {
        int at = base + MessageHeader.LENGTH_OFFSET;
        return (long) o.u16(at) << 48 | (long) o.u8(at + 2) << 40 | (long) o.u16(at + 3) << 24 | (long) o.u16(at + 5) << 8;
    }

    /** Keeps the session context (and what it says about ADD-PATH, asked once per session, not per message). */
    private void useContext(CodecContext ctx) {
        if (ctx != pathIdsContext) {
            // CodecContext.receivesIpv4PathIds looks a family up in a set
            pathIdsContext = ctx;
            ipv4PathIds = ctx.receivesIpv4PathIds();
        }
        this.ctx = ctx;
    }

    /** Forgets the previous message's findings. */
    private void clear() {
        this.attributeListError = null;
        this.clean = false;
        this.fastPass = false;
        this.decodedWithdrawn = -1;
        present[0] = present[1] = present[2] = present[3] = 0;
        duplicated[0] = duplicated[1] = duplicated[2] = duplicated[3] = 0;
    }

    // The errors of wrap, built outside it so that wrap stays small enough for the JIT to inline.

    private static BgpDecodeException tooShort(int readable) {
        return BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH,
                lengthData(readable), "UPDATE of " + readable + " octets is shorter than " + MIN_LENGTH);
    }

    private static BgpDecodeException notUpdate(int type) {
        return BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_TYPE,
                new byte[] {(byte) type}, "message type " + type + " is not UPDATE");
    }

    private static BgpDecodeException badLength(int len, int readable, CodecContext ctx) {
        return BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH,
                lengthData(len), "UPDATE length field " + len + " is invalid (" + readable + " octets available, maximum "
                        + ctx.maxMessageLength() + ")");
    }

    private static BgpDecodeException pastMessage(String field, int value, int len) {
        return BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST,
                null, field + " " + value + " runs past the " + len + "-octet message");
    }

    private static byte[] lengthData(int len) {
        return new byte[] {(byte) (len >>> 8), (byte) len};
    }

    /**
     * One pass over the attributes: indexes the first of each type, notes duplicates, checks flags and
     * values by the validator's rules for the common types (see {@link #checkAndRead}), and stops at an
     * RFC 7606 §4 list error exactly where {@link AttributeCursor#next()} would.
     */
    private void indexAttributes() {
        Octets o = octets;
        int end = attributesOffset + attributesLength;
        int p = indexCanonicalPrefix(attributesOffset, end);
        boolean ok = true;
        while (p < end) {
            int remaining = end - p;
            if (remaining < 3) {
                listError();
                return;
            }
            int f = o.u8(p);
            int t = o.u8(p + 1);
            int len;
            int value;
            if ((f & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0) {
                if (remaining < 4) {
                    listError();
                    return;
                }
                len = o.u16(p + 2);
                value = p + 4;
            } else {
                len = o.u8(p + 2);
                value = p + 3;
            }
            if (len > end - value) {
                listError();
                return;
            }
            long bit = 1L << (t & 63);
            int word = t >>> 6;
            if ((present[word] & bit) != 0) {
                duplicated[word] |= bit; // RFC 7606 §3 g: the validator decides what to do
                ok = false;
            } else {
                present[word] |= bit;
                attributeOffsets[t] = p;
                ok &= checkAndRead(f, t, value, len);
            }
            p = value + len;
        }
        clean = ok;
    }

    /** ORIGIN {@code 40 01 01 00} and the AS_PATH header {@code 40 02 LL} as the first 7 octets, origin and length masked. */
    private static final long ORIGIN_AS_PATH = 0x40010100_40020000L;
    private static final long ORIGIN_AS_PATH_MASK = 0xFFFFFF00_FFFF0000L;
    /** The 3-octet header of a NEXT_HOP {@code 40 03 04} (well-known, 4 octets). */
    private static final int NEXT_HOP_HEADER = 0x400304;
    /** The 3-octet header of a MULTI_EXIT_DISC {@code 80 04 04} (optional non-transitive, 4 octets). */
    private static final int MED_HEADER = 0x800404;
    /** The 3-octet header of a LOCAL_PREF {@code 40 05 04} (well-known, 4 octets). */
    private static final int LOCAL_PREF_HEADER = 0x400504;
    /** The largest ORIGIN value (INCOMPLETE, RFC 4271 §5.1.1). */
    private static final int ORIGIN_INCOMPLETE = 2;
    /** Space for ORIGIN (4 octets), the AS_PATH header (3) and NEXT_HOP (7). */
    private static final int CANONICAL_MIN = 14;

    /**
     * The fast path for the shape nearly every UPDATE of a table has (RFC 4271 §5: a sender SHOULD order
     * the attributes by type): ORIGIN, AS_PATH, NEXT_HOP, then optionally MULTI_EXIT_DISC and (iBGP)
     * LOCAL_PREF, first in the block, each with the canonical flags (no Partial, no Extended Length,
     * unused low bits zero) and a valid value. ORIGIN and the AS_PATH header are checked with one
     * 8-octet read, NEXT_HOP, MED and LOCAL_PREF with one 4-octet read of their header and first octet
     * each; the AS_PATH value is walked as always.
     *
     * <p>Each attribute matched here is indexed exactly as the general loop of {@link #indexAttributes}
     * would index and judge it (it is the first of its type, its flags and value pass
     * {@link #checkAndRead}'s rules), so the loop simply continues from the offset returned. At the first
     * attribute that differs in any way — other flags, a length or value the rules reject, a malformed
     * AS_PATH, too few octets left — this stops and leaves that attribute and the rest to the loop,
     * which then decides by the full rules; the verdicts cannot differ.
     *
     * @return where the general loop continues: {@code p} when nothing matched
     */
    private int indexCanonicalPrefix(int p, int end) {
        if (end - p < CANONICAL_MIN) {
            return p;
        }
        Octets o = octets;
        long head = o.s64(p);
        int originValue = (int) (head >>> 32) & 0xFF;
        int asPathLength = (int) (head >>> 8) & 0xFF;
        int as = p + 7; // the AS_PATH value
        int q = as + asPathLength; // the NEXT_HOP
        // the NEXT_HOP must fit whole after the AS_PATH: then every read below stays inside the block
        if ((head & ORIGIN_AS_PATH_MASK) != ORIGIN_AS_PATH || originValue > ORIGIN_INCOMPLETE || q + 7 > end) {
            return p;
        }
        int hop = o.s32(q + 3);
        if ((o.s32(q) >>> 8) != NEXT_HOP_HEADER || !NextHop.isValidHostAddress(hop)) {
            return p;
        }
        if (!scanAsPath(as, asPathLength)) {
            return p; // the loop walks it again and records why (rare)
        }
        asPathValid = true;
        origin = originValue;
        nextHop = hop;
        attributeOffsets[AttributeType.ORIGIN] = p;
        attributeOffsets[AttributeType.AS_PATH] = p + 4;
        attributeOffsets[AttributeType.NEXT_HOP] = q;
        // clear() zeroed the word; these are the block's first attributes
        present[0] = (1L << AttributeType.ORIGIN) | (1L << AttributeType.AS_PATH) | (1L << AttributeType.NEXT_HOP);
        return indexCanonicalTail(q + 7, end);
    }

    /**
     * The optional end of {@link #indexCanonicalPrefix}: a MULTI_EXIT_DISC, then a LOCAL_PREF from an
     * internal peer (from an external one it fails the rules, RFC 7606 §7.5), each canonical. A method of
     * its own so that both stay small enough for the JIT to inline.
     *
     * @return where the general loop continues
     */
    private int indexCanonicalTail(int r, int end) {
        Octets o = octets;
        long bits = 0;
        if (end - r >= 7 && (o.s32(r) >>> 8) == MED_HEADER) {
            med = o.s32(r + 3) & 0xFFFFFFFFL;
            attributeOffsets[AttributeType.MULTI_EXIT_DISC] = r;
            bits = 1L << AttributeType.MULTI_EXIT_DISC;
            r += 7;
        }
        if (end - r >= 7 && (o.s32(r) >>> 8) == LOCAL_PREF_HEADER && ctx.internalPeer()) {
            localPref = o.s32(r + 3) & 0xFFFFFFFFL;
            attributeOffsets[AttributeType.LOCAL_PREF] = r;
            bits |= 1L << AttributeType.LOCAL_PREF;
            r += 7;
        }
        present[0] |= bits;
        return r;
    }

    /**
     * Records the RFC 7606 §4 error the attribute cursor reports for this field (the rare path: the
     * cursor re-walks the field to word it exactly as everywhere else).
     */
    private void listError() {
        AttributeCursor c = cursor.reset(buf, attributesOffset, attributesLength);
        try {
            while (c.next()) {
                // up to the error
            }
        } catch (BgpDecodeException e) {
            attributeListError = e;
        }
    }

    private static final int FLAGS_OTP = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE
            | AttributeCursor.FLAG_PARTIAL;

    /** Well-known: Transitive, not Optional, not Partial (RFC 4271 §5, the validator's rule). */
    private static boolean wellKnown(int flags) {
        return (flags & FLAGS_OTP) == AttributeCursor.FLAG_TRANSITIVE;
    }

    /** Optional non-transitive, so never Partial. */
    private static boolean optionalNonTransitive(int flags) {
        return (flags & FLAGS_OTP) == AttributeCursor.FLAG_OPTIONAL;
    }

    /** Optional transitive (Partial allowed). */
    private static boolean optionalTransitive(int flags) {
        int ot = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE;
        return (flags & ot) == ot;
    }

    /**
     * Reads the decision field of the first attribute of type {@code t} and says whether
     * {@link UpdateValidator} would find nothing wrong with it (flags and value by its §7 rules).
     * {@code false} for every type whose rules are not repeated here: the validator then judges the
     * whole UPDATE by its full rules, so this may be stricter than the validator, never laxer.
     *
     * <p>The types nearly every UPDATE carries are here, the others in {@link #checkAndReadOther}, so
     * that this method stays small enough for the JIT to inline into the indexing loop.
     */
    private boolean checkAndRead(int f, int t, int v, int len) {
        switch (t) {
            case AttributeType.ORIGIN:
                return readOrigin(f, v, len);
            case AttributeType.AS_PATH:
                return readAsPath(f, v, len);
            case AttributeType.NEXT_HOP:
                return readNextHop(f, v, len);
            case AttributeType.MULTI_EXIT_DISC:
                return readMed(f, v, len);
            case AttributeType.LOCAL_PREF:
                return readLocalPref(f, v, len);
            case AttributeType.COMMUNITIES:
                return optionalTransitive(f) && len != 0 && (len & 3) == 0;
            default:
                return checkAndReadOther(f, t, v, len);
        }
    }

    private boolean readOrigin(int f, int v, int len) {
        int value = len == 1 ? octets.u8(v) : ABSENT;
        origin = value;
        return wellKnown(f) && len == 1 && value <= 2;
    }

    private boolean readAsPath(int f, int v, int len) {
        boolean valid = scanAsPath(v, len);
        asPathValid = valid;
        return wellKnown(f) && valid;
    }

    private boolean readNextHop(int f, int v, int len) {
        int value = len == 4 ? octets.s32(v) : 0;
        nextHop = value;
        return wellKnown(f) && len == 4 && NextHop.isValidHostAddress(value);
    }

    private boolean readMed(int f, int v, int len) {
        med = len == 4 ? octets.s32(v) & 0xFFFFFFFFL : ABSENT;
        return optionalNonTransitive(f) && len == 4;
    }

    private boolean readLocalPref(int f, int v, int len) {
        localPref = len == 4 ? octets.s32(v) & 0xFFFFFFFFL : ABSENT;
        // RFC 7606 §7.5: from an external peer it is discarded, so the validator has work to do
        return ctx.internalPeer() && wellKnown(f) && len == 4;
    }

    /** {@link #checkAndRead} for the less common types. */
    private boolean checkAndReadOther(int f, int t, int v, int len) {
        Octets o = octets;
        switch (t) {
            case AttributeType.ATOMIC_AGGREGATE:
                return wellKnown(f) && len == 0;
            case AttributeType.AGGREGATOR: {
                boolean four = ctx.fourOctetAs();
                return optionalTransitive(f) && len == (four ? 8 : 6) && (four ? o.s32(v) : o.u16(v)) != 0;
            }
            case AttributeType.ORIGINATOR_ID:
                originatorId = len == 4 ? o.s32(v) : 0;
                return optionalNonTransitive(f) && len == 4;
            case AttributeType.CLUSTER_LIST:
                clusterListLength = len >>> 2;
                return optionalNonTransitive(f) && len != 0 && (len & 3) == 0;
            case AttributeType.EXTENDED_COMMUNITIES:
                return optionalTransitive(f) && len != 0 && (len & 7) == 0;
            case AttributeType.LARGE_COMMUNITY:
                return optionalTransitive(f) && len != 0 && len % 12 == 0;
            default:
                // an unrecognised optional attribute is never an error; every other known type has
                // rules only the validator applies
                return UpdateValidator.expectedFlags(t) < 0 && (f & AttributeCursor.FLAG_OPTIONAL) != 0;
        }
    }

    /** Walks an AS_PATH value of the session's AS width (see {@link #scanAs2Path}). */
    private boolean scanAsPath(int v, int len) {
        return ctx.fourOctetAs() ? scanAs4Path(v, len) : scanAs2Path(v, len);
    }

    /**
     * {@link #scanAs2Path} for 4-octet AS numbers (RFC 6793 sessions, nearly all of them), with the
     * same checks and results; one loop per width keeps each small and free of a width test.
     */
    private boolean scanAs4Path(int off, int len) {
        if (len >= 2 + 4 && len <= SHORT_SEQUENCE_LENGTH && off + SHORT_SEQUENCE_LENGTH <= limit) {
            int head = octets.u16(off);
            if (head >>> 8 == AsPathSegment.AS_SEQUENCE && 2 + ((head & 0xFF) << 2) == len) {
                return scanShortAs4Sequence(off + 2, head & 0xFF);
            }
        }
        // apart: once compiled on its own, a method holding both walks grew past what C2 inlines
        // (InlineSmallCode) and cost a call per UPDATE
        return scanAs4Segments(off, len);
    }

    /** {@link #scanAs4Path} segment by segment, for any path. */
    private boolean scanAs4Segments(int off, int len) {
        Octets o = octets;
        int p = off;
        int end = off + len;
        int hops = 0;
        long first = 0;
        long filter = 0;
        while (p < end) {
            if (end - p < 2) {
                return false;
            }
            int type = o.u8(p);
            int count = o.u8(p + 1);
            p += 2;
            int segEnd = p + (count << 2);
            if (type < AsPathSegment.AS_SET || type > AsPathSegment.AS_CONFED_SET || count == 0 || segEnd > end) {
                return false;
            }
            if (type == AsPathSegment.AS_SEQUENCE) {
                hops += count;
            } else if (type == AsPathSegment.AS_SET) {
                hops++;
            }
            if (first == 0 && type <= AsPathSegment.AS_SEQUENCE) {
                first = o.s32(p) & 0xFFFFFFFFL;
            }
            for (; p < segEnd; p += 4) {
                long asn = o.s32(p) & 0xFFFFFFFFL;
                if (asn == 0) {
                    return false; // RFC 7607 §2
                }
                filter |= filterBit(asn);
            }
        }
        asPathHops = hops;
        asPathFirst = first;
        asPathFilter = filter;
        return true;
    }

    /** An AS_PATH value of one AS_SEQUENCE of at most 8 4-octet ASes: 2 + 8 × 4 octets. */
    private static final int SHORT_SEQUENCE_LENGTH = 2 + 8 * 4;

    /**
     * {@link #scanAs4Path} for the path nearly every eBGP UPDATE carries: one AS_SEQUENCE of
     * {@code count} (1..8) ASes filling the whole value. It reads 8 AS slots unconditionally (4 reads of
     * 8 octets; the caller checked they lie inside the buffer, past the message if need be) and masks the
     * slots past {@code count} away, so that no branch depends on the path length: a loop over the ASes
     * ends at a different trip count in nearly every UPDATE, and that exit is mispredicted. Same checks
     * (no AS 0, RFC 7607 §2) and results as the loop.
     */
    private boolean scanShortAs4Sequence(int p, int count) {
        Octets o = octets;
        long filter = 0;
        long zero = 0;
        for (int i = 0; i < 8; i += 2) {
            long two = o.s64(p + (i << 2));
            long a = two >>> 32;
            long b = two & 0xFFFFFFFFL;
            long inA = (i - count) >> 31; // all ones while slot i holds an AS of the path
            long inB = (i + 1 - count) >> 31;
            filter |= (filterBit(a) & inA) | (filterBit(b) & inB);
            zero |= ((a - 1) & inA) | ((b - 1) & inB); // bit 63 set by an AS 0 only
        }
        if (zero < 0) {
            return false;
        }
        asPathHops = count;
        asPathFirst = o.s32(p) & 0xFFFFFFFFL;
        asPathFilter = filter;
        return true;
    }

    /**
     * Walks a 2-octet AS_PATH value once: checks it as {@link AsPath#validate} does (segment types 1..4,
     * counts 1..255, nothing past the value, no AS 0) and keeps its hop count and first AS as
     * {@link AsPath#hopCount} and {@link AsPath#firstAs} compute them, and a 64-bit filter of its ASes
     * for {@link #asPathContains}.
     *
     * @return whether the value is well-formed (the kept fields are meaningful only then)
     */
    private boolean scanAs2Path(int off, int len) {
        Octets o = octets;
        int p = off;
        int end = off + len;
        int hops = 0;
        long first = 0;
        long filter = 0;
        while (p < end) {
            if (end - p < 2) {
                return false;
            }
            int type = o.u8(p);
            int count = o.u8(p + 1);
            if (type < AsPathSegment.AS_SET || type > AsPathSegment.AS_CONFED_SET || count == 0) {
                return false;
            }
            p += 2;
            int segEnd = p + (count << 1);
            if (segEnd > end) {
                return false;
            }
            if (type == AsPathSegment.AS_SEQUENCE) {
                hops += count;
            } else if (type == AsPathSegment.AS_SET) {
                hops++;
            }
            if (first == 0 && type <= AsPathSegment.AS_SEQUENCE) {
                first = o.u16(p);
            }
            for (; p < segEnd; p += 2) {
                int asn = o.u16(p);
                if (asn == 0) {
                    return false; // RFC 7607 §2
                }
                filter |= filterBit(asn);
            }
        }
        asPathHops = hops;
        asPathFirst = first;
        asPathFilter = filter;
        return true;
    }

    /** One bit of 64 for an AS number (Fibonacci hashing). */
    private static long filterBit(long asn) {
        return 1L << ((asn * 0x9E3779B97F4A7C15L) >>> 58);
    }

    /**
     * Whether the cheap checks made while indexing say the UPDATE is valid: every attribute clean,
     * the mandatory ones present (RFC 7606 §3 d, as {@link UpdateValidator} requires them), and the
     * withdrawn routes and NLRI fields well-formed. {@code false} means "judge by the full rules", not
     * "invalid". Without ADD-PATH the walk over the two fields also decodes their entries, which
     * {@link #withdrawn} and {@link #nlri} then hand to the caller's cursor (one walk over the octets
     * instead of two). Settled by {@link #wrap}, so that the attributes and the NLRI are read in one
     * pass over the message.
     */
    boolean fastChecksPass() {
        return fastPass;
    }

    /**
     * The part of {@link #fastChecksPass()} after the attributes came out clean: the mandatory
     * attributes and the two NLRI fields (decoded without ADD-PATH).
     */
    private boolean nlriFieldsPass() {
        if (hasReachableNlri()) {
            if (!hasAttribute(AttributeType.ORIGIN) || !hasAttribute(AttributeType.AS_PATH)
                    || nlriLength > 0 && !hasAttribute(AttributeType.NEXT_HOP)
                    || ctx.internalPeer() && !hasAttribute(AttributeType.LOCAL_PREF)) {
                return false;
            }
        }
        if (ipv4PathIds) {
            return ipv4FieldWellFormed(withdrawnRoutesOffset(), withdrawnLength)
                    && ipv4FieldWellFormed(nlriOffset, nlriLength);
        }
        int most = withdrawnLength + nlriLength;
        if (decodedEntries.length < most) {
            decodedEntries = new long[Math.max(most, 2 * decodedEntries.length)];
        }
        int w = decodeIpv4Field(withdrawnRoutesOffset(), withdrawnLength, 0);
        if (w < 0) {
            return false;
        }
        int all = decodeIpv4Field(nlriOffset, nlriLength, w);
        if (all < 0) {
            return false;
        }
        decodedWithdrawn = w;
        decodedNlri = all - w;
        return true;
    }

    /**
     * Decodes an IPv4 NLRI field without path identifiers into {@link #decodedEntries} from index
     * {@code at}, checking it as {@link NlriCursor#next()} does (RFC 7606 §5.3).
     *
     * @return the index after the last entry, or -1 when the field is not well-formed
     */
    private int decodeIpv4Field(int off, int len, int at) {
        Octets o = octets;
        long[] d = decodedEntries;
        int p = off;
        int end = off + len;
        while (p < end) {
            int bits = o.u8(p);
            int q = p + 1;
            int n = (bits + 7) >>> 3;
            if (bits > 32 || n > end - q) {
                return -1;
            }
            // One 4-octet read that ends with the prefix's last octet, shifted so that its first octet
            // is the address's first (no branch on the number of octets). The 4 - n octets before the
            // prefix lie inside the message: a field starts at least 21 octets into it. A shift of
            // 32 (n = 0) is none in Java; the mask of /0 clears that word.
            int raw = o.s32(q + n - 4) << ((4 - n) << 3);
            d[at++] = NlriCursorAccess.entry(raw & Ipv4Prefix.mask(bits), bits, p - off);
            p = q + n;
        }
        return at;
    }

    /** Whether an IPv4 NLRI field of the body parses as {@link NlriCursor#next()} reads it (RFC 7606 §5.3). */
    private boolean ipv4FieldWellFormed(int off, int len) {
        Octets o = octets;
        boolean addPath = ipv4PathIds;
        int p = off;
        int end = off + len;
        while (p < end) {
            if (addPath) {
                if (end - p < 5) {
                    return false;
                }
                p += 4;
            }
            int bits = o.u8(p);
            if (bits > 32) {
                return false;
            }
            p += 1 + ((bits + 7) >>> 3);
        }
        return p == end;
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

    /**
     * Positions {@code c} over the withdrawn routes (IPv4 unicast, ADD-PATH as the context says). After
     * {@link UpdateValidator} passed the message, the cursor may return the entries the validator
     * decoded; it is then valid until this view wraps another message.
     */
    public NlriCursor withdrawn(NlriCursor c) {
        if (decodedWithdrawn >= 0) {
            return CURSORS.resetDecoded(c, buf, withdrawnRoutesOffset(), withdrawnLength, decodedEntries, 0,
                    decodedWithdrawn);
        }
        return c.reset(buf, withdrawnRoutesOffset(), withdrawnLength, Afi.IPV4, ipv4PathIds);
    }

    /** Positions {@code c} over the NLRI of the message body (IPv4 unicast); as {@link #withdrawn}. */
    public NlriCursor nlri(NlriCursor c) {
        if (decodedWithdrawn >= 0) {
            return CURSORS.resetDecoded(c, buf, nlriOffset, nlriLength, decodedEntries, decodedWithdrawn, decodedNlri);
        }
        return c.reset(buf, nlriOffset, nlriLength, Afi.IPV4, ipv4PathIds);
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
        return hasAttribute(AttributeType.ORIGIN) ? origin : ABSENT;
    }

    /** Whether a MULTI_EXIT_DISC is present. */
    public boolean hasMed() {
        return hasAttribute(AttributeType.MULTI_EXIT_DISC);
    }

    /** The MULTI_EXIT_DISC (unsigned), or {@link #ABSENT} (also when malformed). */
    public long med() {
        return hasAttribute(AttributeType.MULTI_EXIT_DISC) ? med : ABSENT;
    }

    /** Whether a LOCAL_PREF is present (on eBGP sessions the RIB ignores it, RFC 7606 §7.5). */
    public boolean hasLocalPref() {
        return hasAttribute(AttributeType.LOCAL_PREF);
    }

    /** The LOCAL_PREF (unsigned), or {@link #ABSENT} (also when malformed). */
    public long localPref() {
        return hasAttribute(AttributeType.LOCAL_PREF) ? localPref : ABSENT;
    }

    /** Whether a NEXT_HOP attribute is present. */
    public boolean hasNextHop() {
        return hasAttribute(AttributeType.NEXT_HOP);
    }

    /** The IPv4 NEXT_HOP; 0 (0.0.0.0, never valid) when absent or malformed. */
    public int nextHop() {
        return hasAttribute(AttributeType.NEXT_HOP) ? nextHop : 0;
    }

    /** Whether ATOMIC_AGGREGATE is present. */
    public boolean atomicAggregate() {
        return hasAttribute(AttributeType.ATOMIC_AGGREGATE);
    }

    /** The ORIGINATOR_ID; 0 when absent or malformed. */
    public int originatorId() {
        return hasAttribute(AttributeType.ORIGINATOR_ID) ? originatorId : 0;
    }

    /** The number of CLUSTER_LIST entries (RFC 4456 §9 tie-break); 0 when absent. */
    public int clusterListLength() {
        return hasAttribute(AttributeType.CLUSTER_LIST) ? clusterListLength : 0;
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
        if (!hasAttribute(AttributeType.AS_PATH)) {
            return 0;
        }
        return asPathValid ? asPathHops
                : AsPath.hopCount(buf, attributeValueOffset(AttributeType.AS_PATH),
                        attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
    }

    /** The leftmost AS of AS_PATH (see {@link AsPath#firstAs(ByteBuf, int, int, boolean)}), or 0 for none; no allocation. */
    public long asPathFirstAs() {
        if (!hasAttribute(AttributeType.AS_PATH)) {
            return 0;
        }
        return asPathValid ? asPathFirst
                : AsPath.firstAs(buf, attributeValueOffset(AttributeType.AS_PATH),
                        attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs());
    }

    /** Whether AS_PATH contains {@code asn} (loop detection); no allocation. */
    public boolean asPathContains(long asn) {
        if (!hasAttribute(AttributeType.AS_PATH)) {
            return false;
        }
        if (asPathValid) {
            if (asn < 0 || asn > 0xFFFFFFFFL || (asPathFilter & filterBit(asn)) == 0) {
                return false; // not in the filter: certainly not in the path
            }
            return wellFormedPathContains(asn);
        }
        return AsPath.contains(buf, attributeValueOffset(AttributeType.AS_PATH),
                attributeValueLength(AttributeType.AS_PATH), ctx.fourOctetAs(), asn);
    }

    /**
     * {@link AsPath#contains} (every segment type) over the AS_PATH the indexing pass found well-formed,
     * read through {@link Octets} rather than the buffer's checked getters: one UPDATE in ~12 of a
     * table passes the filter for a given AS and needs this walk.
     */
    private boolean wellFormedPathContains(long asn) {
        Octets o = octets;
        int at = attributeOffsets[AttributeType.AS_PATH];
        boolean extended = (o.u8(at) & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0;
        int p = at + (extended ? 4 : 3);
        int end = p + (extended ? o.u16(at + 2) : o.u8(at + 2));
        boolean four = ctx.fourOctetAs();
        while (p < end) {
            int segEnd = p + 2 + (o.u8(p + 1) << (four ? 2 : 1)); // well-formed: inside the value
            for (p += 2; p < segEnd; p += four ? 4 : 2) {
                if ((four ? o.s32(p) & 0xFFFFFFFFL : o.u16(p)) == asn) {
                    return true;
                }
            }
        }
        return false;
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
