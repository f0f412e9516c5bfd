package io.podroute.bgp.codec;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The per-channel codec contexts the pipeline handlers read. The session sets them once the OPENs have
 * been exchanged (4-octet AS, add-path directions, extended messages); until then both are {@link
 * CodecContext#MODERN}, which decodes any OPEN, KEEPALIVE or NOTIFICATION correctly.
 */
public final class BgpChannelAttributes {
    /** Context for decoding what the peer sends. */
    public static final AttributeKey<CodecContext> RECEIVE = AttributeKey.valueOf("podroute.bgp.receiveContext");

    /** Context for encoding what we send. */
    public static final AttributeKey<CodecContext> SEND = AttributeKey.valueOf("podroute.bgp.sendContext");

    private BgpChannelAttributes() {}

    static CodecContext receive(Channel ch) {
        CodecContext c = ch.attr(RECEIVE).get();
        return c != null ? c : CodecContext.MODERN;
    }

    static CodecContext send(Channel ch) {
        CodecContext c = ch.attr(SEND).get();
        return c != null ? c : CodecContext.MODERN;
    }
}
