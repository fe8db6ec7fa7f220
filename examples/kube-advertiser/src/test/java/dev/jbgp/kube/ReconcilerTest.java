package dev.jbgp.kube;

import static dev.jbgp.kube.Fixtures.node;
import static dev.jbgp.kube.Fixtures.p;
import static dev.jbgp.kube.Fixtures.ready;
import static dev.jbgp.kube.Fixtures.slice;
import static dev.jbgp.kube.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.nlri.Prefix;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reconciler applies only differences; an unchanged cluster makes no call. */
class ReconcilerTest {

    static final AgentConfig CFG = AgentConfig.defaults().withAdvertise(true, true, true, true);
    static final NodeInfo N1 = node("node-1", "127.244.1.0/24", "127.0.0.11");

    static ClusterState cluster(NodeInfo n, ServiceInfo... services) {
        return ClusterState.of(List.of(n), List.of(services), List.of());
    }

    @Test
    void firstReconcileConfiguresThenAdvertisesAndRepeatsAreSilent() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        ClusterState c = cluster(N1, svc("web").clusterIp("127.96.0.10").build());
        Reconciler.Outcome first = r.reconcile(c);
        assertTrue(first.localChanged() && first.peersChanged());
        assertEquals(2, first.advertised());
        assertArrayEquals(new int[] {1, 1, 1, 0}, control.callCounts());
        assertEquals(Set.of(p("127.244.1.0/24"), p("127.96.0.10/32")), control.routes().keySet());
        assertTrue(r.configured());

        for (int i = 0; i < 5; i++) {
            assertFalse(r.reconcile(c).changedAnything());
        }
        assertArrayEquals(new int[] {1, 1, 1, 0}, control.callCounts(), "no flapping on periodic sync");
        assertEquals(6, r.stats().runs());
    }

    @Test
    void deletedServiceIsWithdrawnAndChangedAttributesReadvertised() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        r.reconcile(cluster(N1, svc("web").clusterIp("127.96.0.10").build()));
        Reconciler.Outcome gone = r.reconcile(cluster(N1));
        assertEquals(new Reconciler.Outcome(false, false, 0, 1), gone);
        assertEquals(Set.of(p("127.244.1.0/24")), control.routes().keySet());

        NodeInfo prepended = node("node-1", List.of("127.244.1.0/24"), List.of("127.0.0.11"),
                Map.of(Annotations.PATH_PREPEND_AS, "64512", Annotations.PATH_PREPEND_REPEAT_N, "2"));
        Reconciler.Outcome o = r.reconcile(cluster(prepended));
        assertEquals(new Reconciler.Outcome(false, false, 1, 0), o, "same prefix, new attributes: one re-advertisement");
        assertEquals(2, control.routes().get(p("127.244.1.0/24")).prepend().orElseThrow().count());
    }

    @Test
    void changedServiceIpWithdrawsTheOldAndAdvertisesTheNew() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        r.reconcile(cluster(N1, svc("web").externalIp("127.50.0.1").build()));
        assertEquals(new Reconciler.Outcome(false, false, 1, 1), r.reconcile(cluster(N1, svc("web").externalIp("127.50.0.2").build())));
        assertEquals(Set.of(p("127.244.1.0/24"), p("127.50.0.2/32")), control.routes().keySet());
    }

    @Test
    void shutdownLeavesNoPeersOrRoutesInTheFake() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        new Reconciler(control, CFG, "node-1").reconcile(cluster(N1));
        control.shutdown();
        assertTrue(control.shutdownCalled());
        assertTrue(control.status().advertised().isEmpty() && control.status().neighbors().isEmpty());
    }

    @Test
    void nodeAsnChangeReconfiguresAndPeerAnnotationChangeResetsPeers() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        r.reconcile(cluster(N1));
        NodeInfo changed = node("node-1", List.of("127.244.1.0/24"), List.of("127.0.0.11"),
                Map.of(Annotations.NODE_ASN, "65003", Annotations.PEER_IPS, "127.0.0.1", Annotations.PEER_ASNS, "65000"));
        Reconciler.Outcome o = r.reconcile(cluster(changed));
        assertTrue(o.localChanged() && o.peersChanged());
        assertEquals(65003, control.local().orElseThrow().localAsn());
        assertEquals(1, control.peers().size());
        assertEquals(0, o.advertised(), "routes unchanged");
    }

    @Test
    void localPolicyServiceFollowsItsEndpoint() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        ServiceInfo s = svc("web").externalIp("127.50.0.1").etpLocal().build();
        r.reconcile(ClusterState.of(List.of(N1), List.of(s), List.of(slice("web", ready("node-1")))));
        assertTrue(control.routes().containsKey(p("127.50.0.1/32")));
        r.reconcile(ClusterState.of(List.of(N1), List.of(s), List.of(slice("web", ready("node-2")))));
        assertFalse(control.routes().containsKey(p("127.50.0.1/32")), "withdrawn when the endpoint moves away");
    }

    @Test
    void nothingIsCalledUntilTheNodeIsKnown() {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        r.reconcile(ClusterState.EMPTY);
        assertEquals(0, control.totalCalls());
        assertFalse(r.configured());
        assertFalse(r.lastDesired().orElseThrow().problems().isEmpty());
    }

    @Test
    void failedCallIsRetriedOnTheNextReconcile() {
        InMemoryBgpControl inner = new InMemoryBgpControl();
        AtomicReference<Boolean> fail = new AtomicReference<>(true);
        BgpControl flaky = new BgpControl() {
            @Override
            public void configure(LocalSettings local) {
                inner.configure(local);
            }

            @Override
            public void setPeers(Set<PeerSpec> peers) {
                inner.setPeers(peers);
            }

            @Override
            public void advertise(Collection<AdvertisedRoute> routes) {
                if (fail.get()) {
                    throw new IllegalStateException("speaker busy");
                }
                inner.advertise(routes);
            }

            @Override
            public void withdraw(Collection<Prefix> prefixes) {
                inner.withdraw(prefixes);
            }

            @Override
            public void advertisementComplete() {
                inner.advertisementComplete();
            }

            @Override
            public void shutdown() {
                inner.shutdown();
            }

            @Override
            public BgpStatus status() {
                return inner.status();
            }
        };
        Reconciler r = new Reconciler(flaky, CFG, "node-1");
        r.reconcile(cluster(N1));
        assertEquals(1, r.stats().failures());
        assertTrue(inner.routes().isEmpty());
        assertEquals(0, inner.advertisementCompleteCalls(), "a failed reconcile must not end a graceful restart");
        fail.set(false);
        assertEquals(1, r.reconcile(cluster(N1)).advertised());
        assertEquals(Set.of(p("127.244.1.0/24")), inner.routes().keySet());
        assertEquals(1, inner.advertisementCompleteCalls(), "the whole desired state is advertised");
    }

    /** A source the test drives by hand. */
    static final class ManualSource implements ClusterSource {
        volatile ClusterState state = ClusterState.EMPTY;
        volatile boolean synced;
        volatile Runnable listener = () -> { };
        volatile boolean closed;

        @Override
        public void start(Runnable onChange) {
            listener = onChange;
        }

        @Override
        public ClusterState current() {
            return state;
        }

        @Override
        public boolean synced() {
            return synced;
        }

        @Override
        public void close() {
            closed = true;
        }

        void set(ClusterState s) {
            state = s;
            synced = true;
            listener.run();
        }
    }

    static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void loopNoticesASyncThatCameWithoutAnEvent() throws Exception {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        ManualSource src = new ManualSource();
        try (ReconcileLoop loop = new ReconcileLoop(src, r, java.time.Duration.ofHours(1))) {
            loop.start();
            src.state = cluster(N1);
            src.synced = true; // no listener call: the events all came before the source said it was synced
            await(loop::firstSyncDone);
            assertTrue(control.routes().containsKey(p("127.244.1.0/24")));
        }
    }

    @Test
    void loopWaitsForTheFirstFullReadThenFollowsChangesAndSyncsPeriodically() throws Exception {
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, CFG, "node-1");
        ManualSource src = new ManualSource();
        try (ReconcileLoop loop = new ReconcileLoop(src, r, java.time.Duration.ofMillis(20))) {
            loop.start();
            Thread.sleep(100);
            assertEquals(0, r.stats().runs(), "no reconcile on a cluster not yet read");
            assertFalse(loop.firstSyncDone());
            src.set(cluster(N1));
            await(() -> control.routes().containsKey(p("127.244.1.0/24")));
            await(loop::firstSyncDone); // set just after the reconcile that made the routes returns
            long runs = r.stats().runs();
            await(() -> r.stats().runs() > runs + 2); // the periodic sync keeps running...
            assertArrayEquals(new int[] {1, 1, 1, 0}, control.callCounts(), "...without touching the speaker");
            src.set(cluster(N1, svc("web").clusterIp("127.96.0.10").build()));
            await(() -> control.routes().containsKey(p("127.96.0.10/32")));
        }
        assertTrue(src.closed, "closing the loop closes its source");
    }
}
