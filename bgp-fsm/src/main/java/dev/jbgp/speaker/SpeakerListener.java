package dev.jbgp.speaker;

/**
 * Receives a {@link BgpSpeaker}'s {@link SpeakerEvent}s. Every call is made on the speaker's RIB
 * thread, one at a time, in the order things happened; a listener must return quickly and must not
 * block on the speaker (it may call the speaker's public methods: they run inline on that thread). An
 * exception thrown by a listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface SpeakerListener {

    /** One event. */
    void onEvent(SpeakerEvent event);
}
