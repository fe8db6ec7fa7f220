package dev.jbgp.fsm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random event sequences (valid and absurd alike) against invariants that must hold after
 * every event: the machine never throws; a NOTIFICATION always precedes the drop of its connection;
 * SessionUp and SessionDown alternate; a negotiated session exists exactly in OpenConfirm and
 * Established; in Idle only the IdleHoldTimer may run. The seed is in the test name.
 */
class RandomEventSequenceTest {

    private static final List<SessionEvent> EVENTS = new ArrayList<>(TransitionTableTest.events().values());

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 4271, 9687, 20260101, 777, 31337, 123456789})
    void invariantsHoldForAnySequence(long seed) {
        Random random = new Random(seed);
        SessionConfig config = Fixtures.config()
                .delayOpenTime(random.nextBoolean() ? Optional.of(Duration.ofSeconds(2)) : Optional.empty())
                .dampPeerOscillations(random.nextBoolean())
                .passive(random.nextBoolean())
                .build();
        FsmHarness h = new FsmHarness(config);
        boolean up = false;
        for (int step = 0; step < 2000; step++) {
            String where = "seed " + seed + ", step " + step;
            List<SessionAction> actions;
            if (random.nextInt(4) == 0) {
                int before = h.log.size();
                h.advance(Duration.ofMillis(random.nextInt(60_000)));
                actions = List.copyOf(h.log.subList(before, h.log.size()));
            } else {
                actions = h.fire(EVENTS.get(random.nextInt(EVENTS.size())));
            }
            int notify = -1;
            for (int i = 0; i < actions.size(); i++) {
                SessionAction a = actions.get(i);
                if (a instanceof SessionAction.SendNotification) {
                    notify = i;
                }
                if (a instanceof SessionAction.DropTcp && notify >= 0) {
                    assertTrue(i > notify, where);
                }
                if (a instanceof SessionAction.SessionUp) {
                    assertFalse(up, "SessionUp twice, " + where);
                    up = true;
                }
                if (a instanceof SessionAction.SessionDown) {
                    assertTrue(up, "SessionDown without SessionUp, " + where);
                    up = false;
                }
            }
            SessionState s = h.state();
            assertEquals(s == SessionState.ESTABLISHED, up, where);
            assertEquals(s == SessionState.OPEN_CONFIRM || s == SessionState.ESTABLISHED, h.fsm.negotiated().isPresent(), where);
            if (s == SessionState.IDLE) {
                assertTrue(h.fsm.runningTimers().stream().allMatch(t -> t == SessionTimer.IDLE_HOLD),
                        "timers in Idle: " + h.fsm.runningTimers() + ", " + where);
            }
            for (SessionTimer t : h.fsm.runningTimers()) {
                assertTrue(h.scheduled(t), "the machine thinks " + t + " runs but it was never started, " + where);
            }
        }
    }
}
