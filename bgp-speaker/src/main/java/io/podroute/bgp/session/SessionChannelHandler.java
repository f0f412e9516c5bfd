package io.podroute.bgp.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.podroute.bgp.codec.message.BgpMessage;

/**
 * The last handler of a session's pipeline: hands decoded messages, decode errors, the connection's end
 * and writability changes to the peer's FSM. Holds no state of its own; one instance per connection.
 */
final class SessionChannelHandler extends ChannelInboundHandlerAdapter {
    private final BgpPeer peer;
    private final Connection connection;

    SessionChannelHandler(BgpPeer peer, Connection connection) {
        this.peer = peer;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BgpMessage m) {
            peer.onLoop(() -> connection.onMessage(m));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        peer.onLoop(() -> connection.onException(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.onLoop(connection::onChannelClosed);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        peer.onLoop(() -> peer.onWritabilityChanged(connection, writable));
        ctx.fireChannelWritabilityChanged();
    }
}
