package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import static dev.jbgp.rib.Fixtures.LOCAL_AS;
import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ip4;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Export, encode with bgp-wire, decode and apply on a second RIB: what the receiving side sees.
 */
class WireRoundTripTest {

    @Test
    void receiverSeesOurAsPrependedTimesPlusOne() throws Exception {
        PeerId source = ebgp(2, 65001);
        PeerId receiverAsSeenBySender = ebgp(3, 65002);
        Rib sender = Rib.create(config().build());
        sender.peerUp(source, open("127.0.0.1"));
        sender.peerUp(receiverAsSeenBySender, PeerSettings.builder().importPolicy(Policy.acceptAll())
                .exportPolicy(Policy.of("prepend", Term.accept(Match.any(), Action.prependOwnAs(2))))
                .localAddress(addr("127.0.0.1")).build());
        Ipv4Prefix p = (Ipv4Prefix) prefix("127.30.0.0/16");
        sender.announce(source, p, 0, attrs("127.0.0.2", 65001).med(9).addCommunity(0xFDE90001)
                .passThrough(new byte[] {(byte) 0xC0, 0x63, 1, 7}).build());
        OutboundUpdates todo = sender.adjRibOut(receiverAsSeenBySender).drainPending();
        assertEquals(1, todo.announcements().size());
        UpdateBatch batch = todo.announcements().get(0);

        ByteBuf block = Unpooled.buffer();
        ByteBuf message = Unpooled.buffer();
        try {
            WireAttributes.toWire(batch.attributes()).write(block, CodecContext.MODERN);
            List<Ipv4Prefix> nlri = List.of(p);
            assertEquals(1, new UpdateBuilder(CodecContext.MODERN).announceIpv4(message, block, nlri, new int[0], 0));

            Rib receiver = Rib.create(RibConfig.builder(65002, ip4("127.1.0.3")).build());
            PeerId sendingPeer = PeerId.external(addr("127.0.0.1"), LOCAL_AS, Fixtures.ROUTER_ID);
            receiver.peerUp(sendingPeer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
            UpdateView view = new UpdateView().wrap(message, CodecContext.MODERN);
            UpdateOutcome o = receiver.adjRibIn(sendingPeer).apply(view, new UpdateValidator().validate(view));
            assertEquals(1, o.announced());
            assertTrue(o.action().isEmpty(), "the receiver finds nothing wrong: " + o);
            PathAttributes seen = receiver.bestPath(p).orElseThrow().attributes();
            assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, LOCAL_AS, LOCAL_AS, 65001)), seen.asPath());
            assertEquals(addr("127.0.0.1"), seen.nextHop().orElseThrow());
            assertTrue(!seen.hasMed(), "the MED from AS 65001 stayed behind");
            assertArrayEquals(new int[] {0xFDE90001}, seen.communities());
            assertArrayEquals(new byte[] {(byte) 0xE0, 0x63, 1, 7}, seen.passThrough(),
                    "the unknown transitive attribute arrives with the Partial bit (RFC 4271 §5)");
        } finally {
            block.release();
            message.release();
        }
    }
}
