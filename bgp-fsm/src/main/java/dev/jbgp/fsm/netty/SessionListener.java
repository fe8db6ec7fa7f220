package dev.jbgp.fsm.netty;

import dev.jbgp.wire.message.RouteRefreshMessage;
import io.netty.buffer.ByteBuf;

/**
 * Receives what a {@link BgpSession} delivers. Every method is called on the session's event loop,
 * one call at a time; a method must not block. An exception thrown by a method is logged and
 * otherwise ignored.
 */
public interface SessionListener {

    /**
     * An UPDATE arrived on an Established session. {@code update} is a retained slice of the socket
     * buffer holding exactly one whole message, header included, as framed by the wire frame
     * decoder; the session has not parsed it. <b>The listener owns {@code update} and must release
     * it</b>, now or later (it may keep it, e.g. to intern attributes by their bytes), also when it
     * throws. An UPDATE error that calls for a session reset (RFC 7606) is reported back with
     * {@link BgpSession#updateError}.
     */
    default void onUpdate(BgpSession session, ByteBuf update) {
        update.release();
    }

    /** The peer asked us to re-send a family (RFC 2918), or marks an enhanced refresh (RFC 7313). */
    default void onRouteRefresh(BgpSession session, RouteRefreshMessage request) {
    }

    /** A state change, a NOTIFICATION sent or received, a change of writability. */
    default void onNotice(BgpSession session, SessionNotice notice) {
    }
}
