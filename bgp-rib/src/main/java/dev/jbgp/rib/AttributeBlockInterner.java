package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.MpReachNlri;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the {@link PathAttributes} of a received attribute block by its bytes, so an UPDATE whose
 * attributes were seen before (the common case in a full table) costs a hash over its bytes and one
 * comparison, and allocates nothing. Only on a miss are the attributes decoded and a key copied.
 *
 * <p>The key is the attribute bytes the set is made of: every attribute except MP_REACH_NLRI and
 * MP_UNREACH_NLRI (which carry NLRI), the discarded ones (RFC 7606 attribute discard), repeated ones
 * (only the first counts, RFC 7606 §3 g) and, from external peers, LOCAL_PREF (RFC 7606 §7.5); plus the
 * next hop in use (NEXT_HOP for body NLRI, the MP_REACH_NLRI next hop for its NLRI) and a mode octet
 * for what else shapes the decoding (internal peer, 4-octet AS, next-hop source).
 *
 * <p>Entries hold no interner reference: a hit is re-interned by the caller, which revives a set that
 * was freed meanwhile. Entries whose set is no longer interned are purged when the cache outgrows the
 * interner. Owned by one {@link Rib}; confined to its thread. Reads the view's buffer, never retains
 * or releases it.
 */
final class AttributeBlockInterner {

    private static final int MODE_INTERNAL = 1;
    private static final int MODE_FOUR_OCTET = 2;
    private static final int MODE_MP = 4;

    private final AttributeInterner interner;
    private static final int MIN_CAPACITY = 1024;
    /**
     * The cache, open addressing with linear probing over a power-of-two capacity kept at most half
     * full: per slot {@code tag << 32 | offset}, the hash of the key bytes ({@link #tag}, never 0, so
     * an empty slot is 0) and where the key lies in {@link #chunks}; and the set in a parallel array. A
     * probe reads only the first array (one cache miss for a block not seen before) and looks at a key
     * only when its tag matches; blocks with equal hashes take separate slots. Entries are never
     * removed one by one, only dropped wholesale by {@link #purge}.
     */
    private long[] slots = new long[MIN_CAPACITY];
    private PathAttributes[] sets = new PathAttributes[MIN_CAPACITY];
    /**
     * Every cached key, one after another, each as a 4-octet length and its bytes, in chunks of
     * {@link #CHUNK} octets (a key larger than that gets a chunk of its own): a full table's 55,000
     * keys cost a few dozen arrays instead of an entry object and a byte array each (~40 bytes a set
     * less to keep, 110,000 fewer objects for the collector to copy while the table arrives), and
     * adding a chunk copies nothing. A key's place is {@code chunk << 20 | position}. {@link #purge}
     * compacts them.
     */
    private byte[][] chunks = new byte[8][];
    private int chunkCount;
    /** Octets used in the last chunk. */
    private int chunkUsed;
    private static final int CHUNK = 64 * 1024;
    /** Chunk indexes have 11 bits: past 2048 chunks (128 MiB of keys) the cache starts over. */
    private static final int MAX_CHUNKS = 1 << 11;
    private final AttributeCursor cursor = new AttributeCursor();
    /** Reused for every set decoded here (reset first, so a decode that threw leaves nothing behind). */
    private final PathAttributes.Builder builder = PathAttributes.builder();
    /** The key of the block being looked up (grows to the largest block seen; 4096 holds any RFC 4271 UPDATE). */
    private byte[] scratch = new byte[4096];
    private static final int NEXT_HOP_CACHE = 4096;
    private final IntObjectHashMap<InetAddress> nextHops = new IntObjectHashMap<>();
    private int size;
    private long hits;
    private long misses;

    AttributeBlockInterner(AttributeInterner interner) {
        this.interner = interner;
    }

    /**
     * The attribute set for the NLRI of the message body ({@code mp} false) or of MP_REACH_NLRI
     * ({@code mp} true). Not interned: the caller interns (the RIB does so when it installs a route).
     */
    PathAttributes lookup(UpdateView view, UpdateVerdict verdict, boolean mp) throws BgpDecodeException {
        int mode = mode(view, mp);
        // The key bytes are gathered once into the scratch array (one bulk copy per attribute); the
        // hash, the comparison with cached keys and the copy of a new key then run over a plain array.
        int n = gather(view, verdict, mode);
        byte[] k = scratch;
        int hash = 31;
        for (int i = 0; i < n; i++) {
            hash = 31 * hash + k[i];
        }
        int tag = tag(hash);
        long[] t = slots;
        int mask = t.length - 1;
        int i = home(tag, mask);
        for (long x = t[i]; x != 0; x = t[i]) {
            if ((int) (x >>> 32) == tag) {
                int ref = (int) x;
                byte[] a = chunks[ref >>> 20];
                int off = ref & 0xFFFFF;
                if (keyLength(a, off) == n && Arrays.equals(a, off + 4, off + 4 + n, k, 0, n)) {
                    hits++;
                    return sets[i];
                }
            }
            i = (i + 1) & mask;
        }
        misses++;
        PathAttributes attributes = decode(view, verdict, mode);
        int ref = store(k, n);
        if (ref < 0) {
            // 128 MiB of keys: start over (entries hold no references, so dropping them is safe).
            Arrays.fill(t, 0);
            Arrays.fill(sets, null);
            size = 0;
            chunks = new byte[8][];
            chunkCount = 0;
            chunkUsed = 0;
            ref = store(k, n);
        }
        t[i] = (long) tag << 32 | ref;
        sets[i] = attributes;
        if (++size > Math.max(1024, 2 * interner.size())) {
            purge();
        }
        if (size > slots.length / 2) {
            rehash(slots.length * 2);
        }
        return attributes;
    }

    /** The slot tag of a key hash: the hash itself, with 0 (the empty-slot mark) moved to 1. */
    private static int tag(int hash) {
        return hash == 0 ? 1 : hash;
    }

    private static int home(int tag, int mask) {
        int x = tag * 0x9E3779B9;
        return (x ^ x >>> 16) & mask;
    }

    /** The length of the key stored at {@code off} in a chunk. */
    private static int keyLength(byte[] a, int off) {
        return (a[off] & 0xFF) << 24 | (a[off + 1] & 0xFF) << 16 | (a[off + 2] & 0xFF) << 8 | (a[off + 3] & 0xFF);
    }

    /**
     * Appends a key of {@code n} octets from {@code k} to the chunks and returns its place
     * ({@code chunk << 20 | position}), or -1 when no chunk is left.
     */
    private int store(byte[] k, int n) {
        int need = 4 + n;
        if (chunkCount == 0 || chunkUsed + need > chunks[chunkCount - 1].length) {
            if (chunkCount == MAX_CHUNKS) {
                return -1;
            }
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, 2 * chunks.length);
            }
            chunks[chunkCount++] = new byte[Math.max(CHUNK, need)];
            chunkUsed = 0;
        }
        byte[] a = chunks[chunkCount - 1];
        int off = chunkUsed;
        a[off] = (byte) (n >>> 24);
        a[off + 1] = (byte) (n >>> 16);
        a[off + 2] = (byte) (n >>> 8);
        a[off + 3] = (byte) n;
        System.arraycopy(k, 0, a, off + 4, n);
        chunkUsed = off + need;
        return (chunkCount - 1) << 20 | off;
    }

    /** Moves the entries into tables of {@code capacity} slots (a power of two). */
    private void rehash(int capacity) {
        long[] old = slots;
        PathAttributes[] oldSets = sets;
        long[] t = new long[capacity];
        PathAttributes[] e = new PathAttributes[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j++) {
            if (old[j] != 0) {
                int i = home((int) (old[j] >>> 32), mask);
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = old[j];
                e[i] = oldSets[j];
            }
        }
        slots = t;
        sets = e;
    }

    /** Blocks found in the cache / decoded, for tests and statistics. */
    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    int size() {
        return size;
    }

    private static int mode(UpdateView view, boolean mp) {
        return (view.context().internalPeer() ? MODE_INTERNAL : 0) | (view.context().fourOctetAs() ? MODE_FOUR_OCTET : 0)
                | (mp ? MODE_MP : 0);
    }

    private boolean included(UpdateView view, UpdateVerdict verdict, int mode) {
        int type = cursor.type();
        if (type == AttributeType.MP_REACH_NLRI || type == AttributeType.MP_UNREACH_NLRI) {
            return false;
        }
        if (type == AttributeType.NEXT_HOP && (mode & MODE_MP) != 0) {
            return false;
        }
        if (type == AttributeType.LOCAL_PREF && (mode & MODE_INTERNAL) == 0) {
            return false;
        }
        return cursor.offset() == view.attributeOffset(type) && !verdict.isDiscarded(type);
    }

    /**
     * Copies the key into {@link #scratch} and returns its length: the mode octet, every included
     * attribute whole (header and value, in the order received), and with {@link #MODE_MP} the part of
     * MP_REACH_NLRI before its NLRI (AFI, SAFI, next hop, reserved octet).
     */
    private int gather(UpdateView view, UpdateVerdict verdict, int mode) throws BgpDecodeException {
        ByteBuf buf = view.buffer();
        byte[] k = scratch;
        k[0] = (byte) mode;
        int pos = 1;
        view.attributes(cursor);
        while (cursor.next()) {
            if (!included(view, verdict, mode)) {
                continue;
            }
            int len = cursor.totalLength();
            if (pos + len > k.length) {
                k = scratch = Arrays.copyOf(k, Math.max(2 * k.length, pos + len));
            }
            buf.getBytes(cursor.offset(), k, pos, len);
            pos += len;
        }
        if ((mode & MODE_MP) != 0) {
            int off = view.attributeValueOffset(AttributeType.MP_REACH_NLRI);
            int len = MpReachNlri.nlriOffset(buf, off) - off;
            if (pos + len > k.length) {
                k = scratch = Arrays.copyOf(k, Math.max(2 * k.length, pos + len));
            }
            buf.getBytes(off, k, pos, len);
            pos += len;
        }
        return pos;
    }

    /** Decodes the included attributes into a set (a cache miss; allocation is fine here). */
    private PathAttributes decode(UpdateView view, UpdateVerdict verdict, int mode) throws BgpDecodeException {
        ByteBuf buf = view.buffer();
        boolean fourOctet = (mode & MODE_FOUR_OCTET) != 0;
        PathAttributes.Builder b = builder.reset();
        ByteArrayOutputStream passThrough = null;
        long aggregatorAs = -1;
        long as4AggregatorAs = -1;
        int as4AggregatorAddress = 0;
        view.attributes(cursor);
        while (cursor.next()) {
            if (!included(view, verdict, mode)) {
                continue;
            }
            int v = cursor.valueOffset();
            int len = cursor.valueLength();
            switch (cursor.type()) {
                case AttributeType.ORIGIN:
                    b.origin(buf.getUnsignedByte(v));
                    break;
                case AttributeType.AS_PATH:
                    if (view.needsAs4Reconcile()) {
                        b.asPath(convert(view.asPath()));
                    } else {
                        b.packedAsPath(packAsPath(buf, v, len, fourOctet));
                    }
                    break;
                case AttributeType.NEXT_HOP:
                    b.nextHop(nextHopV4(buf.getInt(v)));
                    break;
                case AttributeType.MULTI_EXIT_DISC:
                    b.med(buf.getUnsignedInt(v));
                    break;
                case AttributeType.LOCAL_PREF:
                    b.localPref(buf.getUnsignedInt(v));
                    break;
                case AttributeType.ATOMIC_AGGREGATE:
                    b.atomicAggregate(true);
                    break;
                case AttributeType.AGGREGATOR:
                    if (len == 8) {
                        aggregatorAs = buf.getUnsignedInt(v);
                        b.aggregator(aggregatorAs, buf.getInt(v + 4));
                    } else if (len == 6) {
                        aggregatorAs = buf.getUnsignedShort(v);
                        b.aggregator(aggregatorAs, buf.getInt(v + 2));
                    }
                    break;
                case AttributeType.AS4_AGGREGATOR:
                    if (!fourOctet && len == 8) {
                        as4AggregatorAs = buf.getUnsignedInt(v);
                        as4AggregatorAddress = buf.getInt(v + 4);
                    }
                    break;
                case AttributeType.AS4_PATH:
                    break; // reconciled into AS_PATH by UpdateView#asPath (RFC 6793 §4.2.3)
                case AttributeType.COMMUNITIES: {
                    int[] c = new int[len / 4];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = buf.getInt(v + 4 * i);
                    }
                    b.communities(c);
                    break;
                }
                case AttributeType.LARGE_COMMUNITY: {
                    int[] c = new int[len / 12 * 3];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = buf.getInt(v + 4 * i);
                    }
                    b.largeCommunities(c);
                    break;
                }
                case AttributeType.EXTENDED_COMMUNITIES: {
                    long[] c = new long[len / 8];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = buf.getLong(v + 8 * i);
                    }
                    b.extendedCommunities(c);
                    break;
                }
                case AttributeType.ORIGINATOR_ID:
                    b.originatorId(buf.getInt(v));
                    break;
                case AttributeType.CLUSTER_LIST: {
                    int[] c = new int[len / 4];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = buf.getInt(v + 4 * i);
                    }
                    b.clusterList(c);
                    break;
                }
                default:
                    // RFC 4271 §5: optional transitive attributes we do not interpret travel on;
                    // optional non-transitive ones are dropped.
                    if (cursor.isOptional() && cursor.isTransitive()) {
                        if (passThrough == null) {
                            passThrough = new ByteArrayOutputStream();
                        }
                        byte[] raw = new byte[cursor.totalLength()];
                        buf.getBytes(cursor.offset(), raw);
                        passThrough.write(raw, 0, raw.length);
                    }
            }
        }
        if (as4AggregatorAs >= 0 && aggregatorAs == dev.jbgp.wire.attr.AsPath.AS_TRANS) {
            // RFC 6793 §4.2.3: AS4_AGGREGATOR counts only when AGGREGATOR carries AS_TRANS.
            b.aggregator(as4AggregatorAs, as4AggregatorAddress);
        }
        if ((mode & MODE_MP) != 0) {
            int off = view.attributeValueOffset(AttributeType.MP_REACH_NLRI);
            if (MpReachNlri.afi(buf, off) == Afi.IPV4) {
                b.nextHop(nextHopV4(MpReachNlri.nextHopIpv4(buf, off)));
            } else {
                b.nextHop(ipv6(MpReachNlri.nextHopHigh(buf, off), MpReachNlri.nextHopLow(buf, off)));
            }
        }
        if (passThrough != null) {
            b.passThrough(passThrough.toByteArray());
        }
        return b.build();
    }

    /**
     * The IPv4 next hop as a shared {@link InetAddress}: a table from one peer has a handful of next
     * hops but tens of thousands of attribute sets, and an {@code Inet4Address} costs 56 bytes with its
     * holder. {@code InetAddress} is immutable, so sharing is safe; the cache is bounded.
     */
    private InetAddress nextHopV4(int address) {
        InetAddress a = nextHops.get(address);
        if (a == null) {
            if (nextHops.size() >= NEXT_HOP_CACHE) {
                nextHops.clear();
            }
            a = InetAddresses.ofV4(address);
            nextHops.put(address, a);
        }
        return a;
    }

    /**
     * AS_PATH straight from the wire into the packed form {@link PathAttributes} keeps (per segment
     * {@code (type << 16) | count}, then the AS numbers), without the intermediate segment objects.
     * The attribute is validated first (RFC 4271 §4.3 (b), RFC 6793 §4); a malformed one throws, as
     * decoding it would.
     */
    private static int[] packAsPath(ByteBuf buf, int offset, int length, boolean fourOctet) throws BgpDecodeException {
        dev.jbgp.wire.attr.AsPath.validate(buf, offset, length, fourOctet);
        int width = fourOctet ? 4 : 2;
        int n = 0;
        int end = offset + length;
        for (int p = offset; p + 2 <= end; ) {
            int count = buf.getUnsignedByte(p + 1);
            n += 1 + count;
            p += 2 + count * width;
        }
        int[] packed = new int[n];
        int i = 0;
        for (int p = offset; p + 2 <= end; ) {
            int type = buf.getUnsignedByte(p);
            int count = buf.getUnsignedByte(p + 1);
            packed[i++] = (type << 16) | count;
            p += 2;
            for (int j = 0; j < count; j++, p += width) {
                packed[i++] = fourOctet ? buf.getInt(p) : buf.getUnsignedShort(p);
            }
        }
        return packed;
    }

    private static List<AsPathSegment> convert(dev.jbgp.wire.attr.AsPath path) {
        List<AsPathSegment> out = new ArrayList<>(path.segments().size());
        for (dev.jbgp.wire.attr.AsPathSegment s : path.segments()) {
            long[] asns = new long[s.size()];
            for (int i = 0; i < asns.length; i++) {
                asns[i] = s.asn(i);
            }
            out.add(AsPathSegment.of(s.type(), asns));
        }
        return out;
    }

    private static InetAddress ipv6(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return InetAddresses.of(b);
    }

    /** Drops entries whose set is no longer held by anyone, and the chunks' space their keys took. */
    private void purge() {
        long[] t = slots;
        PathAttributes[] e = sets;
        int n = 0;
        for (int j = 0; j < t.length; j++) {
            if (t[j] != 0) {
                if (interner.referenceCount(e[j]) > 0) {
                    n++;
                } else {
                    t[j] = 0; // dropped; the rehash below closes the gaps this leaves in probe runs
                    e[j] = null;
                }
            }
        }
        size = n;
        // Copy the live keys into new chunks; the dropped ones' octets go with the old chunks.
        byte[][] old = chunks;
        chunks = new byte[8][];
        chunkCount = 0;
        chunkUsed = 0;
        byte[] scratchKey = new byte[0];
        for (int j = 0; j < t.length; j++) {
            if (t[j] != 0) {
                int ref = (int) t[j];
                byte[] a = old[ref >>> 20];
                int off = ref & 0xFFFFF;
                int len = keyLength(a, off);
                if (scratchKey.length < len) {
                    scratchKey = new byte[len];
                }
                System.arraycopy(a, off + 4, scratchKey, 0, len);
                t[j] = t[j] & 0xFFFFFFFF00000000L | store(scratchKey, len);
            }
        }
        rehash(t.length);
    }
}
