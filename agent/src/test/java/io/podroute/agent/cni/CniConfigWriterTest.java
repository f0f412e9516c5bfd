package io.podroute.agent.cni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.config.AgentSetup.Cni.Plugin;
import io.podroute.ipip.mode.IpipMode;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Prefix BLOCK = Prefix.parse("10.244.3.64/26");

    static AgentSetup.Cni cni(Path confDir, Plugin plugin, Path dataDir) {
        return new AgentSetup.Cni(true, confDir, "10-podroute.conflist", "podroute", plugin, "podroute0", 0, dataDir);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void bridgeConflist() throws IOException {
        String text = CniConfigWriter.render(
                cni(Path.of("/etc/cni/net.d"), Plugin.BRIDGE, Path.of("/var/lib/x")), BLOCK, 1480);
        JsonNode conf = JSON.readTree(text);
        assertEquals(List.of("cniVersion", "name", "plugins"), fieldNames(conf));
        assertEquals("1.0.0", conf.get("cniVersion").asText());
        assertEquals("podroute", conf.get("name").asText());
        assertEquals(1, conf.get("plugins").size());
        JsonNode p = conf.get("plugins").get(0);
        assertEquals(
                List.of("type", "bridge", "isGateway", "isDefaultGateway", "ipMasq", "hairpinMode", "mtu", "ipam"),
                fieldNames(p));
        assertEquals("bridge", p.get("type").asText());
        assertEquals("podroute0", p.get("bridge").asText());
        assertTrue(p.get("isGateway").asBoolean());
        assertTrue(p.get("isDefaultGateway").asBoolean());
        assertFalse(p.get("ipMasq").asBoolean());
        assertTrue(p.get("hairpinMode").asBoolean());
        assertEquals(1480, p.get("mtu").asInt());
        JsonNode ipam = p.get("ipam");
        assertEquals("host-local", ipam.get("type").asText());
        assertEquals("10.244.3.64/26", ipam.at("/ranges/0/0/subnet").asText());
        assertEquals("10.244.3.65", ipam.at("/ranges/0/0/gateway").asText());
        // isDefaultGateway adds the default route; an IPAM default route too fails with "file exists".
        assertFalse(ipam.has("routes"));
        assertEquals("/var/lib/x", ipam.get("dataDir").asText());
        assertTrue(text.endsWith("}\n"));
        assertTrue(text.contains("\n  \"plugins\""), "pretty printed");
    }

    @Test
    void ptpConflist() throws IOException {
        JsonNode conf = JSON.readTree(CniConfigWriter.render(cni(Path.of("/c"), Plugin.PTP, null), BLOCK, 1430));
        JsonNode p = conf.at("/plugins/0");
        assertEquals(List.of("type", "ipMasq", "mtu", "ipam"), fieldNames(p));
        assertEquals("ptp", p.get("type").asText());
        assertFalse(p.get("ipMasq").asBoolean());
        assertEquals(1430, p.get("mtu").asInt());
        JsonNode ipam = p.get("ipam");
        assertEquals(List.of("type", "ranges", "routes"), fieldNames(ipam), "no dataDir when unset");
        assertEquals("10.244.3.64/26", ipam.at("/ranges/0/0/subnet").asText());
        assertFalse(ipam.at("/ranges/0/0").has("gateway"));
        assertEquals("0.0.0.0/0", ipam.at("/routes/0/dst").asText());
        assertEquals(1, ipam.get("routes").size());
    }

    @Test
    void sameInputsSameBytes() {
        AgentSetup.Cni c = cni(Path.of("/c"), Plugin.BRIDGE, null);
        assertEquals(CniConfigWriter.render(c, BLOCK, 1480), CniConfigWriter.render(c, BLOCK, 1480));
    }

    @Test
    void rejectsBlocksWithoutRoomAndBadMtu() {
        AgentSetup.Cni c = cni(Path.of("/c"), Plugin.BRIDGE, null);
        assertThrows(
                IllegalArgumentException.class, () -> CniConfigWriter.render(c, Prefix.parse("10.0.0.4/31"), 1500));
        assertThrows(IllegalArgumentException.class, () -> CniConfigWriter.render(c, Prefix.parse("fd00::/64"), 1500));
        assertThrows(IllegalArgumentException.class, () -> CniConfigWriter.render(c, BLOCK, 0));
        assertThrows(IllegalArgumentException.class, () -> CniConfigWriter.render(c, BLOCK, 65536));
    }

    @Test
    void gatewayIsTheFirstAddress() {
        assertEquals("10.1.0.1", Addresses.format(CniConfigWriter.gateway(Prefix.parse("10.1.0.0/24"))));
        assertEquals("10.1.1.1", Addresses.format(CniConfigWriter.gateway(Prefix.parse("10.1.1.0/26"))));
    }

    @Test
    void podMtuFollowsTheTunnel() {
        AgentSetup.Cni auto = cni(Path.of("/c"), Plugin.BRIDGE, null);
        assertEquals(1480, CniConfigWriter.podMtu(auto, 1500, IpipMode.ALWAYS));
        assertEquals(1480, CniConfigWriter.podMtu(auto, 1500, IpipMode.CROSS_SUBNET));
        assertEquals(1500, CniConfigWriter.podMtu(auto, 1500, IpipMode.NEVER));
        assertEquals(8980, CniConfigWriter.podMtu(auto, 9000, IpipMode.ALWAYS));
        AgentSetup.Cni fixed = new AgentSetup.Cni(true, Path.of("/c"), "f", "n", Plugin.PTP, "b", 1400, null);
        assertEquals(1400, CniConfigWriter.podMtu(fixed, 9000, IpipMode.ALWAYS));
    }

    @Test
    void writesAtomicallyOnlyWhenChanged(@TempDir Path tmp) throws IOException {
        Path confDir = tmp.resolve("etc/cni/net.d");
        AgentSetup.Cni c = cni(confDir, Plugin.BRIDGE, null);
        Path file = confDir.resolve("10-podroute.conflist");

        assertTrue(CniConfigWriter.write(c, BLOCK, 1480), "created, with its directory");
        assertEquals(CniConfigWriter.render(c, BLOCK, 1480), Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), list(confDir), "no temp file left");

        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(file, old);
        long inode = inode(file);
        assertFalse(CniConfigWriter.write(c, BLOCK, 1480), "same content: untouched");
        assertEquals(old, Files.getLastModifiedTime(file));
        assertEquals(inode, inode(file));

        assertTrue(CniConfigWriter.write(c, BLOCK, 1430), "new MTU: rewritten");
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("\"mtu\" : 1430"));
        assertTrue(inode != inode(file), "replaced by rename, not rewritten in place");
        assertEquals(List.of(file), list(confDir), "no temp file left");
    }

    @Test
    void rewritesAForeignFile(@TempDir Path tmp) throws IOException {
        AgentSetup.Cni c = cni(tmp, Plugin.PTP, null);
        Path file = CniConfigWriter.path(c);
        Files.writeString(file, "{}", StandardCharsets.UTF_8);
        assertTrue(CniConfigWriter.write(c, BLOCK, 1480));
        assertArrayEquals(
                CniConfigWriter.render(c, BLOCK, 1480).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    private static long inode(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
