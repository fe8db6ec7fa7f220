package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.AttributeWriter;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.attr.MpUnreachNlri;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.internal.Octets;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Writes UPDATE messages straight into a caller-provided (typically pooled) {@code ByteBuf}: header
 * with a placeholder length, body, then the lengths patched (RFC 4271 §4.3, RFC 4760 for IPv6).
 *
 * <p>Each call writes at most one message and packs as many prefixes as fit in
 * {@link CodecContext#maxMessageLength()}; it returns the index of the first prefix that did not fit
 * (the list size when all did), so the caller loops:
 *
 * <pre>{@code
 * for (int i = 0; i < prefixes.size(); ) {
 *     ByteBuf out = alloc.ioBuffer();
 *     i = builder.announceIpv4(out, attributeBlock, prefixes, pathIds, i);
 *     channel.write(out);                       // the channel releases out
 * }
 * }</pre>
 *
 * <p>The attribute block is passed as raw bytes so that unchanged attributes are re-sent from their
 * original encoding (see {@link #writeReceivedAttributes}) or encoded once per attribute set by
 * {@link dev.jbgp.wire.attr.PathAttributes#write}. Path identifiers (RFC 7911) are written when the
 * context says we send them for the family; {@code pathIds} is parallel to the prefixes, or empty for
 * all zero. The builder never retains or releases a buffer: the caller owns {@code out} and the
 * attribute block. Stateless apart from the context; thread-safe.
 */
public final class UpdateBuilder {

    private static final int[] NO_PATH_IDS = new int[0];

    private final CodecContext ctx;

    public UpdateBuilder(CodecContext ctx) {
        this.ctx = ctx;
    }

    /** The context this builder encodes for. */
    public CodecContext context() {
        return ctx;
    }

    /**
     * Writes one UPDATE announcing IPv4 unicast {@code prefixes[from..]} in the NLRI field with the
     * given attribute block (which must contain ORIGIN, AS_PATH and NEXT_HOP).
     *
     * @param attributes the Path Attributes field, read from its reader index without being consumed
     * @return the index of the first prefix not written; {@code from} (and nothing written) when none fit
     *         or {@code from == prefixes.size()}
     * @throws IllegalArgumentException when the attributes alone do not fit in a message
     */
    public int announceIpv4(ByteBuf out, ByteBuf attributes, List<Ipv4Prefix> prefixes, int[] pathIds, int from) {
        if (from >= prefixes.size()) {
            return from;
        }
        boolean addPath = ctx.sendsPathIds(Afi.IPV4, Safi.UNICAST);
        int attrLen = attributes.readableBytes();
        int room = ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attrLen;
        if (room < entrySize(prefixes.get(from), addPath)) {
            checkRoom(room);
            return from;
        }
        if (addPath) {
            int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
            out.writeShort(0);
            out.writeShort(attrLen);
            out.writeBytes(attributes, attributes.readerIndex(), attrLen);
            int i = writeEntries(out, prefixes, pathIds, from, room, true);
            MessageHeader.patchLength(out, start);
            return i;
        }
        // Size the message first, reserve it once, then fill it with unchecked stores: per prefix one
        // 8-octet store instead of a checked ByteBuf write per octet (see writeIpv4Entries).
        int n = prefixes.size();
        int used = 0;
        int to = from;
        for (; to < n; to++) {
            int size = 1 + ((prefixes.get(to).length() + 7) >>> 3);
            if (used + size > room) {
                break;
            }
            used += size;
        }
        int total = UpdateView.MIN_LENGTH + attrLen + used;
        out.ensureWritable(total);
        int w = out.writerIndex();
        Octets o = new Octets().reset(out);
        o.putLong(w, -1L); // marker
        o.putLong(w + 8, -1L);
        // Length, Type, Withdrawn Routes Length 0, Total Path Attribute Length; the 8th octet is the
        // first of the attributes (or NLRI), written next. total >= 24: an entry is at least 1 octet.
        o.putLong(w + MessageHeader.LENGTH_OFFSET, ((long) total << 48) | ((long) MessageType.UPDATE.value() << 40)
                | ((long) attrLen << 8));
        out.setBytes(w + UpdateView.MIN_LENGTH, attributes, attributes.readerIndex(), attrLen);
        writeIpv4Entries(out, o, prefixes, from, to, w + UpdateView.MIN_LENGTH + attrLen);
        out.writerIndex(w + total);
        return to;
    }

    /**
     * Writes one UPDATE announcing the IPv4 unicast prefixes {@code keys[from..to)}, given as
     * {@link Ipv4Prefix#key()} values, with the Path Attributes field {@code attributes[0..attributesLength)}
     * (which must contain ORIGIN, AS_PATH and NEXT_HOP). The primitive form of
     * {@link #announceIpv4(ByteBuf, ByteBuf, List, int[], int)} for an Adj-RIB-Out dump, where the
     * prefixes are never objects: the attribute block is one bulk copy and each NLRI entry one 8-octet
     * store. When the context sends path identifiers (RFC 7911) each entry gets path identifier 0.
     * The caller owns {@code out}; nothing is retained. {@code out} must have room for (or be able to
     * grow to) the largest message the remaining prefixes could make, at most the context's maximum
     * message length: a buffer of that capacity always does.
     *
     * @return the index of the first prefix not written; {@code from} (and nothing written) when none fit
     *         or {@code from >= to}
     * @throws IllegalArgumentException when the attributes alone do not fit in a message
     */
    public int announceIpv4(ByteBuf out, byte[] attributes, int attributesLength, long[] keys, int from, int to) {
        if (from >= to) {
            return from;
        }
        int pathId = ctx.sendsPathIds(Afi.IPV4, Safi.UNICAST) ? 4 : 0;
        int room = ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attributesLength;
        if (room < pathId + 1 + ((((int) keys[from] & 0xFF) + 7) >>> 3)) {
            checkRoom(room);
            return from;
        }
        // Reserve the largest the message can be (an entry is at most 5 octets plus the path id), at
        // most the maximum message length, so a buffer of that capacity never grows.
        int most = (int) Math.min(room, (long) (to - from) * (5 + pathId));
        out.ensureWritable(UpdateView.MIN_LENGTH + attributesLength + most);
        int w = out.writerIndex();
        Octets o = new Octets().reset(out);
        o.putLong(w, -1L); // marker
        o.putLong(w + 8, -1L);
        // Length (patched below), Type, Withdrawn Routes Length 0, Total Path Attribute Length; the 8th
        // octet is the first of the attributes, copied over it next.
        o.putLong(w + MessageHeader.LENGTH_OFFSET, ((long) MessageType.UPDATE.value() << 40)
                | ((long) attributesLength << 8));
        int p = w + UpdateView.MIN_LENGTH;
        out.setBytes(p, attributes, 0, attributesLength);
        p += attributesLength;
        int limit = p + room;
        int wideUntil = out.capacity() - 8;
        int i = from;
        for (; i < to; i++) {
            long k = keys[i];
            int len = (int) k & 0xFF;
            int next = p + pathId + 1 + ((len + 7) >>> 3);
            if (next > limit) {
                break;
            }
            if (pathId != 0) {
                out.setInt(p, 0);
                p += 4;
            }
            if (p <= wideUntil) {
                // length, the 4 address octets, zero padding the next entry overwrites
                o.putLong(p, ((long) len << 56) | ((k & ~0xFFL) << 16));
            } else {
                out.setByte(p, len);
                for (int b = 0; b < next - p - 1; b++) {
                    out.setByte(p + 1 + b, (int) (k >>> (32 - 8 * b)));
                }
            }
            p = next;
        }
        out.setShort(w + MessageHeader.LENGTH_OFFSET, p - w);
        out.writerIndex(p);
        return i;
    }

    /**
     * Writes the IPv4 NLRI entries {@code prefixes[from..to)} (no path ids) from index {@code w} of
     * {@code out}, whose capacity the caller reserved. Each entry is one 8-octet store — length, the 4
     * address octets, zero padding — advancing by the entry's real size, so the next entry overwrites
     * the padding (host bits are zero, so the octets past the prefix are zero too). Entries closer than
     * 8 octets to the buffer's capacity are written octet by octet.
     */
    private static void writeIpv4Entries(ByteBuf out, Octets o, List<Ipv4Prefix> prefixes, int from, int to, int w) {
        int wideUntil = out.capacity() - 8;
        for (int i = from; i < to; i++) {
            Ipv4Prefix p = prefixes.get(i);
            int len = p.length();
            int octets = (len + 7) >>> 3;
            int a = p.address();
            if (w <= wideUntil) {
                o.putLong(w, ((long) len << 56) | ((a & 0xFFFFFFFFL) << 24));
            } else {
                out.setByte(w, len);
                for (int k = 0; k < octets; k++) {
                    out.setByte(w + 1 + k, a >>> (24 - 8 * k));
                }
            }
            w += 1 + octets;
        }
    }

    /**
     * Writes one UPDATE announcing IPv6 unicast {@code prefixes[from..]} in an MP_REACH_NLRI with
     * {@code nextHop}, after the given attribute block (ORIGIN and AS_PATH; no NEXT_HOP needed).
     *
     * @return the index of the first prefix not written
     */
    public int announceIpv6(ByteBuf out, ByteBuf attributes, Ipv6NextHop nextHop, List<Ipv6Prefix> prefixes,
                            int[] pathIds, int from) {
        if (from >= prefixes.size()) {
            return from;
        }
        boolean addPath = ctx.sendsPathIds(Afi.IPV6, Safi.UNICAST);
        int attrLen = attributes.readableBytes();
        int mpFixed = 4 + MpReachNlri.MIN_LENGTH + nextHop.length();
        int room = Math.min(0xFFFF - MpReachNlri.MIN_LENGTH - nextHop.length(),
                ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attrLen - mpFixed);
        if (room < entrySize(prefixes.get(from), addPath)) {
            checkRoom(room);
            return from;
        }
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        out.writeShort(0);
        int attrLenAt = out.writerIndex();
        out.writeShort(0);
        out.writeBytes(attributes, attributes.readerIndex(), attrLen);
        int mp = MpReachNlri.beginIpv6(out, nextHop.high(), nextHop.low(), nextHop.hasLinkLocal(),
                nextHop.linkLocalHigh(), nextHop.linkLocalLow());
        int i = writeEntries(out, prefixes, pathIds, from, room, addPath);
        AttributeWriter.patchExtended(out, mp);
        out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
        MessageHeader.patchLength(out, start);
        return i;
    }

    /**
     * Writes one UPDATE withdrawing {@code prefixes[from..]}: IPv4 in the Withdrawn Routes field, IPv6
     * in an MP_UNREACH_NLRI. All prefixes of one call must be of one family.
     *
     * @return the index of the first prefix not written
     */
    public int withdraw(ByteBuf out, List<? extends Prefix> prefixes, int[] pathIds, int from) {
        if (from >= prefixes.size()) {
            return from;
        }
        int afi = prefixes.get(from).afi();
        boolean addPath = ctx.sendsPathIds(afi, Safi.UNICAST);
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        int i;
        if (afi == Afi.IPV4) {
            int room = ctx.maxMessageLength() - UpdateView.MIN_LENGTH;
            int lenAt = out.writerIndex();
            out.writeShort(0);
            i = writeEntries(out, prefixes, pathIds, from, room, addPath);
            out.setShort(lenAt, out.writerIndex() - lenAt - 2);
            out.writeShort(0);
        } else {
            int room = ctx.maxMessageLength() - UpdateView.MIN_LENGTH - 4 - MpUnreachNlri.MIN_LENGTH;
            out.writeShort(0);
            int attrLenAt = out.writerIndex();
            out.writeShort(0);
            int mp = MpUnreachNlri.begin(out, afi, Safi.UNICAST);
            i = writeEntries(out, prefixes, pathIds, from, room, addPath);
            AttributeWriter.patchExtended(out, mp);
            out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
        }
        MessageHeader.patchLength(out, start);
        return i;
    }

    /** As {@link #withdraw(ByteBuf, List, int[], int)} with all path ids 0. */
    public int withdraw(ByteBuf out, List<? extends Prefix> prefixes, int from) {
        return withdraw(out, prefixes, NO_PATH_IDS, from);
    }

    /**
     * Writes the End-of-RIB marker of {@code family} (RFC 4724 §2): an empty UPDATE for IPv4 unicast,
     * otherwise an UPDATE holding only an empty MP_UNREACH_NLRI. The caller owns {@code out}.
     */
    public static void endOfRib(ByteBuf out, AddressFamily family) {
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        out.writeShort(0);
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            out.writeShort(0);
        } else {
            out.writeShort(6);
            out.writeByte(AttributeCursor.FLAG_OPTIONAL);
            out.writeByte(AttributeType.MP_UNREACH_NLRI);
            out.writeByte(3);
            out.writeShort(family.afi());
            out.writeByte(family.safi());
        }
        MessageHeader.patchLength(out, start);
    }

    /**
     * Copies the path attributes of a received UPDATE for sending on, from their original bytes:
     * MP_REACH_NLRI and MP_UNREACH_NLRI (they carry NLRI), repeated attributes (RFC 7606 §3 g) and the
     * types in {@code skip} are left out; unrecognised optional non-transitive attributes are dropped
     * and unrecognised optional transitive ones get the Partial bit (RFC 4271 §5). The view's buffer
     * is not retained; the caller owns {@code out}.
     *
     * @param recognised whether the receiver recognises an attribute type (e.g. {@code t -> t < 19 || t == 32})
     * @return the number of octets written
     * @throws BgpDecodeException when the attribute field is truncated (validate first)
     */
    public static int writeReceivedAttributes(UpdateView view, ByteBuf out, java.util.function.IntPredicate recognised,
                                              int... skip) throws BgpDecodeException {
        int start = out.writerIndex();
        AttributeCursor c = view.attributes(new AttributeCursor());
        ByteBuf buf = view.buffer();
        boolean[] seen = new boolean[256];
        while (c.next()) {
            int t = c.type();
            if (seen[t] || t == AttributeType.MP_REACH_NLRI || t == AttributeType.MP_UNREACH_NLRI || contains(skip, t)) {
                seen[t] = true;
                continue;
            }
            seen[t] = true;
            if (!recognised.test(t)) {
                if (!c.isOptional() || !c.isTransitive()) {
                    continue;
                }
                int at = out.writerIndex();
                out.writeBytes(buf, c.offset(), c.totalLength());
                out.setByte(at, c.flags() | AttributeCursor.FLAG_PARTIAL);
                continue;
            }
            out.writeBytes(buf, c.offset(), c.totalLength());
        }
        return out.writerIndex() - start;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an IPv4 announcement with a Path Attributes field of {@code attributesLength} octets
     * fits in one message of this context with room for any prefix (a /32, with its path identifier
     * where ADD-PATH is sent): when it does not, the announcement methods cannot make progress, and
     * such a route cannot be sent to this peer at all.
     */
    public boolean fitsIpv4(int attributesLength) {
        int largest = (ctx.sendsPathIds(Afi.IPV4, Safi.UNICAST) ? 4 : 0) + 1 + 4;
        return ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attributesLength >= largest;
    }

    /** As {@link #fitsIpv4} for IPv6 in MP_REACH_NLRI with {@code nextHop} (room for a /128). */
    public boolean fitsIpv6(int attributesLength, Ipv6NextHop nextHop) {
        int largest = (ctx.sendsPathIds(Afi.IPV6, Safi.UNICAST) ? 4 : 0) + 1 + 16;
        int mpFixed = 4 + MpReachNlri.MIN_LENGTH + nextHop.length();
        return ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attributesLength - mpFixed >= largest;
    }

    private static void checkRoom(int room) {
        if (room < 6) {
            throw new IllegalArgumentException("the path attributes leave no room for NLRI in one message");
        }
    }

    /** Octets one NLRI entry takes. */
    public static int entrySize(Prefix p, boolean addPath) {
        return (addPath ? 4 : 0) + 1 + ((p.length() + 7) >>> 3);
    }

    private static int writeEntries(ByteBuf out, List<? extends Prefix> prefixes, int[] pathIds, int from,
                                    int room, boolean addPath) {
        int used = 0;
        int i = from;
        for (; i < prefixes.size(); i++) {
            Prefix p = prefixes.get(i);
            int size = entrySize(p, addPath);
            if (used + size > room) {
                break;
            }
            writeEntry(out, p, pathIds.length > i ? pathIds[i] : 0, addPath);
            used += size;
        }
        return i;
    }

    /** Writes one NLRI entry ({@code [path id] length prefix-octets}). The caller owns {@code out}. */
    public static void writeEntry(ByteBuf out, Prefix p, int pathId, boolean addPath) {
        if (addPath) {
            out.writeInt(pathId);
        }
        int len = p.length();
        out.writeByte(len);
        int octets = (len + 7) >>> 3;
        if (p instanceof Ipv4Prefix) {
            int a = ((Ipv4Prefix) p).address();
            for (int k = 0; k < octets; k++) {
                out.writeByte(a >>> (24 - 8 * k));
            }
        } else {
            Ipv6Prefix v6 = (Ipv6Prefix) p;
            for (int k = 0; k < octets; k++) {
                long word = k < 8 ? v6.high() : v6.low();
                out.writeByte((int) (word >>> (56 - 8 * (k & 7))));
            }
        }
    }
}
