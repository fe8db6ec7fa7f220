package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * CLUSTER_LIST (type 10, optional non-transitive, RFC 4456 §8): the CLUSTER_IDs of the route
 * reflectors the route passed, as 4-octet words. Its length breaks ties (§9) and finds loops.
 */
public final class ClusterList {

    private ClusterList() {
    }

    /**
     * Checks the value length and returns the number of cluster ids.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not a
     *                            non-zero multiple of 4 (RFC 7606 §7.10)
     */
    public static int count(int length) throws BgpDecodeException {
        if (length == 0 || (length & 3) != 0) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "CLUSTER_LIST length " + length + " is not a non-zero multiple of 4");
        }
        return length >>> 2;
    }

    /** The cluster id at {@code index} of a validated value. */
    public static int get(ByteBuf buf, int offset, int index) {
        return buf.getInt(offset + 4 * index);
    }

    /** Whether a validated value holds {@code clusterId} (reflection loop, RFC 4456 §8). */
    public static boolean contains(ByteBuf buf, int offset, int length, int clusterId) {
        for (int p = offset; p + 4 <= offset + length; p += 4) {
            if (buf.getInt(p) == clusterId) {
                return true;
            }
        }
        return false;
    }

    /** Reads every cluster id (allocates). */
    public static int[] read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        int[] ids = new int[count(length)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = get(buf, offset, i);
        }
        return ids;
    }

    /** Writes a CLUSTER_LIST attribute at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out, int[] clusterIds) {
        AttributeWriter.header(out, AttributeCursor.FLAG_OPTIONAL, AttributeType.CLUSTER_LIST, clusterIds.length * 4);
        for (int id : clusterIds) {
            out.writeInt(id);
        }
    }
}
