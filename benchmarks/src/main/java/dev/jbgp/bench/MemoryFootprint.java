package dev.jbgp.bench;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * The RIB's heap per route as a plain {@code main}, one JVM for the three loads of
 * {@link FootprintLoad} (the reference table from one peer, from four peers with different next hops,
 * and the race's 1,000,000 /24s in 1000 attribute sets), each measured by {@link RetainedHeap} (heap in
 * use after forced full collections, after loading minus before) and printed as
 *
 * <pre>
 * tables=1 routes=323485 bytes_per_route=B attribute_sets=K
 * tables=4 routes=1293940 bytes_per_route=B attribute_sets=K
 * generated routes=1000000 bytes_per_route=B attribute_sets=1000
 * </pre>
 *
 * {@link RibFootprintBenchmark} reports the same figures as a JMH result.
 *
 * Run from the repository root (the table is looked for in {@code ../shared/testdata}):
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.MemoryFootprint
 * </pre>
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        for (FootprintLoad load : FootprintLoad.values()) {
            List<ByteBuf> streams = load.streams();
            try {
                RetainedHeap.Result r = RetainedHeap.measure(streams);
                String what = load == FootprintLoad.RACE_LOAD ? "generated" : "tables=" + load.peers();
                System.out.printf("%s routes=%d bytes_per_route=%d attribute_sets=%d%n",
                        what, r.routes(), r.bytesPerRoute(), r.attributeSets());
            } finally {
                FootprintLoad.release(streams);
            }
        }
    }
}
