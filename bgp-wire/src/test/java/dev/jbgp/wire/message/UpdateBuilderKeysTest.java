package dev.jbgp.wire.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The primitive form of {@code announceIpv4} (prefix keys in a {@code long[]}, attributes in a
 * {@code byte[]}) must write, message after message, the octets the {@code List<Ipv4Prefix>} form
 * writes for the same prefixes, on every kind of session (2/4-octet AS, 4096/65535 octets, ADD-PATH
 * send) and into heap and direct buffers whose capacity ends right after a full message, so the entries
 * that no 8-octet store fits are written octet by octet. Seeded; rerun one with {@code -Djbgp.seed=N}.
 */
class UpdateBuilderKeysTest {

    static LongStream seeds() {
        return Seeds.series(0x6b657973L, 5);
    }

    /** Untracked buffers (still released): under PARANOID every access of a tracked one records a trace. */
    private static final UnpooledByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(true, true);

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keysWriteTheOctetsOfThePrefixList(long seed) {
        Random r = new Random(seed);
        int messages = 0;
        for (int round = 0; round < 150; round++) {
            CodecContext ctx = RandomUpdates.context(r);
            UpdateBuilder builder = new UpdateBuilder(ctx);
            PathAttributes attrs = RandomUpdates.attributes(r, true);
            List<Ipv4Prefix> prefixes = RandomUpdates.ipv4Prefixes(r, r.nextBoolean() ? 20 : 3000);
            long[] keys = new long[prefixes.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = prefixes.get(i).key();
            }
            ByteBuf block = UNTRACKED.heapBuffer();
            ByteBuf expected = UNTRACKED.heapBuffer();
            try {
                attrs.write(block, ctx);
                byte[] attributes = ByteBufUtil.getBytes(block);
                if (ctx.maxMessageLength() - UpdateView.MIN_LENGTH - attributes.length < 9) {
                    continue; // no room for NLRI: the next test
                }
                int to = prefixes.isEmpty() ? 0 : r.nextInt(prefixes.size() + 1);
                int i = 0;
                int[] noIds = new int[0];
                while (i < to) {
                    String where = "seed " + seed + " round " + round + " at " + i + " " + ctx;
                    expected.clear();
                    int next = builder.announceIpv4(expected, block, prefixes.subList(0, to), noIds, i);
                    // Capacity right after a full message from a random start: the tail is octet by octet.
                    int pad = r.nextInt(8);
                    int capacity = pad + ctx.maxMessageLength();
                    ByteBuf actual = r.nextBoolean() ? UNTRACKED.heapBuffer(capacity, capacity)
                            : UNTRACKED.directBuffer(capacity, capacity);
                    try {
                        actual.writerIndex(pad).readerIndex(pad);
                        assertEquals(next, builder.announceIpv4(actual, attributes, attributes.length, keys, i, to), where);
                        assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(actual), where);
                    } finally {
                        actual.release();
                    }
                    i = next;
                    messages++;
                }
                ByteBuf none = UNTRACKED.heapBuffer();
                try {
                    assertEquals(to, builder.announceIpv4(none, attributes, attributes.length, keys, to, to));
                    assertEquals(0, none.readableBytes(), "nothing to announce, nothing written");
                } finally {
                    none.release();
                }
            } finally {
                block.release();
                expected.release();
            }
        }
        assertTrue(messages > 100, "messages compared: " + messages);
    }

    @Test
    void attributesThatLeaveNoRoomAreRefused() {
        CodecContext ctx = CodecContext.MODERN;
        byte[] huge = new byte[ctx.maxMessageLength() - UpdateView.MIN_LENGTH - 2];
        long[] keys = {Ipv4Prefix.of(0x7F000001, 32).key()}; // 5 octets, 2 left
        ByteBuf out = UNTRACKED.heapBuffer();
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> new UpdateBuilder(ctx).announceIpv4(out, huge, huge.length, keys, 0, 1));
            assertEquals(0, out.readableBytes());
        } finally {
            out.release();
        }
    }
}
