package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.podroute.bgp.codec.message.BgpMessage;

/** Encodes {@code BgpMessage}s with the channel's send context. Stateless; one instance for all. */
@Sharable
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    public static final BgpMessageEncoder INSTANCE = new BgpMessageEncoder();

    private BgpMessageEncoder() {
        super(BgpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        BgpCodec.encode(msg, BgpChannelAttributes.send(ctx.channel()), out);
    }
}
