package dev.jbgp.rib;

import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;

/**
 * The IPv4 unicast announcements of an Adj-RIB-Out at one moment, grouped by attribute set, in
 * primitive form: per set a run of {@link Ipv4Prefix#key()}s in prefix order, all runs in one
 * {@code long[]}. Made by {@link AdjRibOut#ipv4Announcements(dev.jbgp.wire.CodecContext)} for a full announcement (a peer
 * joining, a route refresh); {@link #writeUpdate} packs a run into UPDATEs with the set's Path
 * Attributes field, encoded once per set and update group and then copied.
 *
 * <pre>{@code
 * Ipv4Announcements a = group.ipv4Announcements(builder.context());
 * for (int s = 0; s < a.sets(); s++) {
 *     for (int i = a.start(s); i < a.end(s); ) {
 *         ByteBuf out = alloc.ioBuffer(4096);
 *         i = a.writeUpdate(s, i, builder, out);
 *         channel.write(out);                     // the channel releases out
 *     }
 * }
 * }</pre>
 *
 * <p>An immutable snapshot, the attribute blocks resolved when it was made: later changes of the
 * Adj-RIB-Out come through {@link AdjRibOut#drainPending()}. Holds no {@code ByteBuf}s; the caller owns
 * every buffer passed in.
 */
public final class Ipv4Announcements {

    private final ExportedSet[] sets;
    /** Per set its encoded Path Attributes field (shared with the group's cache: never modified). */
    private final byte[][] blocks;
    private final boolean[] ipv4NextHop;
    /** Whether {@link #blocks} are encoded for 4-octet-AS sessions. */
    private final boolean fourOctetAs;
    /** Per set the end (exclusive) of its run in {@link #keys}; a run starts where the previous ends. */
    private final int[] ends;
    private final long[] keys;

    Ipv4Announcements(ExportedSet[] sets, byte[][] blocks, boolean[] ipv4NextHop, boolean fourOctetAs, int[] ends,
                      long[] keys) {
        this.sets = sets;
        this.blocks = blocks;
        this.ipv4NextHop = ipv4NextHop;
        this.fourOctetAs = fourOctetAs;
        this.ends = ends;
        this.keys = keys;
    }

    /** The number of attribute sets. */
    public int sets() {
        return sets.length;
    }

    /** The number of prefixes, all sets together. */
    public int prefixes() {
        return keys.length;
    }

    /** The attribute set {@code set} (interned, as exported to the group). */
    public PathAttributes attributes(int set) {
        return sets[set].attributes;
    }

    /**
     * Whether set {@code set} has an IPv4 next hop, which IPv4 prefixes need (NEXT_HOP, RFC 4271
     * §5.1.3); a set without one cannot be sent as IPv4 unicast.
     */
    public boolean hasIpv4NextHop(int set) {
        return ipv4NextHop[set];
    }

    /** The length in octets of set {@code set}'s encoded Path Attributes field. */
    public int attributesLength(int set) {
        return blocks[set].length;
    }

    /** The index of the first prefix of set {@code set}. */
    public int start(int set) {
        return set == 0 ? 0 : ends[set - 1];
    }

    /** The index after the last prefix of set {@code set}. */
    public int end(int set) {
        return ends[set];
    }

    /** The prefix at index {@code i} (makes the object: for inspection, not for the encoder). */
    public Ipv4Prefix prefix(int i) {
        return Ipv4Prefix.fromKey(keys[i]);
    }

    /**
     * Writes one UPDATE announcing the prefixes of set {@code set} from index {@code from} (as many as
     * fit, up to {@link #end}) with the set's encoded Path Attributes field, at the writer index of
     * {@code out} (owned by the caller). {@code builder}'s context must have the AS number size this
     * dump was made for.
     *
     * @return the index of the first prefix not written: {@code end(set)} when the set is done
     * @throws IllegalArgumentException when the set's attributes leave no room for NLRI in a message, or
     *         the builder's AS number size is not the dump's
     */
    public int writeUpdate(int set, int from, UpdateBuilder builder, ByteBuf out) {
        if (builder.context().fourOctetAs() != fourOctetAs) {
            throw new IllegalArgumentException("encoded for " + (fourOctetAs ? 4 : 2) + "-octet AS sessions");
        }
        byte[] attributes = blocks[set];
        return builder.announceIpv4(out, attributes, attributes.length, keys, from, ends[set]);
    }

    /**
     * As {@link #writeUpdate(int, int, UpdateBuilder, ByteBuf)} with a Path Attributes field the caller
     * encoded, {@code attributes[0..length)} (for instance the set rewritten for one peer, or encoded
     * afresh to measure that cost), instead of the group's cached one.
     */
    public int writeUpdate(int set, int from, UpdateBuilder builder, ByteBuf out, byte[] attributes, int length) {
        return builder.announceIpv4(out, attributes, length, keys, from, ends[set]);
    }
}
