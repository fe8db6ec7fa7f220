package dev.jbgp.wire.nlri;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.internal.NlriCursorAccess;
import dev.jbgp.wire.internal.Octets;
import io.netty.buffer.ByteBuf;

/**
 * A reusable cursor over an NLRI field (RFC 4271 §4.3: withdrawn routes and NLRI; RFC 4760 §5: the NLRI
 * inside MP_REACH_NLRI / MP_UNREACH_NLRI), optionally with ADD-PATH path identifiers (RFC 7911 §3).
 * It reads the prefixes in place and allocates nothing per prefix:
 *
 * <pre>{@code
 * NlriCursor c = new NlriCursor();            // one per thread, reused for every UPDATE
 * c.reset(buf, offset, length, Afi.IPV4, addPath);
 * while (c.next()) {
 *     table.put(c.ipv4Address(), c.length(), c.pathId());
 * }
 * }</pre>
 *
 * <p>Each entry is {@code [path id (4 octets, ADD-PATH only)] length (1 octet) prefix (ceil(length/8) octets)}.
 * Bits set past the prefix length are cleared: RFC 4271 §4.3 says they are irrelevant, and real data
 * (RIPE RIS dumps, bgpdump's {@code nlri_mask_trailing_bits}) carries them.
 *
 * <p>A prefix length above 32 (IPv4) or 128 (IPv6), or a field that ends inside an entry, makes the
 * whole field syntactically incorrect. RFC 7606 §5.3 requires "session reset" for that: the
 * prefixes cannot be located, so treat-as-withdraw is impossible. The NOTIFICATION is UPDATE Message
 * Error / Invalid Network Field (RFC 4271 §6.3) for the message body, or the subcode given to
 * {@link #reset(ByteBuf, int, int, int, boolean, int)} (Optional Attribute Error for MP_REACH_NLRI /
 * MP_UNREACH_NLRI, RFC 4760 §7).
 *
 * <p>A cursor positioned by {@code UpdateView} after {@code UpdateValidator} passed the message may
 * return entries the validator's walk already decoded (the same values, read from an array the view
 * owns instead of from the octets again); such a cursor is valid until the view is wrapped over
 * another message.
 *
 * <p>The cursor never retains or releases the buffer; the caller owns it and must keep it alive while
 * the cursor is in use. Not thread-safe.
 */
public final class NlriCursor {

    static {
        NlriCursorAccess.install(new NlriCursorAccess() {
            @Override
            public NlriCursor resetDecoded(NlriCursor c, ByteBuf buf, int fieldOffset, int fieldLength,
                    long[] entries, int from, int count) {
                return c.resetDecoded(buf, fieldOffset, fieldLength, entries, from, count);
            }
        });
    }

    private final Octets memory = new Octets();
    private ByteBuf buf;
    /** The field's first octet: entry offsets are kept relative to it. */
    private int fieldStart;
    private int position;
    private int end;
    private int afi = Afi.IPV4;
    private boolean addPath;
    private int errorSubcode = Subcodes.Update.INVALID_NETWORK_FIELD;
    /**
     * Entries decoded by the validator's walk (see {@link NlriCursorAccess#entry}), or null when the
     * cursor parses the octets; {@link #index} and {@link #count} bound the ones left.
     */
    private long[] decoded;
    private int index;
    private int count;

    /**
     * The current entry packed as {@link NlriCursorAccess#entry} packs it (IPv4 address, prefix length,
     * offset from {@link #fieldStart}), in both modes: a decoded entry is taken as it is, one store
     * instead of one per getter's field.
     */
    private long current;
    private int pathId;
    private long v6High;
    private long v6Low;

    /**
     * Positions the cursor before the first entry of the field {@code [offset, offset + fieldLength)}
     * of {@code buf}; errors map to Invalid Network Field.
     *
     * @param afi     {@link Afi#IPV4} or {@link Afi#IPV6}
     * @param addPath whether each entry starts with a 4-octet path identifier
     * @return this
     */
    public NlriCursor reset(ByteBuf buf, int offset, int fieldLength, int afi, boolean addPath) {
        return reset(buf, offset, fieldLength, afi, addPath, Subcodes.Update.INVALID_NETWORK_FIELD);
    }

    /**
     * As {@link #reset(ByteBuf, int, int, int, boolean)}, with the UPDATE error subcode that a
     * syntax error maps to.
     */
    public NlriCursor reset(ByteBuf buf, int offset, int fieldLength, int afi, boolean addPath, int errorSubcode) {
        if (afi != Afi.IPV4 && afi != Afi.IPV6) {
            throw new IllegalArgumentException("NlriCursor reads IPv4 or IPv6 prefixes, not AFI " + afi);
        }
        this.decoded = null;
        this.buf = buf;
        this.memory.reset(buf);
        this.fieldStart = offset;
        this.position = offset;
        this.end = offset + fieldLength;
        this.afi = afi;
        this.addPath = addPath;
        this.errorSubcode = errorSubcode;
        this.current = 0;
        this.pathId = 0;
        this.v6High = 0;
        this.v6Low = 0;
        return this;
    }

    /** Over IPv4 entries already decoded and checked (see {@link NlriCursorAccess#resetDecoded}). */
    private NlriCursor resetDecoded(ByteBuf buf, int offset, int fieldLength, long[] entries, int from, int n) {
        this.decoded = entries;
        this.index = from;
        this.count = from + n;
        this.buf = buf;
        this.fieldStart = offset;
        // only what the getters of an IPv4 entry read: the parser's position, end, ADD-PATH flag and
        // error subcode, and the IPv6 words, are not used in this mode (reset sets them all again)
        this.afi = Afi.IPV4;
        this.current = 0;
        this.pathId = 0;
        return this;
    }

    /**
     * Advances to the next entry.
     *
     * @return {@code false} when the field is exhausted
     * @throws BgpDecodeException (session reset, RFC 7606 §5.3) on a prefix length past the address
     *                            size or an entry that runs past the field
     */
    public boolean next() throws BgpDecodeException {
        long[] d = decoded;
        if (d == null) {
            return parseNext();
        }
        int i = index;
        if (i >= count) {
            return false;
        }
        current = d[i];
        index = i + 1;
        return true;
    }

    /** {@link #next()} over the octets. */
    private boolean parseNext() throws BgpDecodeException {
        int p = position;
        if (p >= end) {
            return false;
        }
        int entryOffset = p;
        Octets o = memory;
        if (addPath) {
            if (end - p < 5) {
                throw error("NLRI entry at offset " + p + " is truncated inside its path identifier");
            }
            pathId = o.s32(p);
            p += 4;
        }
        int len = o.u8(p++);
        int max = afi == Afi.IPV4 ? 32 : 128;
        if (len > max) {
            throw error("prefix length " + len + " exceeds " + max + " at offset " + entryOffset);
        }
        int octets = (len + 7) >>> 3;
        if (octets > end - p) {
            throw error("prefix /" + len + " at offset " + entryOffset + " runs past the end of the field");
        }
        int v4 = 0;
        if (afi == Afi.IPV4) {
            // one 4-octet read when the field has 4 octets left (the common case: more entries follow);
            // the octets past the prefix are masked away with the host bits
            int raw = end - p >= 4 ? o.s32(p) : readIpv4(o, p, octets);
            v4 = raw & Ipv4Prefix.mask(len);
        } else {
            readIpv6(p, octets, len);
        }
        current = NlriCursorAccess.entry(v4, len, entryOffset - fieldStart);
        position = p + octets;
        return true;
    }

    private static int readIpv4(Octets o, int p, int octets) {
        switch (octets) {
            case 0: return 0;
            case 1: return o.u8(p) << 24;
            case 2: return o.u16(p) << 16;
            case 3: return (o.u16(p) << 16) | (o.u8(p + 2) << 8);
            default: return o.s32(p);
        }
    }

    private void readIpv6(int p, int octets, int len) {
        long hi = 0;
        long lo = 0;
        if (octets == 16) {
            hi = buf.getLong(p);
            lo = buf.getLong(p + 8);
        } else {
            for (int i = 0; i < octets; i++) {
                long b = buf.getByte(p + i) & 0xFFL;
                if (i < 8) {
                    hi |= b << (56 - 8 * i);
                } else {
                    lo |= b << (56 - 8 * (i - 8));
                }
            }
        }
        v6High = hi & Ipv6Prefix.highMask(len);
        v6Low = lo & Ipv6Prefix.lowMask(len);
    }

    private BgpDecodeException error(String message) {
        return BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR, errorSubcode, null, message);
    }

    /** The address family being read. */
    public int afi() {
        return afi;
    }

    /** The path identifier of the current entry (RFC 7911), 0 without ADD-PATH. */
    public int pathId() {
        return pathId;
    }

    /** The prefix length of the current entry in bits. */
    public int length() {
        return (int) (current >>> 16) & 0xFF;
    }

    /** The current IPv4 prefix address, host bits cleared. */
    public int ipv4Address() {
        return (int) (current >>> 32);
    }

    /** The first 64 bits of the current IPv6 prefix, host bits cleared (meaningless for IPv4). */
    public long ipv6High() {
        return v6High;
    }

    /** The last 64 bits of the current IPv6 prefix, host bits cleared (meaningless for IPv4). */
    public long ipv6Low() {
        return v6Low;
    }

    /** The absolute offset in the buffer where the current entry starts (at the path id if any). */
    public int entryOffset() {
        return fieldStart + ((int) current & 0xFFFF);
    }

    /** The current entry as an immutable value (allocates; for convenience, not for hot paths). */
    public Prefix toPrefix() {
        return afi == Afi.IPV4 ? new Ipv4Prefix(ipv4Address(), length()) : new Ipv6Prefix(v6High, v6Low, length());
    }

    /**
     * Counts the entries of a field and checks its syntax, leaving this cursor exhausted.
     *
     * @throws BgpDecodeException as {@link #next()}
     */
    public int count() throws BgpDecodeException {
        int n = 0;
        while (next()) {
            n++;
        }
        return n;
    }
}
