package dev.jbgp.wire.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.LocalPref;
import dev.jbgp.wire.attr.Med;
import dev.jbgp.wire.attr.NextHop;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical-shape fast path of {@link UpdateView#wrap} (ORIGIN, AS_PATH, NEXT_HOP, optional
 * MULTI_EXIT_DISC and LOCAL_PREF first, in type order, as RFC 4271 §5 asks senders to order them)
 * must judge and read exactly as the general attribute loop: every octet of such a block, changed to a
 * random value or with one bit flipped, gives the verdict {@link UpdateValidator#validateFully} gives,
 * and when that verdict is OK the decision getters return what the attribute readers of
 * {@code dev.jbgp.wire.attr} read at the indexed offsets. The blocks are written by hand here from the
 * RFC 4271 §4.3 / §5 layouts, so that the shape is the fast path's and not whatever an encoder emits.
 * Seeded; rerun one with {@code -Djbgp.seed=N}.
 */
class CanonicalShapeTest {

    static LongStream seeds() {
        return Seeds.series(0x63616e6fL, 8);
    }

    /** Untracked buffers (still released): under PARANOID every access of a tracked one records a trace. */
    private static final UnpooledByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(true, true);

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyOneOctetChangeIsJudgedAsByTheFullRules(long seed) throws BgpDecodeException {
        Random r = new Random(seed);
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        int okCount = 0;
        for (int round = 0; round < 24; round++) {
            CodecContext ctx = CodecContext.MODERN.withFourOctetAs(r.nextBoolean()).withInternalPeer(r.nextInt(3) == 0);
            byte[] block = canonicalBlock(r, ctx);
            // sometimes no NLRI, so that the block ends where the buffer does (reads past it would trip the asserts)
            byte[] nlri = r.nextInt(4) == 0 ? new byte[0]
                    : new byte[] {24, 127, 0, (byte) r.nextInt(256), 32, 127, 1, 2, (byte) r.nextInt(256)};
            for (int at = -1; at < block.length; at++) {
                for (int change = 0; change < (at < 0 ? 1 : 3); change++) {
                    byte[] b = block.clone();
                    if (at >= 0) {
                        b[at] = change == 0 ? (byte) r.nextInt(256) : (byte) (b[at] ^ (1 << r.nextInt(8)));
                        if (change == 2) {
                            b[at] = (byte) (block[at] + (r.nextBoolean() ? 1 : -1)); // near misses of lengths and codes
                        }
                    }
                    ByteBuf msg = message(b, nlri, r.nextBoolean());
                    try {
                        String where = "seed " + seed + " round " + round + " octet " + at + " change " + change + " ctx " + ctx;
                        try {
                            view.wrap(msg, ctx);
                        } catch (BgpDecodeException e) {
                            continue; // cannot happen for an attribute-only change; nothing to compare then
                        }
                        UpdateVerdict full = validator.validateFully(view);
                        UpdateVerdict verdict = validator.validate(view);
                        assertEquals(full.toString(), verdict.toString(), where);
                        assertEquals(full.errors().toString(), verdict.errors().toString(), where);
                        if (verdict.isOk()) {
                            okCount++;
                            checkDecisionFields(view, where);
                        }
                    } finally {
                        msg.release();
                    }
                }
            }
        }
        // the unchanged blocks and the changes inside values (next hop, MED, AS numbers) stay valid
        assertTrue(okCount > 100, "seed " + seed + ": only " + okCount + " valid UPDATEs");
    }

    /**
     * The loop-free AS_PATH walk reads 8 AS slots whatever the count; the slots past the path must not
     * count. Here the path is the last attribute (the general loop walks it) and the octets after it are
     * zeros (NLRI of 32 default routes, /0 being one octet each): read as ASes they would be AS 0.
     */
    @org.junit.jupiter.api.Test
    void octetsAfterAShortPathAreNotReadAsItsAses() throws BgpDecodeException {
        byte[] attrs = {
            0x40, AttributeType.ORIGIN, 1, 0,
            0x40, AttributeType.NEXT_HOP, 4, 127, 0, 0, 1,
            0x40, AttributeType.AS_PATH, 6, 2, 1, 0, 0, (byte) 0xFD, (byte) 0xE8}; // AS_SEQUENCE of AS 65000
        byte[] nlri = new byte[32]; // enough that the 8 slots lie inside the buffer and the walk is taken
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuf msg = message(attrs, nlri, direct);
            try {
                UpdateView view = new UpdateView().wrap(msg, CodecContext.MODERN);
                UpdateValidator validator = new UpdateValidator();
                assertEquals(UpdateVerdict.OK.toString(), validator.validateFully(view).toString());
                assertEquals(UpdateVerdict.OK.toString(), validator.validate(view).toString());
                // a slot past the path read as AS 0 would not change the verdict, only send the UPDATE
                // to the slow full rules: so check that the one pass accepted it
                assertTrue(view.fastChecksPass(), "the one-pass checks rejected a valid UPDATE");
                assertEquals(1, view.asPathHopCount());
                assertEquals(65000, view.asPathFirstAs());
                assertTrue(view.asPathContains(65000));
                assertEquals(false, view.asPathContains(0));
            } finally {
                msg.release();
            }
        }
    }

    /** The getters against the attribute readers over the octets the view indexed. */
    private static void checkDecisionFields(UpdateView view, String where) throws BgpDecodeException {
        ByteBuf buf = view.buffer();
        assertEquals(Origin.read(buf, view.attributeValueOffset(AttributeType.ORIGIN),
                view.attributeValueLength(AttributeType.ORIGIN)), view.origin(), where);
        assertEquals(NextHop.read(buf, view.attributeValueOffset(AttributeType.NEXT_HOP),
                view.attributeValueLength(AttributeType.NEXT_HOP)), view.nextHop(), where);
        if (view.hasMed()) {
            assertEquals(Med.read(buf, view.attributeValueOffset(AttributeType.MULTI_EXIT_DISC),
                    view.attributeValueLength(AttributeType.MULTI_EXIT_DISC)), view.med(), where);
        }
        if (view.hasLocalPref()) {
            assertEquals(LocalPref.read(buf, view.attributeValueOffset(AttributeType.LOCAL_PREF),
                    view.attributeValueLength(AttributeType.LOCAL_PREF)), view.localPref(), where);
        }
    }

    /**
     * ORIGIN, AS_PATH (one AS_SEQUENCE of 1..6 ASes of the session's width), NEXT_HOP, then MED,
     * LOCAL_PREF (iBGP only, as a real peer sends it) and COMMUNITIES each maybe: flags, type, length, value.
     */
    private static byte[] canonicalBlock(Random r, CodecContext ctx) {
        ByteBuf b = UNTRACKED.heapBuffer();
        try {
            b.writeByte(0x40).writeByte(AttributeType.ORIGIN).writeByte(1).writeByte(r.nextInt(3));
            int n = 1 + r.nextInt(r.nextBoolean() ? 10 : 6); // past 8 ASes too: the short-sequence walk ends there
            int width = ctx.fourOctetAs() ? 4 : 2;
            b.writeByte(0x40).writeByte(AttributeType.AS_PATH).writeByte(2 + n * width);
            b.writeByte(2).writeByte(n); // AS_SEQUENCE
            int zeroAt = r.nextInt(4) == 0 ? r.nextInt(n) : -1; // AS 0 is malformed (RFC 7607 §2): at every slot
            for (int i = 0; i < n; i++) {
                int asn = i == zeroAt ? 0 : 1 + r.nextInt(64000);
                if (width == 4) {
                    b.writeInt(asn);
                } else {
                    b.writeShort(asn);
                }
            }
            b.writeByte(0x40).writeByte(AttributeType.NEXT_HOP).writeByte(4).writeInt(0x7F000000 | (1 + r.nextInt(0xFFFF)));
            if (r.nextInt(3) != 0) {
                b.writeByte(0x80).writeByte(AttributeType.MULTI_EXIT_DISC).writeByte(4).writeInt(r.nextInt());
            }
            if (ctx.internalPeer() && r.nextBoolean()) {
                b.writeByte(0x40).writeByte(AttributeType.LOCAL_PREF).writeByte(4).writeInt(r.nextInt());
            }
            if (r.nextBoolean()) {
                b.writeByte(0xC0).writeByte(AttributeType.COMMUNITIES).writeByte(4).writeInt(r.nextInt());
            }
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /** An UPDATE (RFC 4271 §4.3) with no withdrawn routes, {@code attrs} and {@code nlri}; the caller releases it. */
    private static ByteBuf message(byte[] attrs, byte[] nlri, boolean direct) {
        int len = UpdateView.MIN_LENGTH + attrs.length + nlri.length;
        ByteBuf m = direct ? UNTRACKED.directBuffer(len) : UNTRACKED.heapBuffer(len);
        for (int i = 0; i < 16; i++) {
            m.writeByte(0xFF);
        }
        m.writeShort(len).writeByte(2).writeShort(0).writeShort(attrs.length).writeBytes(attrs).writeBytes(nlri);
        return m;
    }
}
