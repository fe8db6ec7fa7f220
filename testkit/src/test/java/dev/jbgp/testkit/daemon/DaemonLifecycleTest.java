package dev.jbgp.testkit.daemon;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One daemon alone: it starts in its own directory, answers queries about a neighbour that is not
 * there, is killed by PID on {@link BgpDaemon#close()} leaving no process and no directory, and
 * refuses clearly to start where its address is taken.
 */
class DaemonLifecycleTest {

    @ParameterizedTest
    @EnumSource(Daemon.class)
    void startsQueriesAndLeavesNothingBehind(Daemon kind) throws IOException {
        Interop.require(kind);
        int port = LoopbackAddresses.TEST_PORT;
        String self = LoopbackAddresses.allocate(port);
        String absent = LoopbackAddresses.allocate(port);
        String listenFor = LoopbackAddresses.allocate(port);
        // BIRD opens its listening socket only while some BGP protocol is enabled: the passive one
        DaemonConfig config = DaemonConfig.builder().localAddress(self).port(port).asn(65001)
                .neighbour(Neighbour.of(absent, port, 65002).asDisabled())
                .neighbour(Neighbour.of(listenFor, port, 65003).asPassive())
                .announce(Announcement.of("198.51.100.0/24", "198.18.0.1"))
                .build();
        long pid;
        Path dir;
        try (BgpDaemon d = BgpDaemon.start(kind, config)) {
            pid = d.pid();
            dir = d.directory();
            assertTrue(d.isRunning());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.isDirectory(dir));
            assertEquals(SessionState.IDLE, d.sessionState(absent), "a disabled neighbour is Idle");
            assertEquals(List.of(), d.routes(Afi.IPV4), "its own route is not a learned path");
            assertTrue(d.neighbourInfo(absent).negotiated().isEmpty());
            assertTrue(d.sessionState(listenFor) != SessionState.ESTABLISHED);
            assertThrows(IllegalArgumentException.class, () -> d.sessionState("127.0.0.99"));
            assertThrows(IllegalStateException.class, d::start, "already running");

            // the same address cannot host a second instance: clear error, nothing left running
            DaemonException e = assertThrows(DaemonException.class, () -> BgpDaemon.start(kind, config).close());
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());

            d.restart();
            assertTrue(d.isRunning());
            assertTrue(d.pid() != pid, "a new process after restart");
            pid = d.pid();
            d.stop();
            assertFalse(d.isRunning());
            assertEquals(-1, d.pid());
            assertThrows(DaemonException.class, () -> d.routes(Afi.IPV4), "no CLI while stopped");
            d.start();
            pid = d.pid();
        }
        long finalPid = pid;
        assertFalse(ProcessHandle.of(finalPid).map(ProcessHandle::isAlive).orElse(false), "killed at close()");
        assertFalse(Files.exists(dir), "instance directory deleted at close()");
    }

    @ParameterizedTest
    @EnumSource(Daemon.class)
    void refusesToStartWhereSomethingListens(Daemon kind) throws IOException {
        Interop.require(kind);
        int port = LoopbackAddresses.TEST_PORT;
        String self = LoopbackAddresses.allocate(port);
        DaemonConfig config = DaemonConfig.builder().localAddress(self).port(port).asn(65001)
                .neighbour(Neighbour.of(LoopbackAddresses.allocate(port), port, 65002)).build();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName(self), port));
            DaemonException e = assertThrows(DaemonException.class,
                    () -> BgpDaemon.start(kind, config).close());
            assertTrue(e.getMessage().contains(self + ":" + port), e.getMessage());
        }
    }
}
