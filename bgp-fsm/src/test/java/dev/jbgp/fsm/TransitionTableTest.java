package dev.jbgp.fsm;

import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every (state, event) pair of RFC 4271 §8.2.2 (plus Event 29 of RFC 9687 and the unnumbered
 * ROUTE-REFRESH and send-progress inputs), with the expected next state and key actions, written
 * from the RFC text. The machine starts in each state along the plain active path with the default
 * configuration (no DelayOpen, no damping, AllowAutomaticStart on).
 *
 * <p>Tokens: {@code N=c/s} NOTIFICATION sent (no token: none may be sent), {@code C} connect,
 * {@code D} drop TCP, {@code R} release resources, {@code O} OPEN, {@code K} KEEPALIVE, {@code U}
 * session up, {@code Dn} session down, {@code Upd} deliver UPDATE, {@code RR} deliver ROUTE-REFRESH,
 * {@code +T}/{@code -T} start/stop timer (CR, H, KA, DO, IH, SH), {@code cnt=n} ConnectRetryCounter
 * after, {@code -} no action at all.
 */
class TransitionTableTest {

    private static final String TABLE = String.join("\n",
            // ---- Idle: only the start events leave it
            "IDLE 1 CONNECT C +CR cnt=0",
            "IDLE 2 IDLE -",
            "IDLE 3 CONNECT C +CR",
            "IDLE 4 ACTIVE +CR",
            "IDLE 5 ACTIVE +CR",
            "IDLE 6 CONNECT C +CR", // without DampPeerOscillations, 6 acts as 3
            "IDLE 7 ACTIVE +CR",
            "IDLE 8 IDLE -",
            "IDLE 9 IDLE -", "IDLE 10 IDLE -", "IDLE 11 IDLE -", "IDLE 12 IDLE -",
            "IDLE 13 CONNECT C +CR",
            "IDLE 14 IDLE -", "IDLE 15 IDLE -", "IDLE 16 IDLE -", "IDLE 17 IDLE -", "IDLE 18 IDLE -",
            "IDLE 19 IDLE -", "IDLE 20 IDLE -", "IDLE 21 IDLE -", "IDLE 22 IDLE -", "IDLE 23 IDLE -",
            "IDLE 24 IDLE -", "IDLE 25 IDLE -", "IDLE 26 IDLE -", "IDLE 27 IDLE -", "IDLE 28 IDLE -",
            "IDLE 29 IDLE -", "IDLE RR IDLE -", "IDLE SB IDLE -", "IDLE SP IDLE -",
            // ---- Connect
            "CONNECT 1 CONNECT -", "CONNECT 3 CONNECT -", "CONNECT 4 CONNECT -", "CONNECT 5 CONNECT -",
            "CONNECT 6 CONNECT -", "CONNECT 7 CONNECT -",
            "CONNECT 2 IDLE -CR R D cnt=0 !IH",
            "CONNECT 8 IDLE -CR R D cnt=1 +IH",
            "CONNECT 9 CONNECT D +CR C",
            "CONNECT 10 IDLE -CR R D cnt=1", "CONNECT 11 IDLE -CR R D cnt=1",
            "CONNECT 12 OPEN_SENT -CR O +H",
            "CONNECT 13 IDLE -CR R D cnt=1",
            "CONNECT 14 CONNECT -", "CONNECT 15 CONNECT -",
            "CONNECT 16 OPEN_SENT -CR O +H", "CONNECT 17 OPEN_SENT -CR O +H",
            "CONNECT 18 IDLE -CR R D cnt=0",
            "CONNECT 19 IDLE -CR R D cnt=1", "CONNECT 20 IDLE -CR R D cnt=1",
            "CONNECT 21 IDLE N=1/2 -CR R D cnt=1", "CONNECT 22 IDLE N=2/4 -CR R D cnt=1",
            "CONNECT 23 IDLE R D cnt=1", "CONNECT 24 IDLE R D cnt=1", "CONNECT 25 IDLE R D cnt=1",
            "CONNECT 26 IDLE R D cnt=1", "CONNECT 27 IDLE R D cnt=1", "CONNECT 28 IDLE R D cnt=1",
            "CONNECT 29 IDLE R D cnt=1", "CONNECT RR IDLE R D cnt=1",
            "CONNECT SB CONNECT -", "CONNECT SP CONNECT -",
            // ---- Active
            "ACTIVE 1 ACTIVE -", "ACTIVE 3 ACTIVE -", "ACTIVE 4 ACTIVE -", "ACTIVE 5 ACTIVE -",
            "ACTIVE 6 ACTIVE -", "ACTIVE 7 ACTIVE -",
            "ACTIVE 2 IDLE -CR R D cnt=0 !IH",
            "ACTIVE 8 IDLE -CR R D cnt=1 +IH",
            "ACTIVE 9 CONNECT +CR C",
            "ACTIVE 10 IDLE R D cnt=1", "ACTIVE 11 IDLE R D cnt=1",
            "ACTIVE 12 OPEN_SENT -CR O +H",
            "ACTIVE 13 IDLE R D cnt=1",
            "ACTIVE 14 ACTIVE -", "ACTIVE 15 ACTIVE -",
            "ACTIVE 16 OPEN_SENT -CR O +H", "ACTIVE 17 OPEN_SENT -CR O +H",
            "ACTIVE 18 IDLE -CR R D cnt=1",
            "ACTIVE 19 IDLE R D cnt=1", "ACTIVE 20 IDLE R D cnt=1",
            "ACTIVE 21 IDLE N=1/2 R D cnt=1", "ACTIVE 22 IDLE N=2/4 R D cnt=1",
            "ACTIVE 23 IDLE R D cnt=1", "ACTIVE 24 IDLE R D cnt=1", "ACTIVE 25 IDLE R D cnt=1",
            "ACTIVE 26 IDLE R D cnt=1", "ACTIVE 27 IDLE R D cnt=1", "ACTIVE 28 IDLE R D cnt=1",
            "ACTIVE 29 IDLE R D cnt=1", "ACTIVE RR IDLE R D cnt=1",
            "ACTIVE SB ACTIVE -", "ACTIVE SP ACTIVE -",
            // ---- OpenSent
            "OPEN_SENT 1 OPEN_SENT -", "OPEN_SENT 3 OPEN_SENT -", "OPEN_SENT 4 OPEN_SENT -",
            "OPEN_SENT 5 OPEN_SENT -", "OPEN_SENT 6 OPEN_SENT -", "OPEN_SENT 7 OPEN_SENT -",
            "OPEN_SENT 2 IDLE N=6/2 -H R D cnt=0 !IH",
            "OPEN_SENT 8 IDLE N=6/0 -H R D cnt=1 +IH",
            "OPEN_SENT 9 IDLE N=5/0 R D cnt=1",
            "OPEN_SENT 10 IDLE N=4/0 R D cnt=1",
            "OPEN_SENT 11 IDLE N=5/0 R D cnt=1", "OPEN_SENT 12 IDLE N=5/0 R D cnt=1",
            "OPEN_SENT 13 IDLE N=5/0 R D cnt=1",
            "OPEN_SENT 14 OPEN_SENT -", "OPEN_SENT 15 OPEN_SENT -", "OPEN_SENT 16 OPEN_SENT -",
            "OPEN_SENT 17 OPEN_SENT -",
            "OPEN_SENT 18 ACTIVE -H D +CR",
            "OPEN_SENT 19 OPEN_CONFIRM K +KA +H",
            "OPEN_SENT 20 IDLE N=5/1 R D cnt=1",
            "OPEN_SENT 21 IDLE N=1/2 R D cnt=1", "OPEN_SENT 22 IDLE N=2/4 R D cnt=1",
            "OPEN_SENT 23 IDLE N=6/7 R D cnt=1",
            "OPEN_SENT 24 IDLE R D cnt=0", "OPEN_SENT 25 IDLE R D cnt=1",
            "OPEN_SENT 26 IDLE N=5/1 R D cnt=1", "OPEN_SENT 27 IDLE N=5/1 R D cnt=1",
            "OPEN_SENT 28 IDLE N=5/1 R D cnt=1",
            "OPEN_SENT 29 IDLE N=8/0 R D cnt=1",
            "OPEN_SENT RR IDLE N=5/1 R D cnt=1",
            "OPEN_SENT SB OPEN_SENT +SH", "OPEN_SENT SP OPEN_SENT -",
            // ---- OpenConfirm
            "OPEN_CONFIRM 1 OPEN_CONFIRM -", "OPEN_CONFIRM 3 OPEN_CONFIRM -", "OPEN_CONFIRM 4 OPEN_CONFIRM -",
            "OPEN_CONFIRM 5 OPEN_CONFIRM -", "OPEN_CONFIRM 6 OPEN_CONFIRM -", "OPEN_CONFIRM 7 OPEN_CONFIRM -",
            "OPEN_CONFIRM 2 IDLE N=6/2 -H -KA R D cnt=0 !IH",
            "OPEN_CONFIRM 8 IDLE N=6/0 R D cnt=1 +IH",
            "OPEN_CONFIRM 9 IDLE N=5/0 R D cnt=1",
            "OPEN_CONFIRM 10 IDLE N=4/0 R D cnt=1",
            "OPEN_CONFIRM 11 OPEN_CONFIRM K +KA",
            "OPEN_CONFIRM 12 IDLE N=5/0 R D cnt=1", "OPEN_CONFIRM 13 IDLE N=5/0 R D cnt=1",
            "OPEN_CONFIRM 14 OPEN_CONFIRM -", "OPEN_CONFIRM 15 OPEN_CONFIRM -", "OPEN_CONFIRM 16 OPEN_CONFIRM -",
            "OPEN_CONFIRM 17 OPEN_CONFIRM -",
            "OPEN_CONFIRM 18 IDLE R D cnt=1",
            "OPEN_CONFIRM 19 IDLE N=5/2 R D cnt=1", "OPEN_CONFIRM 20 IDLE N=5/2 R D cnt=1",
            "OPEN_CONFIRM 21 IDLE N=1/2 R D cnt=1", "OPEN_CONFIRM 22 IDLE N=2/4 R D cnt=1",
            "OPEN_CONFIRM 23 IDLE N=6/7 R D cnt=1",
            "OPEN_CONFIRM 24 IDLE R D cnt=0", "OPEN_CONFIRM 25 IDLE R D cnt=1",
            "OPEN_CONFIRM 26 ESTABLISHED +H U",
            "OPEN_CONFIRM 27 IDLE N=5/2 R D cnt=1", "OPEN_CONFIRM 28 IDLE N=5/2 R D cnt=1",
            "OPEN_CONFIRM 29 IDLE N=8/0 R D cnt=1",
            "OPEN_CONFIRM RR IDLE N=5/2 R D cnt=1",
            "OPEN_CONFIRM SB OPEN_CONFIRM +SH", "OPEN_CONFIRM SP OPEN_CONFIRM -",
            // ---- Established
            "ESTABLISHED 1 ESTABLISHED -", "ESTABLISHED 3 ESTABLISHED -", "ESTABLISHED 4 ESTABLISHED -",
            "ESTABLISHED 5 ESTABLISHED -", "ESTABLISHED 6 ESTABLISHED -", "ESTABLISHED 7 ESTABLISHED -",
            "ESTABLISHED 2 IDLE N=6/2 -H -KA Dn R D cnt=0 !IH",
            "ESTABLISHED 8 IDLE N=6/0 Dn R D cnt=1 +IH",
            "ESTABLISHED 9 IDLE N=5/0 Dn R D cnt=1",
            "ESTABLISHED 10 IDLE N=4/0 Dn R D cnt=1",
            "ESTABLISHED 11 ESTABLISHED K +KA",
            "ESTABLISHED 12 IDLE N=5/0 Dn R D cnt=1", "ESTABLISHED 13 IDLE N=5/0 Dn R D cnt=1",
            "ESTABLISHED 14 ESTABLISHED -", "ESTABLISHED 15 ESTABLISHED -", "ESTABLISHED 16 ESTABLISHED -",
            "ESTABLISHED 17 ESTABLISHED -",
            "ESTABLISHED 18 IDLE Dn R D cnt=1",
            "ESTABLISHED 19 IDLE N=5/3 Dn R D cnt=1", "ESTABLISHED 20 IDLE N=5/3 Dn R D cnt=1",
            "ESTABLISHED 21 IDLE N=1/2 Dn R D cnt=1", "ESTABLISHED 22 IDLE N=2/4 Dn R D cnt=1",
            "ESTABLISHED 23 IDLE N=6/7 Dn R D cnt=1",
            "ESTABLISHED 24 IDLE Dn R D cnt=1", "ESTABLISHED 25 IDLE Dn R D cnt=1",
            "ESTABLISHED 26 ESTABLISHED +H",
            "ESTABLISHED 27 ESTABLISHED +H Upd",
            "ESTABLISHED 28 IDLE N=3/1 Dn R D cnt=1",
            "ESTABLISHED 29 IDLE N=8/0 Dn R D cnt=1",
            "ESTABLISHED RR ESTABLISHED RR",
            "ESTABLISHED SB ESTABLISHED +SH", "ESTABLISHED SP ESTABLISHED -");

    /** Every input, keyed by its token in the table. */
    static Map<String, SessionEvent> events() {
        Map<String, SessionEvent> m = new LinkedHashMap<>();
        m.put("1", SessionEvent.ManualStart.INSTANCE);
        m.put("2", new SessionEvent.ManualStop(Optional.of("maintenance")));
        m.put("3", SessionEvent.AutomaticStart.INSTANCE);
        m.put("4", SessionEvent.ManualStartPassive.INSTANCE);
        m.put("5", SessionEvent.AutomaticStartPassive.INSTANCE);
        m.put("6", SessionEvent.AutomaticStartDamped.INSTANCE);
        m.put("7", SessionEvent.AutomaticStartDampedPassive.INSTANCE);
        m.put("8", SessionEvent.AutomaticStop.INSTANCE);
        m.put("9", SessionEvent.ConnectRetryTimerExpires.INSTANCE);
        m.put("10", SessionEvent.HoldTimerExpires.INSTANCE);
        m.put("11", SessionEvent.KeepaliveTimerExpires.INSTANCE);
        m.put("12", SessionEvent.DelayOpenTimerExpires.INSTANCE);
        m.put("13", SessionEvent.IdleHoldTimerExpires.INSTANCE);
        m.put("14", SessionEvent.TcpConnectionValid.INSTANCE);
        m.put("15", SessionEvent.TcpCrInvalid.INSTANCE);
        m.put("16", SessionEvent.TcpCrAcked.INSTANCE);
        m.put("17", SessionEvent.TcpConnectionConfirmed.INSTANCE);
        m.put("18", SessionEvent.TcpConnectionFails.INSTANCE);
        m.put("19", new SessionEvent.BgpOpen(Fixtures.peerOpen()));
        m.put("20", new SessionEvent.BgpOpenWithDelayOpenTimerRunning(Fixtures.peerOpen()));
        m.put("21", new SessionEvent.BgpHeaderErr(
                NotificationMessage.of(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH, new byte[] {0, 5})));
        m.put("22", new SessionEvent.BgpOpenMsgErr(
                NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_OPTIONAL_PARAMETER)));
        m.put("23", SessionEvent.OpenCollisionDump.INSTANCE);
        m.put("24", new SessionEvent.NotifMsgVerErr(
                NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 3})));
        m.put("25", new SessionEvent.NotifMsg(Notifications.administrativeShutdown(Optional.of("bye"))));
        m.put("26", SessionEvent.KeepAliveMsg.INSTANCE);
        m.put("27", SessionEvent.UpdateMsg.INSTANCE);
        m.put("28", new SessionEvent.UpdateMsgErr(
                NotificationMessage.of(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST)));
        m.put("29", SessionEvent.SendHoldTimerExpires.INSTANCE);
        m.put("RR", SessionEvent.RouteRefreshMsg.INSTANCE);
        m.put("SB", SessionEvent.SendBlocked.INSTANCE);
        m.put("SP", SessionEvent.SendProgress.INSTANCE);
        return m;
    }

    static Map<String, String[]> rows() {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (rows.put(f[0] + " " + f[1], f) != null) {
                throw new AssertionError("duplicate row " + line);
            }
        }
        return rows;
    }

    static Stream<Arguments> everyStateAndEvent() {
        List<Arguments> args = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            for (String e : events().keySet()) {
                args.add(Arguments.of(s, e));
            }
        }
        return args.stream();
    }

    @Test
    void tableCoversEveryPairExactlyOnce() {
        Map<String, String[]> rows = rows();
        Set<String> expected = new HashSet<>();
        for (SessionState s : SessionState.values()) {
            for (String e : events().keySet()) {
                expected.add(s + " " + e);
            }
        }
        assertEquals(expected, rows.keySet());
        assertEquals(SessionState.values().length * 32, rows.size());
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStateAndEvent")
    void transition(SessionState from, String eventKey) {
        String[] row = rows().get(from + " " + eventKey);
        if (row == null) {
            fail("no table row for " + from + " " + eventKey);
        }
        FsmHarness h = Fixtures.harnessIn(from, Fixtures.config().build());
        int counterBefore = h.fsm.connectRetryCounter();
        List<SessionAction> actions = h.fire(events().get(eventKey));
        SessionState next = SessionState.valueOf(row[2]);
        assertEquals(next, h.state(), "next state");

        List<NotificationMessage> expectedNotifications = new ArrayList<>();
        for (int i = 3; i < row.length; i++) {
            String t = row[i];
            if (t.equals("-")) {
                assertEquals(List.of(), actions, "no action expected");
            } else if (t.startsWith("N=")) {
                String[] cs = t.substring(2).split("/");
                expectedNotifications.add(NotificationMessage.of(Integer.parseInt(cs[0]), Integer.parseInt(cs[1]), new byte[0]));
            } else if (t.startsWith("cnt=")) {
                assertEquals(Integer.parseInt(t.substring(4)), h.fsm.connectRetryCounter(), "ConnectRetryCounter");
            } else if (t.startsWith("!")) {
                SessionTimer timer = timer(t.substring(1));
                assertTrue(actions.stream().noneMatch(a -> a instanceof SessionAction.StartTimer st && st.timer() == timer),
                        "must not start " + timer + ": " + actions);
            } else {
                assertTrue(actions.stream().anyMatch(a -> matches(t, a)), "expected " + t + " in " + actions);
            }
        }
        List<NotificationMessage> sent = new ArrayList<>();
        for (SessionAction a : actions) {
            if (a instanceof SessionAction.SendNotification n) {
                sent.add(NotificationMessage.of(n.notification().code(), n.notification().subcode(), new byte[0]));
            }
        }
        assertEquals(expectedNotifications, sent, "NOTIFICATIONs sent");
        if (next != from) {
            assertEquals(new SessionAction.StateChange(from, next), actions.get(0), "state change comes first");
        }
        // A NOTIFICATION always goes out before the connection is dropped.
        int notify = indexOf(actions, SessionAction.SendNotification.class);
        int drop = indexOf(actions, SessionAction.DropTcp.class);
        if (notify >= 0) {
            assertTrue(drop > notify, "NOTIFICATION before DropTcp: " + actions);
        }
        if (next == SessionState.IDLE && from != SessionState.IDLE) {
            assertTrue(h.fsm.runningTimers().isEmpty() || h.fsm.runningTimers().equals(Set.of(SessionTimer.IDLE_HOLD)),
                    "only the IdleHoldTimer may run in Idle: " + h.fsm.runningTimers());
            assertTrue(h.fsm.negotiated().isEmpty());
        }
        if (next == from && !row[3].equals("-")) {
            assertEquals(counterBefore, h.fsm.connectRetryCounter());
        }
    }

    private static int indexOf(List<SessionAction> actions, Class<?> type) {
        for (int i = 0; i < actions.size(); i++) {
            if (type.isInstance(actions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(String token, SessionAction a) {
        switch (token) {
            case "C": return a instanceof SessionAction.ConnectTcp;
            case "D": return a instanceof SessionAction.DropTcp;
            case "R": return a instanceof SessionAction.ReleaseResources;
            case "O": return a instanceof SessionAction.SendOpen;
            case "K": return a instanceof SessionAction.SendKeepalive;
            case "U": return a instanceof SessionAction.SessionUp;
            case "Dn": return a instanceof SessionAction.SessionDown;
            case "Upd": return a instanceof SessionAction.DeliverUpdate;
            case "RR": return a instanceof SessionAction.DeliverRouteRefresh;
            default:
                if (token.startsWith("+")) {
                    return a instanceof SessionAction.StartTimer st && st.timer() == timer(token.substring(1));
                }
                if (token.startsWith("-")) {
                    return a instanceof SessionAction.StopTimer st && st.timer() == timer(token.substring(1));
                }
                throw new AssertionError("unknown token " + token);
        }
    }

    private static SessionTimer timer(String abbreviation) {
        switch (abbreviation) {
            case "CR": return SessionTimer.CONNECT_RETRY;
            case "H": return SessionTimer.HOLD;
            case "KA": return SessionTimer.KEEPALIVE;
            case "DO": return SessionTimer.DELAY_OPEN;
            case "IH": return SessionTimer.IDLE_HOLD;
            case "SH": return SessionTimer.SEND_HOLD;
            default: throw new AssertionError(abbreviation);
        }
    }
}
