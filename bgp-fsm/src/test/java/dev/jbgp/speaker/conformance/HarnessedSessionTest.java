package dev.jbgp.speaker.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle every session conformance test shares: one {@link ConformanceHarness} (speaker,
 * bystander, observer) started before the class's first case and closed after its last; after every
 * case, the bystander's and the observer's sessions and the bystander's routes must be untouched
 * ({@link ConformanceHarness#assertBystandersIntact()}); at the end, how many cases passed through a
 * session is printed, so a run whose vectors were absent (skipped) is told apart from one that ran.
 *
 * <p>One instance per class ({@link TestInstance.Lifecycle#PER_CLASS}): the harness outlives the cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HarnessedSessionTest {

    /** The running speaker and its two well-behaved peers; null only if starting them failed. */
    ConformanceHarness harness;

    private final AtomicInteger passed = new AtomicInteger();

    /** Counts the cases that passed, after-each check included (one per parameterized invocation). */
    @RegisterExtension
    final TestWatcher passedCounter = new TestWatcher() {
        @Override
        public void testSuccessful(ExtensionContext context) {
            passed.incrementAndGet();
        }
    };

    @BeforeAll
    final void startHarness() throws Exception {
        harness = ConformanceHarness.start();
    }

    @AfterEach
    final void assertBystandersIntact() {
        harness.assertBystandersIntact();
    }

    @AfterAll
    final void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
        System.out.println(getClass().getSimpleName() + ": " + passed.get() + " cases run through a session");
    }
}
