package dev.jbgp.rib.internal;

import java.util.Arrays;

/**
 * The values of a {@link PrefixTable} behind {@code int} handles, each distinct value object held once
 * with a count of the slots that refer to it. Confined to the table's thread.
 *
 * <p>Why: with the G1 collector (the JVM's default) every store of a reference into an array that lives
 * in the old generation — a table of a million slots is allocated there at once — pays a memory fence
 * and may log a dirty card for the collector, and a full table makes one such store per prefix plus
 * one per slot each time the table grows. Measured on the reference table (323,485 prefixes, thread
 * CPU per route, a collection before each round): ~510 ns with G1 against ~300 ns with the Parallel
 * collector whose barrier is a plain store. With handles the table's slots are {@code int}s, and a
 * reference is stored only when a new value object arrives: the prefixes of one UPDATE share one
 * {@code Route} (see {@code LocRib}), so a full table stores one reference per UPDATE, not per prefix.
 *
 * <p>A value is found again by identity only when it is the one acquired last ({@link #acquire}): that
 * is the sharing the UPDATE path produces, and it costs one comparison. The same object acquired apart
 * from that gets another handle, which is correct, only less compact. Handle 0 is never used.
 */
final class SharedValues {

    private static final int INITIAL = 16;

    /** The value of each handle; null where the handle is free. Index 0 unused. */
    private Object[] values = new Object[INITIAL];
    /** The number of slots referring to each handle. */
    private int[] refs = new int[INITIAL];
    /** Freed handles, reused before new ones. */
    private int[] free = new int[INITIAL];
    private int freeCount;
    /** The next handle never used. */
    private int next = 1;
    /** The value acquired last and its handle, so the prefixes of one UPDATE share one handle. */
    private Object last;
    private int lastHandle;

    /** A handle for {@code value} (not null) with one more reference. */
    int acquire(Object value) {
        if (value == last) {
            refs[lastHandle]++;
            return lastHandle;
        }
        int h;
        if (freeCount > 0) {
            h = free[--freeCount];
        } else {
            if (next == values.length) {
                int cap = next + (next >> 1);
                values = Arrays.copyOf(values, cap);
                refs = Arrays.copyOf(refs, cap);
            }
            h = next++;
        }
        values[h] = value;
        refs[h] = 1;
        last = value;
        lastHandle = h;
        return h;
    }

    /** Drops one reference to handle {@code h}; the value is forgotten with its last reference. */
    void release(int h) {
        if (--refs[h] == 0) {
            values[h] = null;
            if (h == lastHandle) {
                last = null;
            }
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, freeCount + (freeCount >> 1));
            }
            free[freeCount++] = h;
        }
    }

    /** The value of a handle in use. */
    Object get(int h) {
        return values[h];
    }

    /** Forgets every value and handle. */
    void clear() {
        values = new Object[INITIAL];
        refs = new int[INITIAL];
        free = new int[INITIAL];
        freeCount = 0;
        next = 1;
        last = null;
        lastHandle = 0;
    }

    /** The number of handles in use (distinct values held), for tests. */
    int inUse() {
        return next - 1 - freeCount;
    }
}
