package dev.jbgp.wire.message;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.Safi;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded properties (no jqwik): random attribute sets and NLRI round-trip through the builder and the
 * view; random mutations of valid UPDATEs give a value or a BgpDecodeException, nothing else. Every
 * failure message starts with the seed; rerun one with {@code -Djbgp.seed=N}.
 */
class UpdatePropertiesTest {

    static LongStream seeds() {
        return Seeds.series(0x6A626770L, 8);
    }

    private static AssertionError withSeed(long seed, Throwable t) {
        System.err.println("property failed with seed " + seed + " (rerun with -Djbgp.seed=" + seed + ")");
        return new AssertionError("seed " + seed + ": " + t, t);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void attributeSetsAndNlriRoundTrip(long seed) {
        Random r = new Random(seed);
        try {
            for (int round = 0; round < 12; round++) {
                CodecContext ctx = RandomUpdates.context(r);
                boolean v6 = r.nextInt(3) == 0;
                PathAttributes attrs = RandomUpdates.attributes(r, !v6);
                List<? extends Prefix> prefixes = v6 ? RandomUpdates.ipv6Prefixes(r, 400) : RandomUpdates.ipv4Prefixes(r, 1200);
                int[] ids = RandomUpdates.pathIds(r, prefixes.size());
                roundTrip(ctx, attrs, prefixes, ids, v6);
            }
        } catch (Throwable t) {
            throw withSeed(seed, t);
        }
    }

    @SuppressWarnings("unchecked")
    private static void roundTrip(CodecContext ctx, PathAttributes attrs, List<? extends Prefix> prefixes, int[] ids, boolean v6)
            throws BgpDecodeException {
        ByteBuf block = RandomUpdates.scratch();
        UpdateBuilder builder = new UpdateBuilder(ctx);
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        NlriCursor c = new NlriCursor();
        boolean addPath = ctx.sendsPathIds(v6 ? Afi.IPV6 : Afi.IPV4, Safi.UNICAST);
        try {
            attrs.write(block, ctx);
            List<String> seen = new ArrayList<>();
            int i = 0;
            do {
                ByteBuf out = RandomUpdates.scratch();
                try {
                    int next = v6
                            ? builder.announceIpv6(out, block, Ipv6NextHop.parse("2001:db8::1"), (List<Ipv6Prefix>) prefixes, ids, i)
                            : builder.announceIpv4(out, block, (List<Ipv4Prefix>) prefixes, ids, i);
                    if (prefixes.isEmpty()) {
                        assertEquals(0, out.readableBytes());
                        break;
                    }
                    assertTrue(next > i, "progress");
                    assertTrue(out.readableBytes() <= ctx.maxMessageLength());
                    view.wrap(out, ctx);
                    UpdateVerdict verdict = validator.validate(view);
                    // LOCAL_PREF towards an external peer is discarded by the receiver (RFC 7606 §7.5);
                    // LOCAL_PREF missing towards an internal one is treat-as-withdraw (§3 d)
                    if (ctx.internalPeer() && attrs.localPref().isEmpty()) {
                        assertTrue(verdict.isTreatAsWithdraw(), verdict.toString());
                    } else if (!ctx.internalPeer() && attrs.localPref().isPresent()) {
                        assertTrue(verdict.isDiscarded(dev.jbgp.wire.iana.AttributeType.LOCAL_PREF), verdict.toString());
                    } else {
                        assertTrue(verdict.isOk(), verdict.toString());
                    }
                    assertEquals(attrs, PathAttributes.read(out, view.pathAttributesOffset(), view.pathAttributesLength(), ctx));
                    assertEquals(attrs.asPath(), view.asPath());
                    assertEquals(attrs.asPath().hopCount(), view.needsAs4Reconcile() ? view.asPath().hopCount() : view.asPathHopCount());
                    boolean any = v6 ? view.mpReachNlri(c) : view.nlri(c) != null;
                    assertTrue(any);
                    while (c.next()) {
                        seen.add((addPath ? c.pathId() + ":" : "") + c.toPrefix());
                    }
                    i = next;
                } finally {
                    out.release();
                }
            } while (i < prefixes.size());
            List<String> want = new ArrayList<>();
            for (int k = 0; k < prefixes.size(); k++) {
                want.add((addPath ? ids[k] + ":" : "") + prefixes.get(k));
            }
            assertEquals(want, seen);
        } finally {
            block.release();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withdrawalsRoundTrip(long seed) {
        Random r = new Random(seed);
        try {
            for (int round = 0; round < 8; round++) {
                CodecContext ctx = RandomUpdates.context(r);
                boolean v6 = r.nextBoolean();
                List<? extends Prefix> prefixes = v6 ? RandomUpdates.ipv6Prefixes(r, 400) : RandomUpdates.ipv4Prefixes(r, 1200);
                int[] ids = RandomUpdates.pathIds(r, prefixes.size());
                boolean addPath = ctx.sendsPathIds(v6 ? Afi.IPV6 : Afi.IPV4, Safi.UNICAST);
                List<String> seen = new ArrayList<>();
                UpdateView view = new UpdateView();
                NlriCursor c = new NlriCursor();
                for (int i = 0; i < prefixes.size(); ) {
                    ByteBuf out = RandomUpdates.scratch();
                    try {
                        int next = new UpdateBuilder(ctx).withdraw(out, prefixes, ids, i);
                        assertTrue(next > i);
                        view.wrap(out, ctx);
                        assertTrue(new UpdateValidator().validate(view).isOk());
                        if (v6) {
                            assertTrue(view.mpUnreachNlri(c));
                        } else {
                            view.withdrawn(c);
                        }
                        while (c.next()) {
                            seen.add((addPath ? c.pathId() + ":" : "") + c.toPrefix());
                        }
                        i = next;
                    } finally {
                        out.release();
                    }
                }
                assertEquals(prefixes.size(), seen.size());
            }
        } catch (Throwable t) {
            throw withSeed(seed, t);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mutatedBytesGiveAValueOrABgpDecodeException(long seed) {
        Random r = new Random(seed);
        try {
            for (int round = 0; round < 150; round++) {
                CodecContext ctx = RandomUpdates.context(r);
                boolean v6 = r.nextInt(3) == 0;
                PathAttributes attrs = RandomUpdates.attributes(r, !v6);
                ByteBuf block = RandomUpdates.scratch();
                ByteBuf out = RandomUpdates.scratch();
                try {
                    attrs.write(block, ctx);
                    if (v6) {
                        new UpdateBuilder(ctx).announceIpv6(out, block, Ipv6NextHop.parse("2001:db8::1,fe80::1"),
                                RandomUpdates.ipv6Prefixes(r, 20), new int[0], 0);
                    } else {
                        new UpdateBuilder(ctx).announceIpv4(out, block, RandomUpdates.ipv4Prefixes(r, 20), new int[0], 0);
                    }
                    if (out.readableBytes() == 0) {
                        continue;
                    }
                    mutate(r, out);
                    FuzzTarget.exercise(out, ctx);
                } finally {
                    block.release();
                    out.release();
                }
            }
        } catch (Throwable t) {
            throw withSeed(seed, t);
        }
    }

    /** Bit flips, truncations, random length fields. */
    static void mutate(Random r, ByteBuf b) {
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            int len = b.writerIndex();
            if (len == 0) {
                return;
            }
            switch (r.nextInt(5)) {
                case 0: {
                    int at = r.nextInt(len);
                    b.setByte(at, b.getByte(at) ^ (1 << r.nextInt(8)));
                    break;
                }
                case 1:
                    b.writerIndex(r.nextInt(len));
                    break;
                case 2: {
                    int at = 19 + r.nextInt(Math.max(1, len - 19));
                    if (at < len) {
                        b.setByte(at, r.nextInt(256));
                    }
                    break;
                }
                case 3: {
                    // a length field: the header, the withdrawn or attribute length, or an attribute's
                    int[] candidates = {16, 19, 21, 25, 23 + 2};
                    int at = candidates[r.nextInt(candidates.length)];
                    if (at + 1 < len) {
                        b.setShort(at, r.nextInt(65536));
                    }
                    break;
                }
                default: {
                    // truncate but fix the header length so the view looks inside
                    int cut = Math.max(23, r.nextInt(len));
                    b.writerIndex(Math.min(cut, len));
                    b.setShort(16, b.writerIndex());
                    break;
                }
            }
        }
    }
}
