package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ADD-PATH capability (RFC 7911 §4): per AFI/SAFI, whether the speaker can receive and/or send several
 * paths per prefix.
 *
 * <pre>
 * +------------------------------------------------+
 * | Address Family Identifier (2 octets)           |
 * +------------------------------------------------+
 * | Subsequent Address Family Identifier (1 octet) |
 * +------------------------------------------------+
 * | Send/Receive (1 octet)                         |
 * +------------------------------------------------+
 * ... repeated
 * </pre>
 *
 * @param entries the families in wire order
 */
public record AddPath(List<Entry> entries) implements Capability {

    /** Send/Receive value 1: the speaker can receive multiple paths. */
    public static final int RECEIVE = 1;
    /** Send/Receive value 2: the speaker can send multiple paths. */
    public static final int SEND = 2;
    /** Send/Receive value 3: both. */
    public static final int BOTH = 3;

    /**
     * One family.
     *
     * @param family      the address family
     * @param sendReceive 1 receive, 2 send, 3 both; another value is kept but means neither (RFC 7911 §4)
     */
    public record Entry(AddressFamily family, int sendReceive) {
        public Entry {
            Objects.requireNonNull(family, "family");
            if (sendReceive < 0 || sendReceive > 0xFF) {
                throw new IllegalArgumentException("send/receive out of range 0..255: " + sendReceive);
            }
        }

        /** Whether the sender can receive several paths. */
        public boolean canReceive() {
            return sendReceive == RECEIVE || sendReceive == BOTH;
        }

        /** Whether the sender can send several paths. */
        public boolean canSend() {
            return sendReceive == SEND || sendReceive == BOTH;
        }

        @Override
        public String toString() {
            String mode;
            switch (sendReceive) {
                case RECEIVE: mode = "receive"; break;
                case SEND: mode = "send"; break;
                case BOTH: mode = "send/receive"; break;
                default: mode = "mode-" + sendReceive; break;
            }
            return family + " " + mode;
        }
    }

    public AddPath {
        entries = List.copyOf(entries);
        if (entries.isEmpty() || entries.size() > 63) {
            throw new IllegalArgumentException("ADD-PATH needs 1..63 entries, got " + entries.size());
        }
    }

    /** Decodes the value: a non-zero multiple of 4 octets; ownership of {@code buf} unchanged. */
    public static AddPath decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length == 0 || length % 4 != 0) {
            throw Capabilities.malformed("ADD-PATH capability length is not a non-zero multiple of 4: " + length);
        }
        List<Entry> entries = new ArrayList<>(length / 4);
        for (int p = index; p < index + length; p += 4) {
            entries.add(new Entry(AddressFamily.of(buf.getUnsignedShort(p), buf.getUnsignedByte(p + 2)),
                    buf.getUnsignedByte(p + 3)));
        }
        return new AddPath(entries);
    }

    @Override
    public int code() {
        return CapabilityCode.ADD_PATH;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.ADD_PATH);
        out.writeByte(4 * entries.size());
        for (Entry e : entries) {
            out.writeShort(e.family().afi());
            out.writeByte(e.family().safi());
            out.writeByte(e.sendReceive());
        }
    }

    @Override
    public int encodedLength() {
        return 2 + 4 * entries.size();
    }

    @Override
    public String toString() {
        return "add-path" + entries;
    }
}
