package io.podroute.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.podroute.bgp.codec.BgpFrameDecoder;
import io.podroute.bgp.codec.BgpMessageDecoder;
import io.podroute.bgp.codec.BgpMessageEncoder;

/** The handlers of a session's channel: frame decoder → message decoder → session, and the encoder. */
final class SessionPipeline {
    private SessionPipeline() {}

    static void install(Channel ch, SessionChannelHandler session) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("bgp-frame", new BgpFrameDecoder());
        p.addLast("bgp-decoder", BgpMessageDecoder.INSTANCE);
        p.addLast("bgp-encoder", BgpMessageEncoder.INSTANCE);
        p.addLast("bgp-session", session);
    }

    /** Shuts down our sending side (FIN after what is queued) if the transport can; else closes. */
    static void halfClose(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        if (ch instanceof DuplexChannel d) {
            ChannelFuture unused = d.shutdownOutput();
        } else {
            ChannelFuture unused = ch.close();
        }
    }
}
