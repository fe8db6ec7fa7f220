package dev.jbgp.bench;

import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RIB's retained heap per route (issue #3: at most 150 bytes per route for one full table,
 * Loc-RIB entry included) as a JMH result, for the three loads of {@link FootprintLoad}: the reference
 * table from one peer ({@code ONE_TABLE}), from four peers with different next hops
 * ({@code FOUR_TABLES}), and the race's 1,000,000 /24s in 1000 attribute sets ({@code RACE_LOAD}).
 * Each invocation is one {@link RetainedHeap#measure}, the same code {@link MemoryFootprint} runs:
 * heap in use after forced full collections, a new RIB loaded with the load's UPDATE streams (built
 * once per fork, before, so not counted), the heap in use after full collections again.
 *
 * <p>The figure is the secondary result {@code retained:bytesPerRoute} (unit {@code #}, JMH's unit for
 * an {@link AuxCounters.Type#EVENTS} counter): retained bytes divided by the routes of the load. JMH
 * <em>sums</em> an events counter over every measured iteration of every fork, so each measured
 * iteration reports its figure divided by (measured iterations × forks): the table then shows the
 * mean per-route figure whatever {@code -i} and {@code -f} are. With the defaults (one fork, no
 * warm-up, one measured single shot) that division is by one, and the iteration's line and the table
 * agree. Each iteration also prints the undivided figure in {@link MemoryFootprint}'s format
 * ({@code load=... routes=... bytes_per_route=... attribute_sets=...}). Use one benchmark thread (the
 * default): concurrent loads would count each other's heap.
 *
 * <p>The primary score (single-shot time, ms) is the whole measurement — the load and the collections
 * around it — and is not a speed figure; {@link RibIngestBenchmark} measures ingest speed.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RibFootprintBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@State(Scope.Benchmark)
public class RibFootprintBenchmark extends BenchmarkBase {

    /** Which load to measure. */
    @Param({"ONE_TABLE", "FOUR_TABLES", "RACE_LOAD"})
    public FootprintLoad load;

    /** The load's UPDATE streams, one per peer, owned by this state (released at tear-down). */
    List<ByteBuf> streams = List.of();

    @Setup(Level.Trial)
    public void setUp() {
        streams = load.streams();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        FootprintLoad.release(streams);
        streams = List.of();
    }

    /**
     * The JMH counter that carries the per-route figure. Its public field is what JMH reports; see the
     * class comment for why a measured iteration's value is weighted.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Retained {
        /** Retained heap per route of this iteration's load, times {@link #weight}. */
        public double bytesPerRoute;
        private double weight = 1;
        private RetainedHeap.Result last;
        private String load = "";

        @Setup(Level.Iteration)
        public void startIteration(BenchmarkParams benchmark, IterationParams iteration) {
            bytesPerRoute = 0;
            last = null;
            weight = weight(iteration.getType(), iteration.getCount(), benchmark.getForks());
            load = benchmark.getParam("load");
        }

        /** Sets the counter from {@code r} (the last invocation of an iteration wins). */
        void record(RetainedHeap.Result r) {
            last = r;
            bytesPerRoute = weight * r.exactBytesPerRoute();
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            if (last != null) {
                System.out.printf("load=%s routes=%d bytes_per_route=%.2f attribute_sets=%d%n",
                        load, last.routes(), last.exactBytesPerRoute(), last.attributeSets());
            }
        }

        /**
         * The factor a figure is reported with so that JMH's sum over all measured iterations of all
         * forks is their mean: 1 in warm-up (not aggregated), {@code 1 / (iterations × forks)} when
         * measured ({@code forks} 0, JMH's in-process run, counts as one).
         */
        static double weight(IterationType type, int iterations, int forks) {
            if (type == IterationType.WARMUP) {
                return 1;
            }
            return 1.0 / ((double) Math.max(1, iterations) * Math.max(1, forks));
        }
    }

    /** One measurement: loads the streams into a new RIB, sets the counter, returns the routes. */
    @Benchmark
    public long retained(Retained counter) throws Exception {
        RetainedHeap.Result r = RetainedHeap.measure(streams);
        counter.record(r);
        return r.routes();
    }
}
