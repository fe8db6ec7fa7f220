package dev.jbgp.testkit;

import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Netty leak detector that remembers every leak it reports, so that {@link LeakCheckExtension}
 * can fail the test class instead of leaving a log line nobody reads.
 *
 * <p>Installed for every test JVM by the parent POM through
 * {@code -Dio.netty.customResourceLeakDetector=dev.jbgp.testkit.RecordingLeakDetector}, together with
 * {@code -Dio.netty.leakDetection.level=PARANOID} so that every buffer is tracked.
 *
 * @param <T> the tracked resource type (usually {@code ByteBuf})
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    /** Called reflectively by Netty's {@code ResourceLeakDetectorFactory}. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /**
     * The older constructor shape; Netty probes for it first and logs an error when it is missing,
     * so it exists only to keep test output quiet.
     */
    @Deprecated
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true; // report even when no logging backend is bound
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        String leak = "LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records;
        System.err.println(leak);
        LEAKS.add(leak);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        String leak = "LEAK: " + resourceType + ".release() was not called before it was garbage-collected.";
        System.err.println(leak);
        LEAKS.add(leak);
    }

    /** Removes and returns every leak reported since the last call. */
    static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String s; (s = LEAKS.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }
}
