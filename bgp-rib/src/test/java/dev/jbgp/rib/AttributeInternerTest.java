package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The interner's open-addressing table against a model: interning equal (not identical) sets, repeated
 * interning of one argument (the per-UPDATE shortcut), releases down to zero (removal with backward
 * shift) and growth, with the counts and the canonical identities checked throughout.
 */
class AttributeInternerTest {

    @ParameterizedTest
    @ValueSource(longs = {5, 6, 7, 8})
    void countsMatchAModel(long seed) {
        Random rnd = new Random(seed);
        AttributeInterner in = new AttributeInterner();
        Map<PathAttributes, Integer> model = new HashMap<>();
        Map<PathAttributes, PathAttributes> canonical = new HashMap<>();
        List<PathAttributes> held = new ArrayList<>();
        for (int step = 0; step < 40_000; step++) {
            if (held.isEmpty() || rnd.nextInt(100) < 55) {
                // A fresh but equal instance most of the time; the same argument again sometimes.
                PathAttributes a = !held.isEmpty() && rnd.nextInt(4) == 0 ? held.get(held.size() - 1)
                        : attrs("127.0.0.2", 65001, rnd.nextInt(300)).med(rnd.nextInt(3)).build();
                int repeat = 1 + rnd.nextInt(3);
                for (int r = 0; r < repeat; r++) {
                    PathAttributes c = in.intern(a);
                    PathAttributes known = canonical.putIfAbsent(a, c);
                    if (known != null) {
                        assertSame(known, c, "seed " + seed + " step " + step);
                    }
                    model.merge(a, 1, Integer::sum);
                    held.add(c);
                }
            } else {
                PathAttributes c = held.remove(rnd.nextInt(held.size()));
                in.release(c);
                if (model.merge(c, -1, Integer::sum) == 0) {
                    model.remove(c);
                    canonical.remove(c);
                }
            }
            assertEquals(model.size(), in.size(), "seed " + seed + " step " + step);
        }
        long total = 0;
        for (Map.Entry<PathAttributes, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), in.referenceCount(e.getKey()), "seed " + seed);
            total += e.getValue();
        }
        assertEquals(total, in.totalReferences());
        for (PathAttributes c : held) {
            in.release(c);
        }
        assertEquals(0, in.size(), "seed " + seed);
        assertEquals(0, in.totalReferences(), "seed " + seed);
    }

    @Test
    void releasingWhatIsNotHeldIsABug() {
        AttributeInterner in = new AttributeInterner();
        PathAttributes a = in.intern(attrs("127.0.0.2", 65001).build());
        PathAttributes equalCopy = attrs("127.0.0.2", 65001).build();
        assertThrows(IllegalStateException.class, () -> in.release(equalCopy), "not the canonical instance");
        assertSame(a, in.retain(a));
        in.release(a);
        in.release(a);
        assertEquals(0, in.referenceCount(a));
        assertThrows(IllegalStateException.class, () -> in.release(a), "already at zero");
        assertThrows(IllegalStateException.class, () -> in.retain(a));
        PathAttributes again = in.intern(equalCopy);
        assertSame(equalCopy, again, "a freed set is interned afresh");
        assertEquals(1, in.referenceCount(a));
    }
}
