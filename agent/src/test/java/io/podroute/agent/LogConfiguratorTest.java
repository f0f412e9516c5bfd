package io.podroute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogConfiguratorTest {
    @Test
    void logbackFindsItAndLogsInfoToStderr() {
        // the test JVM's own logging was set up through META-INF/services, as the agent's is
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, stderr.getEncoder());
        assertEquals(LogConfigurator.PATTERN, encoder.getPattern());
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertFalse(context.getLogger("io.podroute.agent").isDebugEnabled());
    }

    @Test
    void anOperatorsFileWins() {
        LoggerContext context = new LoggerContext();
        LogConfigurator c = new LogConfigurator();
        c.setContext(context);
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/podroute/logback.xml");
        try {
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, c.configure(context));
            assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, c.configure(context));
        assertInstanceOf(
                ConsoleAppender.class,
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        context.stop();
    }
}
