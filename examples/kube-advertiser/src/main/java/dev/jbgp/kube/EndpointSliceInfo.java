package dev.jbgp.kube;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a {@code discovery.k8s.io/v1} EndpointSlice the agent reads: which service it belongs
 * to (label {@code kubernetes.io/service-name}) and, per endpoint, its node and conditions.
 * Immutable value.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param serviceName the {@code kubernetes.io/service-name} label
 * @param endpoints the endpoints
 */
public record EndpointSliceInfo(String namespace, String name, String serviceName, List<Endpoint> endpoints) {

    /** The label that ties a slice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public EndpointSliceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceName, "serviceName");
        endpoints = List.copyOf(endpoints);
    }

    /**
     * One endpoint's placement and conditions, with the API's defaults already applied: an absent
     * {@code ready} means ready, an absent {@code serving} means the same as ready, an absent
     * {@code terminating} means not terminating (EndpointConditions in the discovery.k8s.io/v1 API).
     *
     * @param nodeName {@code nodeName}, empty when the endpoint is not placed on a node
     * @param ready {@code conditions.ready}
     * @param serving {@code conditions.serving}
     * @param terminating {@code conditions.terminating}
     */
    public record Endpoint(Optional<String> nodeName, boolean ready, boolean serving, boolean terminating) {

        public Endpoint {
            Objects.requireNonNull(nodeName, "nodeName");
        }

        /**
         * Whether this endpoint may carry traffic: ready, or terminating but still serving (a pod
         * that is shutting down during a rollout keeps its node's advertisement until it stops serving).
         */
        public boolean usable() {
            return ready || (terminating && serving);
        }
    }
}
