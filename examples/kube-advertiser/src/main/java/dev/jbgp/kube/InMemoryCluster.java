package dev.jbgp.kube;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A cluster held in memory, shared by several agents: the {@code demo}'s stand-in for the API server,
 * and a test fixture. {@link #update} changes the state and tells every started {@link #source()} at
 * once, as a watch would. Thread-safe.
 */
public final class InMemoryCluster {

    private volatile ClusterState state;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A cluster starting as {@code initial}. */
    public InMemoryCluster(ClusterState initial) {
        this.state = Objects.requireNonNull(initial, "initial");
    }

    /** The current state. */
    public ClusterState state() {
        return state;
    }

    /** Replaces the state by {@code change} applied to it, then notifies every started source. */
    public void update(UnaryOperator<ClusterState> change) {
        synchronized (this) {
            state = Objects.requireNonNull(change.apply(state), "new state");
        }
        for (Runnable l : listeners) {
            l.run();
        }
    }

    /** A new {@link ClusterSource} for one agent: always synced, notified on every {@link #update}. */
    public ClusterSource source() {
        return new ClusterSource() {
            private volatile Runnable listener;

            @Override
            public void start(Runnable onChange) {
                listener = onChange;
                listeners.add(onChange);
            }

            @Override
            public ClusterState current() {
                return state;
            }

            @Override
            public boolean synced() {
                return true;
            }

            @Override
            public void close() {
                Runnable l = listener;
                if (l != null) {
                    listeners.remove(l);
                }
            }
        };
    }
}
