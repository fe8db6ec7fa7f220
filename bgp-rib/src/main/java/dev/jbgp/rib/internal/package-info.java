/** RIB internals: destinations, the sorter that applies the decision process, prefix tables. Not exported. */
package dev.jbgp.rib.internal;
