/**
 * A small typed routing policy: a {@link dev.jbgp.rib.policy.Policy} is an ordered list of
 * {@link dev.jbgp.rib.policy.Term}s, each a {@link dev.jbgp.rib.policy.Match} plus
 * {@link dev.jbgp.rib.policy.Action}s and a {@link dev.jbgp.rib.policy.Disposition}. Used for import
 * (Adj-RIB-In → Loc-RIB) and export (Loc-RIB → Adj-RIB-Out). All values immutable.
 */
package dev.jbgp.rib.policy;
