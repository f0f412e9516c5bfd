package io.podroute.bgp.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.message.BgpMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Test helpers: encode, decode, and the decode → JSON text → fromJson → encode round trip. */
final class JsonRoundTrip {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRoundTrip() {}

    static byte[] encode(BgpMessage m, CodecContext ctx) {
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(m, ctx, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }

    static BgpMessage decode(byte[] wire, CodecContext ctx) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            return BgpCodec.decode(in, ctx);
        } finally {
            in.release();
        }
    }

    /** The JSON of the decoded message, written as text and parsed again, as the CLI pipes it. */
    static JsonNode json(byte[] wire, CodecContext ctx) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(BgpJson.toJson(decode(wire, ctx))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that decode → JSON text → fromJson → encode gives {@code wire} back, and returns the JSON. */
    static JsonNode assertRoundTrip(byte[] wire, CodecContext ctx, String what) {
        JsonNode json = json(wire, ctx);
        byte[] again = encode(BgpJson.fromJson(json), ctx);
        assertEquals(hex(wire), hex(again), what + " via " + json);
        return json;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
