package dev.jbgp.wire.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.iana.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Set;

/**
 * Jazzer fuzz tests of the UPDATE decoding path — {@link UpdateView}, {@link UpdateValidator}, every
 * cursor, the value decoders and the forwarding copy (see {@link FuzzTarget}) — once per session
 * context that changes how bytes parse: 2- or 4-octet AS, ADD-PATH off or on.
 *
 * <p>The input is an UPDATE body (what follows the 19-octet header); the header is added with the
 * right length so the fuzzer spends its time inside the message. Anything but a
 * {@code BgpDecodeException} escaping, or a hang, is a finding.
 *
 * <p>In the normal test run each method replays its seed corpus in
 * {@code src/test/resources/dev/jbgp/wire/message/UpdateFuzzTestInputs/<method>/} (plus any crash
 * files Jazzer left there) as regression tests. To fuzz one context for the time given by
 * {@code maxDuration} (edit it to fuzz longer; Jazzer fuzzes one method per run):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -o -pl bgp-wire -am test -Dtest='UpdateFuzzTest#fourOctetAddPath' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class UpdateFuzzTest {

    private static final Set<AddressFamily> BOTH = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    private static void run(byte[] body, CodecContext ctx) {
        int len = Math.min(body.length, ctx.maxMessageLength() - 19);
        ByteBuf buf = Unpooled.buffer(19 + len);
        try {
            buf.writeLong(-1L).writeLong(-1L).writeShort(19 + len).writeByte(2).writeBytes(body, 0, len);
            FuzzTarget.exercise(buf, ctx);
        } finally {
            buf.release();
        }
    }

    @FuzzTest(maxDuration = "2m")
    void twoOctet(byte[] body) {
        run(body, CodecContext.RFC4271);
    }

    @FuzzTest(maxDuration = "2m")
    void fourOctet(byte[] body) {
        run(body, CodecContext.MODERN.withInternalPeer(true));
    }

    @FuzzTest(maxDuration = "2m")
    void twoOctetAddPath(byte[] body) {
        run(body, CodecContext.RFC4271.withAddPath(BOTH, BOTH));
    }

    @FuzzTest(maxDuration = "2m")
    void fourOctetAddPath(byte[] body) {
        run(body, CodecContext.MODERN.withAddPath(BOTH, BOTH).withMaxMessageLength(CodecContext.EXTENDED_MAX_LENGTH));
    }
}
