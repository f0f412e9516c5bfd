package io.podroute.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/** JSON text as the CLI prints it: pretty (two-space indent, one value per line) or compact. */
final class JsonText {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY;
    private static final ObjectWriter COMPACT = MAPPER.writer();

    static {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(indent)
                .withArrayIndenter(indent);
        PRETTY = MAPPER.writer(printer);
    }

    private JsonText() {}

    static String format(JsonNode node, boolean compact) {
        try {
            return (compact ? COMPACT : PRETTY).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
