package dev.jbgp.fsm.interop;

import dev.jbgp.testkit.daemon.Daemon;

/** jbgp's sessions against BIRD 2: every test of {@link DaemonInteropContract}. */
class BirdInteropTest extends DaemonInteropContract {

    @Override
    Daemon daemon() {
        return Daemon.BIRD2;
    }
}
