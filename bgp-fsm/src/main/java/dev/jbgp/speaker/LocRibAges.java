package dev.jbgp.speaker;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each Loc-RIB prefix last changed (best path or ECMP set), for the Age column of the status.
 *
 * <p>Why here and not in the RIB: the age is for people reading a status, and the RIB's per-route
 * objects are kept as small as a full table needs. The speaker already sees every Loc-RIB change,
 * so it keeps one {@code int} per prefix beside them: seconds since the speaker started, in an
 * open-addressed {@code long → int} table for IPv4 (12 bytes a slot, no object per prefix; Netty's
 * primitive maps hold only object values) and a plain map for IPv6, whose tables are smaller. The
 * cost is one change time per destination, so every path to a prefix shows the same age: the time
 * since that destination's selection last changed, to one second.
 *
 * <p>Confined to the speaker's RIB thread; not thread-safe.
 */
final class LocRibAges {

    private static final int MIN_CAPACITY = 16;

    private final Instant start;
    private final long startNanos;
    // IPv4: Ipv4Prefix.key() -> seconds since start + 1; a stamp of 0 marks a free slot.
    private long[] keys = new long[MIN_CAPACITY];
    private int[] stamps = new int[MIN_CAPACITY];
    private int size;
    private final Map<Prefix, Integer> others = new HashMap<>();

    LocRibAges(Instant start, long startNanos) {
        this.start = start;
        this.startNanos = startNanos;
    }

    /** Records that {@code prefix} changed at {@code nowNanos} ({@link System#nanoTime()}). */
    void changed(Prefix prefix, long nowNanos) {
        int stamp = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, (nowNanos - startNanos) / 1_000_000_000L)) + 1;
        if (prefix instanceof Ipv4Prefix p4) {
            put(p4.key(), stamp);
        } else {
            others.put(prefix, stamp);
        }
    }

    /** Forgets {@code prefix} (it left the Loc-RIB). */
    void removed(Prefix prefix) {
        if (prefix instanceof Ipv4Prefix p4) {
            remove(p4.key());
        } else {
            others.remove(prefix);
        }
    }

    /** When {@code prefix} last changed, to the second; empty when not known. */
    Optional<Instant> lastChanged(Prefix prefix) {
        int stamp;
        if (prefix instanceof Ipv4Prefix p4) {
            stamp = get(p4.key());
        } else {
            Integer s = others.get(prefix);
            stamp = s == null ? 0 : s;
        }
        return stamp == 0 ? Optional.empty() : Optional.of(start.plus(Duration.ofSeconds(stamp - 1L)));
    }

    /** How many prefixes are tracked. */
    int size() {
        return size + others.size();
    }

    // ------------------------------------------------------------------ the IPv4 table (linear probing)

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & (keys.length - 1);
    }

    private void put(long key, int stamp) {
        int mask = keys.length - 1;
        int i = home(key);
        while (stamps[i] != 0) {
            if (keys[i] == key) {
                stamps[i] = stamp;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        stamps[i] = stamp;
        if (++size * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
    }

    private int get(long key) {
        int mask = keys.length - 1;
        for (int i = home(key); stamps[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return stamps[i];
            }
        }
        return 0;
    }

    private void remove(long key) {
        int mask = keys.length - 1;
        int i = home(key);
        while (stamps[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (stamps[i] == 0) {
            return;
        }
        // Backward-shift deletion: move later members of the probe run into the hole when their
        // home slot does not lie (cyclically) after the hole, so every lookup still finds them.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (stamps[j] == 0) {
                break;
            }
            int h = home(keys[j]);
            boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
            if (!stays) {
                keys[i] = keys[j];
                stamps[i] = stamps[j];
                i = j;
            }
        }
        stamps[i] = 0;
        size--;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        int[] oldStamps = stamps;
        keys = new long[capacity];
        stamps = new int[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStamps[i] != 0) {
                put(oldKeys[i], oldStamps[i]);
            }
        }
    }
}
