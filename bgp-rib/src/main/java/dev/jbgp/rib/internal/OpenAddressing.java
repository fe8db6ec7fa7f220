package dev.jbgp.rib.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the RIB's open-addressing tables (linear probing, removal by shifting back, no tombstones)
 * share: the key scrambler, the seed each table mixes in, the range reduction from a hash to a slot of
 * a table whose capacity need not be a power of two, and the rule for which entry may move into a
 * hole. Holds no state but the seed sequence; thread-safe.
 */
public final class OpenAddressing {

    /** Hands each table its seed (a Weyl sequence: distinct, well spread, the same from run to run). */
    private static final AtomicLong SEEDS = new AtomicLong();

    private OpenAddressing() {
    }

    /**
     * A new table's seed. Mixed into every home slot: a table filled in another table's slot order (a
     * peer joining an update group is given the Loc-RIB in its slot order) would otherwise receive its
     * keys sorted by its own home slot and, while the smaller of the two, pile them into one probe
     * run: quadratic (a full table took seconds per copy instead of milliseconds).
     */
    public static long newSeed() {
        return SEEDS.addAndGet(0x9E3779B97F4A7C15L);
    }

    /** Scrambles a key (the MurmurHash3 64-bit finaliser). */
    public static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    /** The slot (0..capacity-1) of a mixed hash: its high 32 bits times the capacity (no division). */
    public static int slot(long mixed, int capacity) {
        return (int) (((mixed >>> 32) * capacity) >>> 32);
    }

    /**
     * While shifting back after a removal: whether the entry at {@code j}, whose home slot is
     * {@code home}, must stay where it is rather than fill the hole at {@code hole} — true when its
     * home lies cyclically in (hole, j].
     */
    public static boolean staysPut(int hole, int j, int home) {
        return hole <= j ? hole < home && home <= j : hole < home || home <= j;
    }
}
