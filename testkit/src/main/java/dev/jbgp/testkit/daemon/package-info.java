/**
 * Real BGP daemons (BIRD 2, FRR bgpd, GoBGP) started by tests on 127.0.0.0/8, for interoperability
 * tests and benchmarks.
 *
 * <p>Entry points: {@link dev.jbgp.testkit.daemon.Interop#require} (skip, or fail under
 * {@code -Djbgp.interop=required}, when a daemon is not installed),
 * {@link dev.jbgp.testkit.daemon.LoopbackAddresses#allocate()} (a fresh address per instance),
 * {@link dev.jbgp.testkit.daemon.DaemonConfig#builder()} and
 * {@link dev.jbgp.testkit.daemon.BgpDaemon#start}. Query results are normalised values
 * ({@link dev.jbgp.testkit.daemon.RibRoute}, {@link dev.jbgp.testkit.daemon.NeighbourInfo}) whatever
 * the daemon.
 *
 * <p>Daemon quirks the launcher handles (found with bird2 2.0.12, frr 8.4.4, gobgpd 3.10.0):
 * <ul>
 *   <li>Every instance binds and sources from its own 127.x address: a wildcard and a specific
 *       listener cannot share a port on Linux, and a session sourced from 127.0.0.1 is refused.</li>
 *   <li>127/8 next hops: GoBGP drops the route, FRR calls it martian, BIRD cannot resolve it. Tests
 *       announce 198.18.0.0/15 (IPv4) and 2001:db8:ffff::/48 (IPv6) next hops.</li>
 *   <li>BIRD: {@code multihop} for a 127.x neighbour, {@code strict bind}, MED only if the export
 *       filter sets it, {@code next hop keep} so per-route next hops survive eBGP, listener opened
 *       only while a BGP protocol is enabled, default error wait of 60 s shortened.</li>
 *   <li>FRR: bgpd without zebra; RFC 8212 default policy and network import-check switched off;
 *       shutdown communications logged only with {@code bgp log-neighbor-changes}; eBGP next hop
 *       rewritten unless an outbound route-map says {@code unchanged} (IPv4) or sets it again per
 *       prefix (IPv6, no {@code unchanged} in 8.4); {@code network} routes carry MED 0;
 *       {@code bgpd -C} and vtysh exit 0 on bad commands (the launcher looks for {@code %} lines).</li>
 *   <li>GoBGP: gRPC API and pprof bind every address unless told otherwise; originated routes only
 *       through the API, so neighbours start admin-down until the routes are in; 30 s idle hold
 *       after a reset by default (set to 1 s), yet a passive GoBGP still refuses connections for
 *       about 5 s after receiving a Cease; large communities printed as
 *       {@code {"ASN","LocalData1","LocalData2"}} in 3.10.</li>
 * </ul>
 */
package dev.jbgp.testkit.daemon;
