package io.podroute.agent.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.EncoderException;
import io.podroute.bgp.codec.BgpCodec;
import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.message.BgpMessage;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.PrefixList;
import io.podroute.bgp.json.BgpJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podroute bgp encode}: turns the JSON of {@code podroute bgp decode} back into messages, one hex
 * line each. All documents are checked before anything is printed; the first bad one ends the command
 * with status 2 and one line on standard error naming the document and the field.
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = {
            "Encode BGP messages given as JSON (one document, an array of documents, or a sequence such as"
                    + " JSON lines or the output of 'podroute bgp decode') and print one hex line per message."
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:every message encoded", "2:usage error, or a document that does not describe a message"})
final class BgpEncodeCommand implements Callable<Integer> {
    @Mixin
    CodecOptions codec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSON input; '-' or nothing for standard input.")
    String file;

    @Spec
    CommandSpec spec;

    /** A failure to report on standard error, with exit status 2. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        try {
            CodecContext ctx = codec.context();
            List<String> lines = new ArrayList<>();
            int n = 0;
            for (JsonNode doc : documents(read())) {
                n++;
                lines.add(encode(doc, n, ctx));
            }
            for (String l : lines) {
                spec.commandLine().getOut().println(l);
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Failure f) {
            spec.commandLine().getErr().println("podroute bgp encode: " + f.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private String read() throws Failure {
        try {
            if (file == null || file.equals("-")) {
                InputStream in = ((PodrouteCli) spec.root().userObject()).stdin();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Failure(file + ": no such file");
        } catch (IOException e) {
            throw new Failure((file == null ? "<stdin>" : file) + ": " + e.getMessage());
        }
    }

    /** The message documents: each root value, and each element of a root array. */
    private static List<JsonNode> documents(String text) throws Failure {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                JsonText.MAPPER.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode root = it.nextValue();
                if (root.isArray()) {
                    root.forEach(docs::add);
                } else {
                    docs.add(root);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
            throw new Failure("invalid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Failure("cannot read JSON: " + e.getMessage());
        }
        if (docs.isEmpty()) {
            throw new Failure("no JSON documents in the input");
        }
        return docs;
    }

    private static String encode(JsonNode doc, int n, CodecContext ctx) throws Failure {
        String where = "document " + n + ": ";
        if (doc.isObject() && doc.has("error") && !doc.has("type")) {
            throw new Failure(where + "is a decoding error report, not a message");
        }
        BgpMessage m;
        try {
            m = BgpJson.fromJson(doc);
        } catch (IllegalArgumentException e) {
            throw new Failure(where + e.getMessage());
        }
        String pathIds = pathIdsWithoutAddPath(m, ctx);
        if (pathIds != null) {
            throw new Failure(where + pathIds);
        }
        ByteBuf out = Unpooled.buffer();
        try {
            BgpCodec.encode(m, ctx, out);
            return ByteBufUtil.hexDump(out);
        } catch (EncoderException | IllegalArgumentException | IllegalStateException e) {
            throw new Failure(where + "cannot encode: " + e.getMessage());
        } finally {
            out.release();
        }
    }

    /** Path ids would be dropped silently unless add-path is on for their family: say where, or null. */
    private static String pathIdsWithoutAddPath(BgpMessage m, CodecContext ctx) {
        if (!(m instanceof UpdateMessage u)) {
            return null;
        }
        String bad = check("withdrawn", u.withdrawn(), Family.IPV4_UNICAST, ctx);
        bad = bad != null ? bad : check("nlri", u.nlri(), Family.IPV4_UNICAST, ctx);
        for (int i = 0; i < u.attributes().size() && bad == null; i++) {
            PathAttribute a = u.attributes().get(i);
            if (a instanceof MpReachNlri r && r.nlri() != null) {
                bad = check("attributes[" + i + "].nlri", r.nlri(), r.family(), ctx);
            } else if (a instanceof MpUnreachNlri w && w.withdrawn() != null) {
                bad = check("attributes[" + i + "].withdrawn", w.withdrawn(), w.family(), ctx);
            }
        }
        return bad;
    }

    private static String check(String path, PrefixList list, Family family, CodecContext ctx) {
        if (list.hasPathIds() && !ctx.addPath(family)) {
            return path + ": has path ids but add-path is off for " + family + " (use --add-path " + family + ")";
        }
        return null;
    }
}
