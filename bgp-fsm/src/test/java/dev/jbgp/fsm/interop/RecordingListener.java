package dev.jbgp.fsm.interop;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.fsm.netty.SessionListener;
import dev.jbgp.fsm.netty.SessionNotice;
import dev.jbgp.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Records what a session delivers, for the interop tests to assert on from the test thread. Each
 * UPDATE slice is copied, parsed into a {@link ReceivedUpdate} and <b>released here</b> (the
 * listener owns it, {@link SessionListener#onUpdate}); a message that does not parse is kept as a
 * problem instead, since an assertion thrown on the event loop would only be logged.
 */
final class RecordingListener implements SessionListener {

    private final List<ReceivedUpdate> updates = new CopyOnWriteArrayList<>();
    private final List<SessionNotice> notices = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @Override
    public void onUpdate(BgpSession session, ByteBuf update) {
        try {
            updates.add(ReceivedUpdate.parse(ByteBufUtil.getBytes(update)));
        } catch (RuntimeException e) {
            problems.add(e.getMessage() + ": " + ByteBufUtil.hexDump(update));
        } finally {
            update.release();
        }
    }

    @Override
    public void onNotice(BgpSession session, SessionNotice notice) {
        notices.add(notice);
    }

    /** Every UPDATE received so far, in order. */
    List<ReceivedUpdate> updates() {
        return List.copyOf(updates);
    }

    /** UPDATEs that did not parse, with their bytes. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The states the session went through, in order. */
    List<SessionState> states() {
        return notices.stream().filter(n -> n instanceof SessionNotice.StateChanged)
                .map(n -> ((SessionNotice.StateChanged) n).to()).collect(Collectors.toList());
    }

    /** NOTIFICATIONs we sent. */
    List<NotificationMessage> sent() {
        return notices.stream().filter(n -> n instanceof SessionNotice.NotificationSent)
                .map(n -> ((SessionNotice.NotificationSent) n).notification()).collect(Collectors.toList());
    }

    /** NOTIFICATIONs the peer sent. */
    List<NotificationMessage> received() {
        return notices.stream().filter(n -> n instanceof SessionNotice.NotificationReceived)
                .map(n -> ((SessionNotice.NotificationReceived) n).notification()).collect(Collectors.toList());
    }

    /**
     * NOTIFICATIONs we sent since the session last became Established: on a loaded machine a
     * daemon may drop a first attempt (e.g. FRR's hold timer expiring in OpenSent before it reads
     * our OPEN) and the retry succeed; the assertions are about the session that came up.
     */
    List<NotificationMessage> sentSinceEstablished() {
        return sinceEstablished().stream().filter(n -> n instanceof SessionNotice.NotificationSent)
                .map(n -> ((SessionNotice.NotificationSent) n).notification()).collect(Collectors.toList());
    }

    /** NOTIFICATIONs the peer sent since the session last became Established. */
    List<NotificationMessage> receivedSinceEstablished() {
        return sinceEstablished().stream().filter(n -> n instanceof SessionNotice.NotificationReceived)
                .map(n -> ((SessionNotice.NotificationReceived) n).notification()).collect(Collectors.toList());
    }

    private List<SessionNotice> sinceEstablished() {
        List<SessionNotice> all = List.copyOf(notices);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof SessionNotice.StateChanged sc && sc.to() == SessionState.ESTABLISHED) {
                return all.subList(i + 1, all.size());
            }
        }
        return List.of();
    }

    /** How many times the session left Established ({@link SessionNotice.Down}). */
    long downs() {
        return notices.stream().filter(n -> n instanceof SessionNotice.Down).count();
    }

    /** Everything seen, for failure messages. */
    String describe() {
        return "states " + states() + ", sent " + sent() + ", received " + received() + ", problems " + problems;
    }
}
