package io.podroute.netlink.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.podroute.netlink.ops.AddressCodec;
import io.podroute.netlink.ops.LinkCodec;
import io.podroute.netlink.ops.NexthopCodec;
import io.podroute.netlink.ops.RouteCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kernel bytes of any shape are parsed or rejected with {@link MalformedMessageException}, never
 * another exception (the monitor and dumps rely on that). Without JAZZER_FUZZ=1 this replays the
 * seeds in src/test/resources/io/podroute/netlink/wire/ParserFuzzTestInputs; with it, it fuzzes.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parsersOnlyThrowMalformed(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int at = 0;
        try {
            while (at < data.length) {
                int len = MessageHeader.checkedAlignedLength(b, at, data.length);
                ByteBuffer one =
                        b.duplicate().limit(at + MessageHeader.length(b, at)).order(ByteOrder.nativeOrder());
                parseEach(one, at);
                at += len;
            }
        } catch (MalformedMessageException expected) {
            // Rejected as malformed: the only acceptable failure.
        }
    }

    private static void parseEach(ByteBuffer b, int at) {
        try {
            RouteCodec.parse(b, at);
        } catch (MalformedMessageException expected) {
            // next parser
        }
        try {
            NexthopCodec.parse(b, at);
        } catch (MalformedMessageException expected) {
            // next parser
        }
        try {
            LinkCodec.parse(b, at);
        } catch (MalformedMessageException expected) {
            // next parser
        }
        try {
            AddressCodec.parse(b, at);
        } catch (MalformedMessageException expected) {
            // next parser
        }
        Ack.parse(b, at);
    }
}
