package io.podroute.bgp.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;

/**
 * Fuzzes the decoder. The first input byte selects the session context (bit 0: 2-octet AS; bit 1:
 * add-path IPv4; bit 2: add-path IPv6; bit 3: extended messages) and, with bit 4, writes a valid
 * marker and length over the message so that the fuzzer spends its time in message bodies. The rest
 * is one message.
 *
 * <p>Oracle: decoding returns a message or throws {@link BgpProtocolException}, nothing else; a
 * decoded message re-encodes without error; a message decoded without errors re-encodes to bytes that
 * decode to an equal message.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the committed inputs in {@code BgpDecoderFuzzTestInputs}
 * (seeds from the golden vectors, the fuzzer's corpus, and every crash ever found). With {@code
 * JAZZER_FUZZ=1} (as {@code ./ops/test.sh} sets) it fuzzes for the given duration.
 */
class BgpDecoderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int opts = input[0];
        CodecContext ctx = new CodecContext((opts & 1) == 0, (opts & 8) != 0, (opts & 2) != 0, (opts & 4) != 0);
        byte[] msg = new byte[input.length - 1];
        System.arraycopy(input, 1, msg, 0, msg.length);
        if ((opts & 16) != 0 && msg.length >= BgpCodec.HEADER_LENGTH && msg.length <= 0xFFFF) {
            for (int i = 0; i < BgpCodec.MARKER_LENGTH; i++) {
                msg[i] = (byte) 0xFF;
            }
            msg[16] = (byte) (msg.length >>> 8);
            msg[17] = (byte) msg.length;
        }
        BgpMessage decoded;
        try {
            decoded = BgpCodec.decode(Unpooled.wrappedBuffer(msg), ctx);
        } catch (BgpProtocolException expected) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(decoded, ctx, out);
            if (decoded instanceof UpdateMessage u && u.verdict() != ErrorAction.NONE) {
                return;
            }
            BgpMessage again = BgpCodec.decode(out, ctx);
            assertEquals(decoded, again, "decode(encode(m)) != m");
        } finally {
            out.release();
        }
    }
}
