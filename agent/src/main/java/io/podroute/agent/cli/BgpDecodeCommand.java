package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.json.BgpJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podroute bgp decode}: prints each BGP message given in hex as JSON ({@code docs/bgp-json.md}).
 * A message that does not decode is printed as {"error": {...}} with the NOTIFICATION a session would
 * send; decoding goes on with the next one and the exit status is 1.
 */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = {
            "Print BGP messages given in hex as JSON, one document per message.",
            "Each HEX argument holds one or more whole messages (marker included); whitespace and colons"
                    + " are ignored. Without arguments, hex lines are read from standard input: blank lines and"
                    + " lines starting with '#' are skipped, vector-file lines 'TYPE HEX' are accepted and a"
                    + " '!context ...' line sets the codec options for the lines after it."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:every message decoded",
            "1:at least one message did not decode (see its \"error\" object)",
            "2:usage error"
        })
final class BgpDecodeCommand implements Callable<Integer> {
    private static final int BAD_LENGTH_DATA = 2;

    @Mixin
    CodecOptions codec;

    @Option(names = "--compact", description = "One JSON object per line instead of pretty-printed documents.")
    boolean compact;

    @Parameters(paramLabel = "HEX", arity = "0..*", description = "Messages in hex.")
    List<String> hex = List.of();

    @Spec
    CommandSpec spec;

    private boolean failed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CodecContext ctx = codec.context();
        if (!hex.isEmpty()) {
            for (String arg : hex) {
                decodeText(arg, ctx, out);
            }
        } else {
            PodrouteCli root = (PodrouteCli) spec.root().userObject();
            BufferedReader reader = new BufferedReader(new InputStreamReader(root.stdin(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                ctx = decodeLine(line, ctx, out);
            }
        }
        out.flush();
        return failed ? 1 : 0;
    }

    private CodecContext decodeLine(String line, CodecContext ctx, PrintWriter out) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return ctx;
        }
        if (s.startsWith("!context")) {
            try {
                return HexInput.context(s, ctx);
            } catch (IllegalArgumentException e) {
                inputError(e.getMessage(), s, out);
                return ctx;
            }
        }
        if (!s.startsWith("!")) {
            decodeText(HexInput.stripVectorType(s), ctx, out);
        }
        return ctx;
    }

    private void decodeText(String text, CodecContext ctx, PrintWriter out) {
        byte[] bytes;
        try {
            bytes = HexInput.parseHex(text);
        } catch (IllegalArgumentException e) {
            inputError(e.getMessage(), text, out);
            return;
        }
        if (bytes.length == 0) {
            inputError("no bytes", text, out);
            return;
        }
        for (byte[] message : HexInput.split(bytes)) {
            decodeMessage(message, ctx, out);
        }
    }

    private void decodeMessage(byte[] message, CodecContext ctx, PrintWriter out) {
        ObjectNode json;
        try {
            json = BgpJson.toJson(BgpCodec.decode(Unpooled.wrappedBuffer(message), ctx));
        } catch (BgpProtocolException e) {
            ObjectNode error = BgpJson.errorToJson(e);
            byte[] data = e.data();
            if (e.code() == NotificationCode.BAD_MESSAGE_LENGTH
                    && data.length == BAD_LENGTH_DATA
                    && !ctx.extendedMessage()
                    && (((data[0] & 0xFF) << 8) | (data[1] & 0xFF)) > CodecContext.MAX_MESSAGE_LENGTH) {
                error.put("hint", "longer than 4096 bytes: decode with --extended-message (RFC 8654)");
            }
            error.put("input", HexFormat.of().formatHex(message));
            json = wrap(error);
            failed = true;
        }
        print(json, out);
    }

    private void inputError(String reason, String input, PrintWriter out) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("reason", reason);
        error.put("input", input);
        print(wrap(error), out);
        failed = true;
    }

    private static ObjectNode wrap(ObjectNode error) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("error", error);
        return o;
    }

    private void print(ObjectNode json, PrintWriter out) {
        out.println(JsonText.format(json, compact));
    }
}
