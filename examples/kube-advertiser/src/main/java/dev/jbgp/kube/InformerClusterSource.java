package dev.jbgp.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as the API server sees it, through fabric8 informers on Nodes (only this node's, when
 * the name is known — the agent needs no other, and a large cluster's node updates would otherwise
 * wake every agent), Services and {@code discovery.k8s.io/v1} EndpointSlices in all namespaces.
 * Informers re-list after a broken watch, and the reconciler's periodic sync covers any gap.
 * The caller owns the client and closes it after this source.
 */
public final class InformerClusterSource implements ClusterSource {

    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterSource.class);

    private final KubernetesClient client;
    private final Optional<String> nodeName;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;

    /** A source over {@code client}; with a node name, only that Node is watched. */
    public InformerClusterSource(KubernetesClient client, Optional<String> nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    @Override
    public synchronized void start(Runnable onChange) {
        // runnableInformer + start(): unlike inform(), start does not block the caller on the initial
        // list, so an API server that is down at start leaves the agent alive but not ready.
        nodes = nodeName.isPresent()
                ? client.nodes().withName(nodeName.get()).runnableInformer(0)
                : client.nodes().runnableInformer(0);
        services = client.services().inAnyNamespace().runnableInformer(0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        nodes.addEventHandler(handler(onChange));
        services.addEventHandler(handler(onChange));
        slices.addEventHandler(handler(onChange));
        informers.add(nodes);
        informers.add(services);
        informers.add(slices);
        for (SharedIndexInformer<?> i : informers) {
            // Keep retrying (with the client's backoff), also when the very first list fails: an agent on
            // a node must outlive an API server restart. Bad data from the server is not retried.
            i.exceptionHandler((started, t) -> {
                LOG.warn("{} (will retry)", t.toString());
                return !ExceptionHandler.isDeserializationException(t);
            });
            i.start().whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("informer stopped: {}", error.toString());
                }
            });
        }
        LOG.info("watching nodes{}, services and endpoint slices", nodeName.map(n -> " (" + n + ")").orElse(""));
    }

    private static <T> ResourceEventHandler<T> handler(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        };
    }

    @Override
    public synchronized ClusterState current() {
        if (nodes == null) {
            return ClusterState.EMPTY;
        }
        List<NodeInfo> n = new ArrayList<>();
        nodes.getStore().list().forEach(x -> n.add(ModelConverter.node(x)));
        List<ServiceInfo> s = new ArrayList<>();
        services.getStore().list().forEach(x -> s.add(ModelConverter.service(x)));
        List<EndpointSliceInfo> e = new ArrayList<>();
        slices.getStore().list().forEach(x -> ModelConverter.endpointSlice(x).ifPresent(e::add));
        return ClusterState.of(n, s, e);
    }

    @Override
    public synchronized boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
