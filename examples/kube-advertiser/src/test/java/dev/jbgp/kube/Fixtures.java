package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for cluster objects in tests; every address is in 127.0.0.0/8 or ::1-style loopback space. */
final class Fixtures {

    private Fixtures() {
    }

    static NodeInfo node(String name, String podCidr, String ip) {
        return new NodeInfo(name, List.of(podCidr), List.of(ip), Map.of());
    }

    static NodeInfo node(String name, List<String> podCidrs, List<String> ips, Map<String, String> annotations) {
        return new NodeInfo(name, podCidrs, ips, annotations);
    }

    static Svc svc(String name) {
        return new Svc(name);
    }

    static EndpointSliceInfo slice(String service, EndpointSliceInfo.Endpoint... endpoints) {
        return new EndpointSliceInfo("default", service + "-abc", service, List.of(endpoints));
    }

    static EndpointSliceInfo.Endpoint ready(String node) {
        return new EndpointSliceInfo.Endpoint(Optional.of(node), true, true, false);
    }

    static EndpointSliceInfo.Endpoint notReady(String node) {
        return new EndpointSliceInfo.Endpoint(Optional.of(node), false, false, false);
    }

    static EndpointSliceInfo.Endpoint terminating(String node, boolean serving) {
        return new EndpointSliceInfo.Endpoint(Optional.of(node), false, serving, true);
    }

    static Prefix p(String s) {
        return Prefix.parse(s);
    }

    /** A mutable service builder. */
    static final class Svc {
        String namespace = "default";
        final String name;
        String type = "ClusterIP";
        List<String> clusterIps = new ArrayList<>();
        List<String> externalIps = new ArrayList<>();
        List<String> lbIps = new ArrayList<>();
        String etp = "Cluster";
        String itp = "Cluster";
        Map<String, String> annotations = new HashMap<>();

        Svc(String name) {
            this.name = name;
        }

        Svc type(String t) {
            type = t;
            return this;
        }

        Svc clusterIp(String... ips) {
            clusterIps.addAll(List.of(ips));
            return this;
        }

        Svc externalIp(String... ips) {
            externalIps.addAll(List.of(ips));
            return this;
        }

        Svc lbIp(String... ips) {
            lbIps.addAll(List.of(ips));
            return this;
        }

        Svc etpLocal() {
            etp = "Local";
            return this;
        }

        Svc itpLocal() {
            itp = "Local";
            return this;
        }

        Svc annotate(String k, String v) {
            annotations.put(k, v);
            return this;
        }

        ServiceInfo build() {
            return new ServiceInfo(namespace, name, type, clusterIps, externalIps, lbIps, etp, itp, annotations);
        }
    }
}
