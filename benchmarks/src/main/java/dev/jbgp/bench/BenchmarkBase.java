package dev.jbgp.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The settings every jbgp benchmark shares, so that results are comparable between suites: one fork
 * with a fixed 4 GiB heap, Netty's leak detection off (it is PARANOID in tests, where it belongs),
 * average time in nanoseconds. Per-item suites add {@code @OperationsPerInvocation} so that the score
 * in ns/op is the cost of one prefix or route.
 *
 * <p>The JMH annotations are inherited by subclasses. Extra JVM flags go to the forks with
 * {@code -jvmArgsPrepend}: JMH's {@code -jvmArgsAppend} on the command line replaces the flags below
 * instead of adding to them (the fork then runs with the JVM's default collector and heap).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC",
        "-Dio.netty.leakDetection.level=DISABLED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class BenchmarkBase {
}
