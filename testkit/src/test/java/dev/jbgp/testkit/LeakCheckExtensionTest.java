package dev.jbgp.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakCheckExtensionTest {

    @Test
    void testsRunWithParanoidLeakDetection() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    }

    @Test
    void aLeakedBufferFailsTheCheck() {
        leak();
        AssertionError error = assertThrows(AssertionError.class, () -> new LeakCheckExtension().afterAll(null));
        assertTrue(error.getMessage().contains("LEAK"), error.getMessage());
    }

    private static void leak() {
        ByteBuf buf = Unpooled.directBuffer(16);
        buf.writeLong(42);
        // not released: the reference is dropped here on purpose
    }
}
