package dev.jbgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test helpers: hex to buffers and UPDATE assembly. Every buffer returned is owned (and released) by the caller. */
public final class Bytes {

    private Bytes() {
    }

    /** Hex (spaces allowed) to bytes. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }

    /** A heap buffer holding the hex; the caller releases it. */
    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(hex(hex));
    }

    /** Upper-case hex of the readable bytes. */
    public static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf).toUpperCase(java.util.Locale.ROOT);
    }

    /** A full UPDATE message (header included) from the hex of its three variable parts. */
    public static String update(String withdrawn, String attributes, String nlri) {
        String w = withdrawn.replace(" ", "");
        String a = attributes.replace(" ", "");
        String n = nlri.replace(" ", "");
        int len = 23 + (w.length() + a.length() + n.length()) / 2;
        return "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + String.format("%04X", len) + "02"
                + String.format("%04X", w.length() / 2) + w + String.format("%04X", a.length() / 2) + a + n;
    }
}
