package dev.jbgp.speaker;

import dev.jbgp.rib.RibConfig;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The start-up warm-up: its synthetic table really goes through the receive path (every prefix lands
 * in the scratch Loc-RIB), it leaves the speaker's own RIB empty, and its configuration knob.
 */
class WarmUpTest {

    private static final RibConfig RIB = RibConfig.builder(65000, 0x7F000001).build();

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000, 5003, 20_000})
    void everySyntheticRouteIsInstalled(int routes) {
        // A synthetic UPDATE that the validator or the RIB rejected would throw; a dropped prefix shows here.
        assertEquals(routes, WarmUp.run(RIB, 65000, routes, PooledByteBufAllocator.DEFAULT));
    }

    @Test
    void aLocalAsEqualToTheScratchPeersStillMakesAnEbgpPeer() {
        // 64496 is the scratch peer's usual AS: it must switch to another one, or the RIB would see iBGP
        // routes without LOCAL_PREF and a loop in every AS_PATH.
        RibConfig rib = RibConfig.builder(64496, 0x7F000001).build();
        assertEquals(3000, WarmUp.run(rib, 64496, 3000, PooledByteBufAllocator.DEFAULT));
    }

    @Test
    void zeroRoutesIsNoWarmUp() {
        assertEquals(0, WarmUp.run(RIB, 65000, 0, PooledByteBufAllocator.DEFAULT));
    }

    @Test
    void theSpeakersOwnRibStaysEmpty() {
        SpeakerConfig config = SpeakerConfig.builder(65000, "127.0.0.1").noListen().warmUpRoutes(10_000).build();
        try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
            assertEquals(0, speaker.locRibSize());
            assertEquals(0, speaker.status().routes().size());
        }
    }

    @Test
    void configuration() {
        SpeakerConfig defaults = SpeakerConfig.builder(65000, "127.0.0.1").build();
        assertEquals(SpeakerConfig.DEFAULT_WARM_UP_ROUTES, defaults.warmUpRoutes());
        assertEquals(0, defaults.toBuilder().warmUpRoutes(0).build().warmUpRoutes());
        assertEquals(777, defaults.toBuilder().warmUpRoutes(777).build().toBuilder().build().warmUpRoutes());
        assertThrows(IllegalArgumentException.class,
                () -> SpeakerConfig.builder(65000, "127.0.0.1").warmUpRoutes(-1).build());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> SpeakerConfig.builder(65000, "127.0.0.1").warmUpRoutes(SpeakerConfig.MAX_WARM_UP_ROUTES + 1).build());
        assertEquals("warm-up routes must be 0 (off) to 1000000: 1000001", tooMany.getMessage());
        assertEquals(SpeakerConfig.MAX_WARM_UP_ROUTES,
                defaults.toBuilder().warmUpRoutes(SpeakerConfig.MAX_WARM_UP_ROUTES).build().warmUpRoutes());
    }
}
