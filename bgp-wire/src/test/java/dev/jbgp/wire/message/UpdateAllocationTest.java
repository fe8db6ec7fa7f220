package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path allocates nothing per prefix: wrap, validate, read every decision field and walk the
 * NLRI of a full UPDATE thousands of times and count the bytes this thread allocated
 * ({@code com.sun.management.ThreadMXBean}; the reflective call itself allocates a few boxes, well below the bound). The time per prefix is printed for information only (the
 * JMH suite in {@code benchmarks/} is where speed is measured; this machine is shared).
 */
class UpdateAllocationTest {

    @Test
    void decodingAFullUpdateAllocatesNothingPerPrefix() throws Exception {
        CodecContext ctx = CodecContext.MODERN.withInternalPeer(true);
        PathAttributes attrs = PathAttributes.builder().origin(Origin.IGP)
                .asPath(AsPath.parse("65001 65002 65003 {65004,65005}")).nextHop(0x7F000001).med(10).localPref(100)
                .communities(List.of(Community.parse("65000:1"), Community.NO_EXPORT))
                .largeCommunities(List.of(LargeCommunity.parse("65000:1:2"))).originatorId(0x7F000002)
                .clusterList(new int[] {0x7F000003}).build();
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            prefixes.add(Ipv4Prefix.of(0x7F000000 | (i << 8), 24));
        }
        // a heap buffer the leak detector does not wrap, like a socket slice at the default level
        ByteBuf block = Unpooled.wrappedBuffer(new byte[4096]).clear();
        ByteBuf msg = Unpooled.wrappedBuffer(new byte[4096]).clear();
        try {
            attrs.write(block, ctx);
            int n = new UpdateBuilder(ctx).announceIpv4(msg, block, prefixes, new int[0], 0);
            UpdateView view = new UpdateView();
            UpdateValidator validator = new UpdateValidator();
            NlriCursor cursor = new NlriCursor();
            long sink = 0;
            for (int i = 0; i < 20_000; i++) {
                sink += decode(msg, ctx, view, validator, cursor);
            }
            // reflection: the test code is compiled into the dev.jbgp.wire module, which does not read jdk.management
            Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            long tid = Thread.currentThread().getId();
            int iterations = 5_000;
            long before = (long) allocatedBytes.invoke(mx, tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += decode(msg, ctx, view, validator, cursor);
            }
            long nanos = System.nanoTime() - t0;
            long allocated = (long) allocatedBytes.invoke(mx, tid) - before;
            double perPrefix = (double) allocated / ((long) iterations * n);
            System.out.printf("UPDATE decode: %d prefixes/message, %.2f ns/prefix, %.4f bytes allocated/prefix (sink %d)%n",
                    n, (double) nanos / ((long) iterations * n), perPrefix, sink);
            assertTrue(perPrefix < 0.01, "allocated " + allocated + " bytes over " + iterations + " messages");
            assertEquals(n, prefixes.size() > n ? n : prefixes.size());
        } finally {
            block.release();
            msg.release();
        }
    }

    /** What the RIB does per UPDATE: judge it, read every decision field, walk the prefixes. */
    private static long decode(ByteBuf msg, CodecContext ctx, UpdateView view, UpdateValidator validator, NlriCursor c)
            throws BgpDecodeException {
        view.wrap(msg, ctx);
        if (!validator.validate(view).isOk()) {
            throw new AssertionError("invalid");
        }
        long acc = view.origin() + view.med() + view.localPref() + view.nextHop() + view.asPathHopCount()
                + view.asPathFirstAs() + view.originatorId() + view.clusterListLength()
                + (view.hasCommunity(Community.NO_EXPORT) ? 1 : 0) + (view.atomicAggregate() ? 1 : 0);
        view.withdrawn(c);
        while (c.next()) {
            acc += c.ipv4Address();
        }
        view.nlri(c);
        while (c.next()) {
            acc += c.ipv4Address() ^ c.length() ^ c.pathId();
        }
        return acc;
    }
}
