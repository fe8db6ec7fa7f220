package dev.jbgp.speaker.conformance;

import dev.jbgp.testkit.peer.RawMessages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An UPDATE the observer received, laid out by RFC 4271 §4.3 (read here by hand, not by the codec
 * under test): its withdrawn routes, path attributes and NLRI fields.
 */
record ObservedUpdate(byte[] withdrawn, List<byte[]> attributes, byte[] nlri) {

    /** Lays out a whole UPDATE message. */
    static ObservedUpdate of(byte[] message) {
        byte[] b = RawMessages.body(message);
        int withdrawn = (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
        byte[] w = Arrays.copyOfRange(b, 2, 2 + withdrawn);
        int p = 2 + withdrawn;
        int total = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
        p += 2;
        int end = p + total;
        List<byte[]> attrs = new ArrayList<>();
        while (p < end) {
            boolean ext = (b[p] & 0x10) != 0;
            int len = ext ? (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF) : b[p + 2] & 0xFF;
            int next = p + (ext ? 4 : 3) + len;
            attrs.add(Arrays.copyOfRange(b, p, next));
            p = next;
        }
        return new ObservedUpdate(w, attrs, Arrays.copyOfRange(b, end, b.length));
    }

    /** The attribute of {@code type} (whole: flags, type, length, value), or null. */
    byte[] attribute(int type) {
        for (byte[] a : attributes) {
            if ((a[1] & 0xFF) == type) {
                return a;
            }
        }
        return null;
    }

    /** The value of a whole attribute. */
    static byte[] value(byte[] attribute) {
        return Arrays.copyOfRange(attribute, (attribute[0] & 0x10) != 0 ? 4 : 3, attribute.length);
    }
}
