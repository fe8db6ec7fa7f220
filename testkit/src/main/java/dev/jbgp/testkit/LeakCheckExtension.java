package dev.jbgp.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class when Netty's leak detector found a {@code ByteBuf} that was garbage-collected
 * without being released.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection (the service file in
 * this jar, and {@code junit.jupiter.extensions.autodetection.enabled=true} in the parent POM).
 * Netty only notices a leak when it tracks a new buffer after the leaked one was collected, so after
 * each class this collects garbage and allocates a few tracked buffers to let the detector look.
 * A leak is blamed on the class after which it was noticed, which may be a later class than the one
 * that leaked; the report's access records name the real place.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20); // let the reference handler enqueue what the GC found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
            pooled.release();
            ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1);
            heap.release();
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) detected after "
                    + (context == null ? "this check" : context.getDisplayName()) + ":\n" + String.join("\n\n", leaks));
        }
    }
}
