package dev.jbgp.wire.mrt;

import io.netty.buffer.ByteBuf;

/**
 * The header state shared by the reusable record flyweights. The reader points a flyweight at the
 * body of the current record in its own buffer; the flyweight never owns that buffer.
 */
abstract class FlyweightRecord {

    ByteBuf buf;
    /** Absolute index of the first body octet after any ET microsecond field. */
    int start;
    /** Absolute index one past the last body octet. */
    int end;
    long timestamp;
    int microseconds;
    int type;
    int subtype;
    long offset;

    final void header(ByteBuf buf, int start, int end, long timestamp, int microseconds, int type,
                      int subtype, long offset) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.timestamp = timestamp;
        this.microseconds = microseconds;
        this.type = type;
        this.subtype = subtype;
        this.offset = offset;
    }

    /** Forgets the buffer so a stale flyweight cannot read a released or reused one silently. */
    final void clear() {
        buf = null;
    }

    final ByteBuf buf() {
        if (buf == null) {
            throw new IllegalStateException("this MRT record is no longer current: the reader moved on or was closed");
        }
        return buf;
    }

    /** The header timestamp: seconds since 1970-01-01 UTC (unsigned 32 bits). */
    public long timestamp() {
        return timestamp;
    }

    /** The microsecond part of the timestamp for the {@code _ET} types, otherwise 0. */
    public int microseconds() {
        return microseconds;
    }

    /** The MRT type. */
    public int type() {
        return type;
    }

    /** The MRT subtype. */
    public int subtype() {
        return subtype;
    }

    /** Offset of this record's header in the uncompressed stream. */
    public long offset() {
        return offset;
    }

    /** Throws a {@link MrtFormatException} unless {@code need} octets remain at {@code index}. */
    final void require(int index, int need, String field) throws MrtFormatException {
        if (need < 0 || index > end || end - index < need) {
            throw new MrtFormatException(offset, "MRT type " + type + " subtype " + subtype + ": " + field
                    + " needs " + need + " octets but only " + Math.max(0, end - index) + " remain");
        }
    }

    final MrtFormatException malformed(String what) {
        return new MrtFormatException(offset, "MRT type " + type + " subtype " + subtype + ": " + what);
    }
}
