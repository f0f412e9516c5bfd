package io.podroute.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Turns each whole message from {@link BgpFrameDecoder} into a {@code BgpMessage}. Stateless. */
@Sharable
public final class BgpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final BgpMessageDecoder INSTANCE = new BgpMessageDecoder();

    private BgpMessageDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(BgpCodec.decode(frame, BgpChannelAttributes.receive(ctx.channel())));
    }
}
