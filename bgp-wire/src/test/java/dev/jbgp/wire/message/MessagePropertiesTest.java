package dev.jbgp.wire.message;

import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static dev.jbgp.wire.WireTestSupport.bytes;
import static dev.jbgp.wire.WireTestSupport.decode;
import static dev.jbgp.wire.WireTestSupport.encode;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded properties (a {@link Random} per seed; the seed is in the test name, so a failure names the
 * input that reproduces it): random valid messages round-trip, and damaged bytes only ever produce a
 * value or a {@link BgpDecodeException}, never another exception or a leaked buffer.
 */
class MessagePropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 150).map(i -> 0x5EED_0000L + i);
    }

    /** Fewer seeds for the damage test: each seed feeds about twenty inputs to every decoder. */
    static LongStream damageSeeds() {
        return LongStream.range(0, 100).map(i -> 0xDA3A_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void openRoundTrips(long seed) throws BgpDecodeException {
        OpenMessage open = RandomMessages.open(new Random(seed));
        String hex = encode(open::encode);
        assertEquals(open.encodedLength(), hex.length() / 2);
        OpenMessage back = decode(hex, OpenMessage::decode);
        assertEquals(open, back, () -> "seed " + seed);
        assertEquals(hex, encode(back::encode));
        assertEquals(open.toString(), back.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void notificationRoundTrips(long seed) throws BgpDecodeException {
        NotificationMessage n = RandomMessages.notification(new Random(seed));
        String hex = encode(n::encode);
        NotificationMessage back = decode(hex, NotificationMessage::decode);
        assertEquals(n, back, () -> "seed " + seed);
        assertEquals(n.shutdownCommunication(), back.shutdownCommunication());
        assertEquals(n.toString(), back.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void routeRefreshRoundTrips(long seed) throws BgpDecodeException {
        RouteRefreshMessage m = RandomMessages.routeRefresh(new Random(seed));
        String hex = encode(m::encode);
        for (boolean enhanced : new boolean[] {false, true}) {
            RouteRefreshMessage back = decode(hex, b -> RouteRefreshMessage.decode(b, enhanced));
            assertEquals(m, back, () -> "seed " + seed);
            assertEquals(hex, encode(back::encode));
        }
    }

    /** Random bytes, bit flips, truncations and changed length fields into every decoder. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("damageSeeds")
    void damagedInputIsAValueOrADecodeError(long seed) {
        Random r = new Random(seed);
        byte[] valid = bytes(validMessage(r));
        // 1. bit flips
        for (int i = 0; i < 8; i++) {
            byte[] b = valid.clone();
            for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
                int bit = r.nextInt(b.length * 8);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            check(seed, b);
        }
        // 2. truncations
        for (int i = 0; i < 4; i++) {
            check(seed, Arrays.copyOf(valid, r.nextInt(valid.length)));
        }
        // 3. changed length fields: the header length, and a random 1- or 2-octet field in the body
        for (int i = 0; i < 6; i++) {
            byte[] b = valid.clone();
            int newLength = r.nextInt(4) == 0 ? r.nextInt(65536) : valid.length + r.nextInt(9) - 4;
            b[16] = (byte) (newLength >>> 8);
            b[17] = (byte) newLength;
            if (b.length > 20 && r.nextBoolean()) {
                int at = 19 + r.nextInt(b.length - 19);
                b[at] = (byte) r.nextInt(256);
            }
            check(seed, b);
        }
        // 4. random bytes behind a valid marker, and pure random bytes
        byte[] noise = new byte[r.nextInt(120)];
        r.nextBytes(noise);
        check(seed, noise);
        byte[] marked = new byte[19 + r.nextInt(100)];
        r.nextBytes(marked);
        Arrays.fill(marked, 0, 16, (byte) 0xFF);
        marked[16] = (byte) (marked.length >>> 8);
        marked[17] = (byte) marked.length;
        marked[18] = (byte) (1 + r.nextInt(5));
        check(seed, marked);
        // 5. two messages back to back, the second damaged
        byte[] second = bytes(validMessage(r));
        second[r.nextInt(second.length)] ^= (byte) (1 + r.nextInt(255));
        byte[] both = new byte[valid.length + second.length];
        System.arraycopy(valid, 0, both, 0, valid.length);
        System.arraycopy(second, 0, both, valid.length, second.length);
        check(seed, both);
    }

    private static String validMessage(Random r) {
        Consumer<ByteBuf> encoder;
        switch (r.nextInt(4)) {
            case 0: encoder = RandomMessages.open(r)::encode; break;
            case 1: encoder = RandomMessages.notification(r)::encode; break;
            case 2: encoder = RandomMessages.routeRefresh(r)::encode; break;
            default: encoder = KeepaliveMessage.INSTANCE::encode; break;
        }
        return encode(encoder);
    }

    private static void check(long seed, byte[] input) {
        try {
            RobustnessChecks.feedEverything(input);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + ", input " + hex(input), e);
        }
    }
}
