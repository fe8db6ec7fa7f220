package dev.jbgp.wire.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused pass of {@link UpdateView#wrap} (attribute checks, AS_PATH summary, kept decision fields)
 * must agree with the full rules: for random UPDATEs and random corruptions of them, the verdict of
 * {@link UpdateValidator#validate} is the one {@link UpdateValidator#validateFully} gives, and the
 * AS_PATH getters return what {@link AsPath}'s walkers compute over the same octets, and the cursors
 * the view positions return what a cursor parsing the octets returns. Heap and direct
 * buffers both (the view reads their memory differently). Seeded; rerun one with {@code -Djbgp.seed=N}.
 */
class UpdateFastPathTest {

    static LongStream seeds() {
        return Seeds.series(0x66617374L, 6);
    }

    /** Untracked buffers (still released): under PARANOID every access of a tracked one records a trace. */
    private static final UnpooledByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(true, true);

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fastPathAgreesWithTheFullRules(long seed) throws BgpDecodeException {
        Random r = new Random(seed);
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        int fastOk = 0;
        for (int round = 0; round < 400; round++) {
            CodecContext ctx = RandomUpdates.context(r);
            PathAttributes attrs = RandomUpdates.attributes(r, true);
            List<Ipv4Prefix> prefixes = RandomUpdates.ipv4Prefixes(r, 30);
            ByteBuf block = UNTRACKED.heapBuffer();
            ByteBuf msg = r.nextBoolean() ? UNTRACKED.heapBuffer() : UNTRACKED.directBuffer();
            try {
                attrs.write(block, ctx);
                int[] ids = RandomUpdates.pathIds(r, prefixes.size());
                if (r.nextInt(4) == 0) {
                    new UpdateBuilder(ctx).withdraw(msg, prefixes, ids, 0); // the withdrawn routes field
                } else {
                    new UpdateBuilder(ctx).announceIpv4(msg, block, prefixes, ids, 0);
                }
                int mutations = r.nextInt(4); // 0: the valid message itself
                for (int m = 0; m < mutations && msg.readableBytes() > UpdateView.MIN_LENGTH; m++) {
                    int at = UpdateView.MIN_LENGTH + r.nextInt(msg.readableBytes() - UpdateView.MIN_LENGTH);
                    msg.setByte(at, r.nextInt(4) == 0 ? msg.getByte(at) ^ (1 << r.nextInt(8)) : r.nextInt(256));
                }
                try {
                    view.wrap(msg, ctx);
                } catch (BgpDecodeException e) {
                    continue; // framing: no verdict to compare
                }
                String where = "seed " + seed + " round " + round + " ctx " + ctx;
                UpdateVerdict full = validator.validateFully(view);
                UpdateVerdict verdict = validator.validate(view);
                assertEquals(full.toString(), verdict.toString(), where);
                assertEquals(full.errors().toString(), verdict.errors().toString(), where);
                if (verdict.isOk()) {
                    fastOk++;
                    checkCursors(view, ctx, where);
                }
                checkAsPathGetters(view, ctx, r, where);
            } finally {
                block.release();
                msg.release();
            }
        }
        // the valid quarter of the messages must take the fast path, or the test compares nothing
        assertEquals(true, fastOk > 50, "seed " + seed + ": only " + fastOk + " valid UPDATEs");
    }

    /**
     * After the fast path the view's cursors return the entries its walk decoded: they must be the ones
     * a cursor parsing the same octets returns (address, length, path id, entry offset, count).
     */
    private static void checkCursors(UpdateView view, CodecContext ctx, String where) throws BgpDecodeException {
        boolean addPath = ctx.receivesIpv4PathIds();
        NlriCursor fused = new NlriCursor();
        NlriCursor parsed = new NlriCursor();
        for (int field = 0; field < 2; field++) {
            if (field == 0) {
                view.withdrawn(fused);
                parsed.reset(view.buffer(), view.withdrawnRoutesOffset(), view.withdrawnRoutesLength(), Afi.IPV4, addPath);
            } else {
                view.nlri(fused);
                parsed.reset(view.buffer(), view.nlriOffset(), view.nlriLength(), Afi.IPV4, addPath);
            }
            while (parsed.next()) {
                assertTrue(fused.next(), where);
                assertEquals(parsed.ipv4Address(), fused.ipv4Address(), where);
                assertEquals(parsed.length(), fused.length(), where);
                assertEquals(parsed.pathId(), fused.pathId(), where);
                assertEquals(parsed.entryOffset(), fused.entryOffset(), where);
                assertEquals(parsed.toPrefix(), fused.toPrefix(), where);
            }
            assertFalse(fused.next(), where);
        }
    }

    private static void checkAsPathGetters(UpdateView view, CodecContext ctx, Random r, String where) {
        int off = view.attributeValueOffset(AttributeType.AS_PATH);
        if (off == UpdateView.ABSENT) {
            assertEquals(0, view.asPathHopCount(), where);
            return;
        }
        ByteBuf buf = view.buffer();
        int len = view.attributeValueLength(AttributeType.AS_PATH);
        boolean four = ctx.fourOctetAs();
        AsPath path;
        try {
            path = AsPath.decode(buf, off, len, four);
        } catch (BgpDecodeException e) {
            return; // malformed: the getters walk the octets as before, nothing fused to compare
        }
        assertEquals(AsPath.hopCount(buf, off, len, four), view.asPathHopCount(), where);
        assertEquals(AsPath.firstAs(buf, off, len, four), view.asPathFirstAs(), where);
        for (AsPathSegment s : path.segments()) {
            for (int i = 0; i < s.size(); i++) {
                assertEquals(true, view.asPathContains(s.asn(i)), where + " AS " + s.asn(i));
            }
        }
        for (int i = 0; i < 20; i++) {
            long asn = RandomUpdates.asn(r);
            assertEquals(AsPath.contains(buf, off, len, four, asn), view.asPathContains(asn), where + " AS " + asn);
        }
    }
}
