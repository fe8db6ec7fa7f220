package dev.jbgp.fsm.interop;

import dev.jbgp.testkit.daemon.Daemon;

/** jbgp's sessions against GoBGP (gobgpd): every test of {@link DaemonInteropContract}. */
class GoBgpInteropTest extends DaemonInteropContract {

    @Override
    Daemon daemon() {
        return Daemon.GOBGP;
    }
}
