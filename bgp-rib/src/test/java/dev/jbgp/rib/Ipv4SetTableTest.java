package dev.jbgp.rib;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv4SetTableTest {

    /** The key of 11.0.0.0/24 plus {@code i} /24s. */
    private static long slash24(int i) {
        return ((0x0B000000L + ((long) i << 8)) & 0xFFFFFFFFL) << 8 | 24;
    }

    @Test
    void putGetRemoveAgreeWithAMap() {
        long seed = 20261126L;
        Random random = new Random(seed);
        Ipv4SetTable table = new Ipv4SetTable();
        Map<Long, Integer> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long key = random.nextInt(4) == 0 ? (random.nextInt() & 0xFFFFFFFFL) << 8 | 32 : slash24(random.nextInt(50_000));
            if (random.nextInt(3) == 0) {
                Integer old = model.remove(key);
                assertEquals(old == null ? -1 : old, table.remove(key), "seed " + seed + " step " + step);
            } else {
                int id = random.nextInt(Ipv4SetTable.MAX_ID);
                Integer old = model.put(key, id);
                assertEquals(old == null ? -1 : old, table.put(key, id), "seed " + seed + " step " + step);
            }
        }
        assertEquals(model.size(), table.size());
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), table.get(e.getKey()));
        }
    }

    /**
     * A table filled in another table's slot order must not get its keys in its own home-slot order:
     * with one hash for all tables it did, the keys piled into one probe run while the new table was the
     * smaller, and a peer joining an update group with a full table waited minutes ({@link SlotOrder}).
     */
    @Test
    void twoTablesDoNotShareASlotOrder() {
        int n = 50_000;
        Ipv4SetTable a = new Ipv4SetTable();
        Ipv4SetTable b = new Ipv4SetTable();
        for (int i = 0; i < n; i++) {
            a.put(slash24(i), 1);
            b.put(slash24(i), 1);
        }
        Map<Long, Integer> slotInB = new HashMap<>();
        long[] bs = b.slots();
        for (int i = 0; i < bs.length; i++) {
            if (bs[i] != 0) {
                slotInB.put(Ipv4SetTable.keyOf(bs[i]), i);
            }
        }
        List<Long> keysInA = new ArrayList<>();
        for (long s : a.slots()) {
            if (s != 0) {
                keysInA.add(Ipv4SetTable.keyOf(s));
            }
        }
        SlotOrder.assertNotShared(keysInA, slotInB, 16); // a /20's sixteen /24s sit together
    }
}
