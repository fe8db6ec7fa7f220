package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source reads at start, re-reads after a change, and keeps the last good state over a broken file. */
class FileClusterSourceTest {

    static String node(String name, String cidr) {
        return "apiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\nspec:\n  podCIDR: " + cidr + "\n";
    }

    @Test
    void changesAreSeenAndBrokenFilesDoNotEraseState(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cluster.yaml");
        Files.writeString(f, node("a", "127.244.1.0/24"));
        LinkedBlockingQueue<ClusterState> seen = new LinkedBlockingQueue<>();
        try (FileClusterSource src = new FileClusterSource(f, Duration.ofMillis(20))) {
            src.start(() -> seen.add(src.current()));
            ClusterState first = seen.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of("127.244.1.0/24"), first.nodes().get("a").podCidrs());
            assertTrue(src.synced());

            Files.writeString(f, node("a", "127.244.7.0/24") + "---\n" + node("b", "127.244.8.0/24"));
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            ClusterState second = seen.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of("127.244.7.0/24"), second.nodes().get("a").podCidrs());
            assertEquals(2, second.nodes().size());

            Files.writeString(f, "kind: [this is not");
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 10000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (src.lastError().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(src.lastError().isPresent(), "the broken file is reported");
            assertEquals(second, src.current(), "the last good state is kept");
            assertTrue(seen.isEmpty(), "no change is signalled for a file that did not parse");
        }
    }
}
