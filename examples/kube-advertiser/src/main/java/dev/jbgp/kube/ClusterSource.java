package dev.jbgp.kube;

/**
 * Where the agent learns the cluster: the API server through informers ({@link InformerClusterSource})
 * or a YAML file ({@link FileClusterSource}). A source calls its listener after every change it sees;
 * the listener then reads {@link #current()} (so bursts of events coalesce into one reconcile).
 * The owner closes it.
 */
public interface ClusterSource extends AutoCloseable {

    /** Starts watching; {@code onChange} runs on the source's own thread after each change. */
    void start(Runnable onChange);

    /** The latest snapshot (empty before the first successful read). */
    ClusterState current();

    /** Whether the source has read the whole cluster at least once. */
    boolean synced();

    /** Stops watching and releases threads and connections. */
    @Override
    void close();
}
