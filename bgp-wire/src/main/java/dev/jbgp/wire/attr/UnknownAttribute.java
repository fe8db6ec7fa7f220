package dev.jbgp.wire.attr;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * An attribute this library does not interpret, kept as flags, type and value octets so that an
 * optional transitive one can be passed on (RFC 4271 §5: with the Partial bit set, since we did not
 * understand it, see {@link #forwarded()}). Immutable; the value is a private copy.
 */
public final class UnknownAttribute {

    private final int flags;
    private final int type;
    private final byte[] value;

    private UnknownAttribute(int flags, int type, byte[] value) {
        if (type < 0 || type > 255 || flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags and type are octets: " + flags + ", " + type);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("value longer than 65535 octets");
        }
        this.flags = flags & ~AttributeCursor.FLAG_EXTENDED_LENGTH;
        this.type = type;
        this.value = value;
    }

    /** An attribute with these flags (the Extended Length bit is recomputed on write), type and value (copied). */
    public static UnknownAttribute of(int flags, int type, byte[] value) {
        return new UnknownAttribute(flags, type, value.clone());
    }

    /** Copies the attribute the cursor is on. */
    public static UnknownAttribute copyOf(AttributeCursor cursor) {
        byte[] v = new byte[cursor.valueLength()];
        cursor.buffer().getBytes(cursor.valueOffset(), v);
        return new UnknownAttribute(cursor.flags(), cursor.type(), v);
    }

    public int flags() {
        return flags;
    }

    public int type() {
        return type;
    }

    /** A copy of the value octets. */
    public byte[] value() {
        return value.clone();
    }

    public boolean isOptional() {
        return (flags & AttributeCursor.FLAG_OPTIONAL) != 0;
    }

    public boolean isTransitive() {
        return (flags & AttributeCursor.FLAG_TRANSITIVE) != 0;
    }

    /**
     * What to send on for this attribute when we did not recognise it (RFC 4271 §5): an optional
     * transitive one with Partial set; {@code false} from {@link #shouldForward()} for the others.
     */
    public UnknownAttribute forwarded() {
        return new UnknownAttribute(flags | AttributeCursor.FLAG_PARTIAL, type, value);
    }

    /** RFC 4271 §5: unrecognised optional non-transitive attributes are quietly ignored, not passed on. */
    public boolean shouldForward() {
        return isOptional() && isTransitive();
    }

    /** Writes the attribute. The caller owns {@code out}. */
    public void write(ByteBuf out) {
        AttributeWriter.header(out, flags, type, value.length);
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute && ((UnknownAttribute) o).flags == flags
                && ((UnknownAttribute) o).type == type && Arrays.equals(((UnknownAttribute) o).value, value);
    }

    @Override
    public int hashCode() {
        return (flags * 31 + type) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("attr[flags=0x").append(Integer.toHexString(flags))
                .append(", type=").append(type).append(", value=");
        for (byte b : value) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.append(']').toString();
    }
}
