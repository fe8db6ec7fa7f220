package dev.jbgp.fsm.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The only handler in a session channel's pipeline: it hands raw inbound bytes, the end of the
 * connection and writability changes to the {@link Connection}, on the session's event loop (the
 * same thread as the channel's for outgoing connections; one hop for an incoming connection that
 * landed on another loop). Framing happens there, so that the frame length limit always matches
 * the state the session has reached.
 */
final class ChannelBridge extends ChannelInboundHandlerAdapter {

    private final Connection connection;

    ChannelBridge(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // Ownership of buf passes to the connection, which releases it in every case.
        connection.session().runOnLoop(() -> connection.onRead(ctx.channel(), buf), buf);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.session().runOnLoop(() -> connection.onInactive(ctx.channel()), null);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        connection.session().runOnLoop(() -> connection.onWritability(ctx.channel(), writable), null);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A socket error (reset, timeout): the channel closes and channelInactive reports TcpConnectionFails.
        connection.session().logSocketError(ctx.channel(), cause);
        ctx.close();
    }
}
