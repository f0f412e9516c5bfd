package io.podroute.agent.metrics;

import static io.podroute.agent.metrics.Points.g;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * {@code podroute_build_info{version, java_version} 1} and {@code podroute_agent_start_time_seconds}.
 * Constant for the life of the process.
 */
public final class BuildInfoMetrics implements MultiCollector {
    private final String version;
    private final String javaVersion;
    private final double startTime;

    public BuildInfoMetrics(String version, String javaVersion, Instant startedAt) {
        this.version = version;
        this.javaVersion = javaVersion;
        this.startTime = startedAt.toEpochMilli() / 1000.0;
    }

    /** This build: the version from the jar's Maven descriptor ("dev" when run from classes). */
    public static BuildInfoMetrics current(Instant startedAt) {
        return new BuildInfoMetrics(version(), Runtime.version().toString(), startedAt);
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in =
                BuildInfoMetrics.class.getResourceAsStream("/META-INF/maven/io.podroute/agent/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "dev";
        }
        return p.getProperty("version", "dev");
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                InfoSnapshot.builder()
                        .name("podroute_build")
                        .help("The running build: always 1, the version in the labels")
                        .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                                .labels(Labels.of("version", version, "java_version", javaVersion))
                                .build())
                        .build(),
                Points.gauge("podroute_agent_start_time_seconds", "When the agent started, in Unix seconds")
                        .dataPoint(g(startTime))
                        .build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("podroute_build", "podroute_agent_start_time_seconds");
    }
}
