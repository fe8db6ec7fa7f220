/**
 * The BGP decision process (RFC 4271 §9.1.2.2 and common practice) as one ordered list of named steps
 * ({@link dev.jbgp.rib.decision.DecisionStep}); {@link dev.jbgp.rib.decision.PathComparator} compares
 * two routes and names the deciding step in a {@link dev.jbgp.rib.decision.Verdict}. Best path, ECMP
 * membership and "why not best" all come from that one comparison.
 */
package dev.jbgp.rib.decision;
