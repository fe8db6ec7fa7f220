package dev.jbgp.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --cluster-state FILE}: Nodes, Services and EndpointSlices read from YAML in the shape
 * {@code kubectl get -o yaml} prints (a {@code kind: List}, or several documents separated by
 * {@code ---}), re-read when the file changes. For running without a cluster, for tests, and for
 * bare-metal hosts that are not nodes.
 *
 * <p>Change detection polls the modification time and size (a WatchService misses edits through
 * symlink swaps, which is how Kubernetes updates mounted ConfigMaps). A change is read only once the
 * file has stayed the same for one more poll (debounce), so a half-written file is not parsed. A file
 * that does not parse is logged and the last good state kept.
 */
public final class FileClusterSource implements ClusterSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileClusterSource.class);

    private final Path file;
    private final Duration poll;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ScheduledExecutorService timer;
    private volatile ClusterState current = ClusterState.EMPTY;
    private volatile boolean synced;
    private volatile Optional<String> lastError = Optional.empty();
    private String seen = "";
    private String loaded = "";

    /** A source over {@code file}, polled every {@code poll}. */
    public FileClusterSource(Path file, Duration poll) {
        this.file = file;
        this.poll = poll;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-state-file");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Parses YAML text into a cluster state.
     *
     * @throws IllegalArgumentException when the text is not Kubernetes YAML
     */
    public ClusterState parse(InputStream in) {
        Object parsed;
        try {
            parsed = serialization.unmarshal(in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not Kubernetes YAML: " + e.getMessage(), e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        collect(parsed, objects);
        return ModelConverter.clusterState(objects);
    }

    private static void collect(Object o, List<HasMetadata> out) {
        if (o instanceof KubernetesList l) {
            l.getItems().forEach(i -> collect(i, out));
        } else if (o instanceof List<?> l) {
            l.forEach(i -> collect(i, out));
        } else if (o instanceof HasMetadata h) {
            out.add(h);
        }
    }

    @Override
    public void start(Runnable onChange) {
        reload(onChange, stamp());
        timer.scheduleWithFixedDelay(() -> tick(onChange), poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(Runnable onChange) {
        try {
            String now = stamp();
            if (!now.equals(seen)) {
                seen = now; // changed since the last poll: wait one more poll for the writer to finish
                return;
            }
            if (!now.equals(loaded)) {
                reload(onChange, now);
            }
        } catch (RuntimeException e) {
            LOG.warn("watching {} failed: {}", file, e.toString());
        }
    }

    private void reload(Runnable onChange, String stamp) {
        seen = stamp;
        loaded = stamp;
        try (InputStream in = Files.newInputStream(file)) {
            current = parse(in);
            synced = true;
            lastError = Optional.empty();
            LOG.info("read {}: {} nodes, {} services, {} endpoint slices", file, current.nodes().size(),
                    current.services().size(), current.endpointSlices().size());
        } catch (IOException | IllegalArgumentException e) {
            lastError = Optional.of(e.getMessage());
            LOG.warn("cannot read cluster state {}: {}; keeping the last good state", file, e.getMessage());
            return;
        }
        onChange.run();
    }

    private String stamp() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return t.toMillis() + "/" + Files.size(file);
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public ClusterState current() {
        return current;
    }

    @Override
    public boolean synced() {
        return synced;
    }

    /** Why the last read failed, if it did. */
    public Optional<String> lastError() {
        return lastError;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
