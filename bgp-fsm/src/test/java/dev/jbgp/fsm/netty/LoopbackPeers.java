package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Shared pieces of the loopback driver tests: addresses, configurations, a recording listener, an UPDATE. */
final class LoopbackPeers {

    private LoopbackPeers() {
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static int id(String dottedQuad) {
        return dev.jbgp.fsm.BgpIdentifiers.parse(dottedQuad);
    }

    static SessionConfig.Builder session(long localAs, long peerAs, String id) {
        return SessionConfig.builder().localAs(localAs).peerAs(peerAs).bgpIdentifier(id)
                .holdTimeSeconds(3).connectRetryTime(Duration.ofSeconds(1)).idleHoldTime(Duration.ofMillis(200));
    }

    /**
     * An UPDATE announcing 127.99.0.0/16 from AS 64500 with next hop 127.0.0.1, written by hand from
     * RFC 4271 §4.3 (4-octet AS_PATH, as both sides negotiate RFC 6793).
     */
    static ByteBuf update() {
        ByteBuf out = Unpooled.buffer();
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        out.writeShort(0); // withdrawn routes length
        byte[] attributes = {
            0x40, 1, 1, 0,                                  // ORIGIN IGP
            0x40, 2, 6, 2, 1, 0, 0, (byte) 0xFB, (byte) 0xF4, // AS_PATH: AS_SEQUENCE of one AS, 64500
            0x40, 3, 4, 127, 0, 0, 1,                        // NEXT_HOP 127.0.0.1
        };
        out.writeShort(attributes.length);
        out.writeBytes(attributes);
        out.writeBytes(new byte[] {16, 127, 99});           // NLRI 127.99.0.0/16
        MessageHeader.patchLength(out, start);
        return out;
    }

    /** An UPDATE of about 3.6 kB: the same attributes and 900 /24 prefixes inside 127.0.0.0/8. */
    static ByteBuf bigUpdate() {
        ByteBuf out = Unpooled.buffer(4096);
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        out.writeShort(0);
        byte[] attributes = {
            0x40, 1, 1, 0,
            0x40, 2, 6, 2, 1, 0, 0, (byte) 0xFB, (byte) 0xF4,
            0x40, 3, 4, 127, 0, 0, 1,
        };
        out.writeShort(attributes.length);
        out.writeBytes(attributes);
        for (int i = 0; i < 900; i++) {
            out.writeByte(24).writeByte(127).writeByte(i >>> 8).writeByte(i & 0xFF);
        }
        MessageHeader.patchLength(out, start);
        return out;
    }

    /** Records what a session delivers; UPDATEs are copied to byte arrays and released at once. */
    static final class Recorder implements SessionListener {
        final BlockingQueue<byte[]> updates = new LinkedBlockingQueue<>();
        final BlockingQueue<NotificationMessage> received = new LinkedBlockingQueue<>();
        final BlockingQueue<NotificationMessage> sent = new LinkedBlockingQueue<>();
        final List<SessionNotice> notices = new CopyOnWriteArrayList<>();

        @Override
        public void onUpdate(BgpSession session, ByteBuf update) {
            try {
                updates.add(ByteBufUtil.getBytes(update));
            } finally {
                update.release();
            }
        }

        @Override
        public void onNotice(BgpSession session, SessionNotice notice) {
            notices.add(notice);
            if (notice instanceof SessionNotice.NotificationReceived r) {
                received.add(r.notification());
            } else if (notice instanceof SessionNotice.NotificationSent s) {
                sent.add(s.notification());
            }
        }

        long establishedCount() {
            return notices.stream().filter(n -> n instanceof SessionNotice.StateChanged sc
                    && sc.to() == SessionState.ESTABLISHED).count();
        }

        byte[] nextUpdate(Duration timeout) throws InterruptedException {
            return updates.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
