package dev.jbgp.wire.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Unchecked big-endian reads from the memory behind a {@code ByteBuf}, for the decoders' inner loops.
 * {@link #reset} resolves the buffer once — its backing array or its native memory address — so that
 * each read afterwards is one plain memory access instead of a {@code ByteBuf} getter with its
 * reference-count and bounds checks (and, for slices, a hop to the parent buffer). Where neither is
 * available (a composite buffer, or a JVM without {@code sun.misc.Unsafe}, which Netty reports through
 * {@link PlatformDependent#hasUnsafe()}), the reads go through the {@code ByteBuf} getters unchanged.
 *
 * <p><b>The caller checks every index</b> against the region it validated (a message inside the
 * buffer's readable bytes) before reading: nothing here does, and a read outside the buffer returns
 * garbage or crashes the JVM. Each read asserts its bounds when assertions are on (they are in tests
 * and fuzzing), so an index bug fails there instead of reading out of bounds.
 *
 * <p>Not part of the API (the package is not exported). Never retains or releases the buffer; the
 * caller owns it and keeps it alive while reading. Reusable, not thread-safe.
 */
public final class Octets {

    /** Whether unchecked access can be used at all (Unsafe present, unaligned reads allowed). */
    private static final boolean UNSAFE = PlatformDependent.hasUnsafe() && PlatformDependent.isUnaligned();
    private static final boolean BIG_ENDIAN = PlatformDependent.BIG_ENDIAN_NATIVE_ORDER;
    private static final long ARRAY_BASE = UNSAFE ? PlatformDependent.byteArrayBaseOffset() : 0;

    private ByteBuf buf;
    /** Whether {@link #array} and {@link #offset} locate the memory (else the ByteBuf getters are used). */
    private boolean direct;
    /**
     * The backing array, or null for native memory: {@code Unsafe} reads {@code (array, offset + index)},
     * an absolute address when {@code array} is null (its documented double-register addressing).
     */
    private byte[] array;
    private long offset;

    /**
     * Resolves {@code buf}'s memory; the indexes passed to the readers are {@code buf}'s own absolute
     * indexes. The buffer is not retained.
     *
     * @return this
     */
    public Octets reset(ByteBuf buf) {
        this.buf = buf;
        // native memory first: what Netty's socket reads fill (one virtual call fewer per message)
        if (UNSAFE && buf.hasMemoryAddress()) {
            array = null;
            offset = buf.memoryAddress();
            direct = true;
        } else if (UNSAFE && buf.hasArray()) {
            array = buf.array();
            offset = ARRAY_BASE + buf.arrayOffset();
            direct = true;
        } else {
            array = null;
            offset = 0;
            direct = false;
        }
        return this;
    }

    /** The buffer given to {@link #reset} (owned by the caller). */
    public ByteBuf buffer() {
        return buf;
    }

    private boolean inBounds(int index, int n) {
        return index >= 0 && index + n <= buf.writerIndex();
    }

    /** The unsigned octet at {@code index}. */
    public int u8(int index) {
        assert inBounds(index, 1);
        // PlatformDependent.getByte(byte[], long) adds the array base itself
        return direct ? PlatformDependent.getByte(array, offset - ARRAY_BASE + index) & 0xFF : buf.getUnsignedByte(index);
    }

    /** The unsigned big-endian 2-octet value at {@code index}. */
    public int u16(int index) {
        assert inBounds(index, 2);
        return direct ? (u8(index) << 8) | u8(index + 1) : buf.getUnsignedShort(index);
    }

    /** The big-endian 4-octet value at {@code index}. */
    public int s32(int index) {
        assert inBounds(index, 4);
        if (!direct) {
            return buf.getInt(index);
        }
        int v = PlatformDependent.getInt(array, offset + index);
        return BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /**
     * The big-endian 8-octet value at {@code index}: one read where a decoder checks several fixed
     * header octets at once.
     */
    public long s64(int index) {
        assert inBounds(index, 8);
        if (!direct) {
            return buf.getLong(index);
        }
        // no getLong(Object, long) in PlatformDependent: the array form adds the array base itself
        byte[] a = array;
        long v = a != null ? PlatformDependent.getLong(a, (int) (offset - ARRAY_BASE) + index)
                : PlatformDependent.getLong(offset + index);
        return BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    /**
     * Writes the 8 octets of {@code v} big-endian at {@code index}, which must lie within the buffer's
     * capacity (checked by the caller; asserted). The writer index is not moved.
     */
    public void putLong(int index, long v) {
        assert index >= 0 && index + 8 <= buf.capacity();
        if (!direct) {
            buf.setLong(index, v);
            return;
        }
        long w = BIG_ENDIAN ? v : Long.reverseBytes(v);
        byte[] a = array;
        if (a != null) {
            PlatformDependent.putLong(a, (int) (offset - ARRAY_BASE) + index, w);
        } else {
            PlatformDependent.putLong(offset + index, w);
        }
    }
}
