package dev.jbgp.fsm.interop;

import dev.jbgp.testkit.daemon.Daemon;

/** jbgp's sessions against FRR bgpd (run alone, no zebra): every test of {@link DaemonInteropContract}. */
class FrrInteropTest extends DaemonInteropContract {

    @Override
    Daemon daemon() {
        return Daemon.FRR;
    }
}
