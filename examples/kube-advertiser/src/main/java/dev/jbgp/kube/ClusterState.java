package dev.jbgp.kube;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A snapshot of the cluster as the agent needs it: Nodes, Services and EndpointSlices, converted from
 * the API objects. The input of the pure {@link Advertiser}. Immutable value.
 *
 * @param nodes the nodes by name (the agent may watch only its own)
 * @param services every service
 * @param endpointSlices every endpoint slice
 */
public record ClusterState(Map<String, NodeInfo> nodes, List<ServiceInfo> services,
                           List<EndpointSliceInfo> endpointSlices) {

    /** A cluster with nothing in it. */
    public static final ClusterState EMPTY = new ClusterState(Map.of(), List.of(), List.of());

    public ClusterState {
        nodes = Map.copyOf(nodes);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
    }

    /** Builds a state from lists; a later node with the same name replaces an earlier one. */
    public static ClusterState of(List<NodeInfo> nodes, List<ServiceInfo> services, List<EndpointSliceInfo> slices) {
        Map<String, NodeInfo> byName = nodes.stream()
                .collect(Collectors.toMap(NodeInfo::name, Function.identity(), (a, b) -> b));
        return new ClusterState(byName, services, slices);
    }

    /** The node called {@code name}, if present. */
    public Optional<NodeInfo> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }
}
