package dev.jbgp.rib;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check behind the "two tables do not share a slot order" tests of the open-addressing tables:
 * a table filled in another's slot order (a peer joining an update group gets the Loc-RIB that way)
 * must not receive its keys in its own home-slot order, or they pile into one probe run while it is
 * the smaller table (quadratic). Checked on the cause, not on time.
 */
final class SlotOrder {

    private SlotOrder() {
    }

    /**
     * Walking {@code keysInFirstOrder} (the keys in the first table's slot order), the second table's
     * slot of each key ({@code slotInSecond}), divided by {@code block} so the prefixes every table
     * keeps together count once, must go up about as often as down (fewer than 3 in 4 steps up; with
     * one hash for both tables every step went up).
     */
    static void assertNotShared(List<Long> keysInFirstOrder, Map<Long, Integer> slotInSecond, int block) {
        int ups = 0;
        int pairs = 0;
        int previous = -1;
        for (long key : keysInFirstOrder) {
            int slot = slotInSecond.get(key) / block;
            if (previous >= 0 && slot != previous) {
                pairs++;
                if (slot > previous) {
                    ups++;
                }
            }
            previous = slot;
        }
        assertTrue(ups < pairs * 0.75, ups + " of " + pairs + " steps go up: the tables share their slot order");
    }
}
