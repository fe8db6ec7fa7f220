/**
 * {@link dev.jbgp.speaker.BgpSpeaker}: sessions, RIB and policies in one object, configured with
 * {@link dev.jbgp.speaker.SpeakerConfig} and {@link dev.jbgp.speaker.Neighbor}, observed through
 * {@link dev.jbgp.speaker.SpeakerEvent}s and {@link dev.jbgp.speaker.SpeakerStatus} snapshots.
 */
package dev.jbgp.speaker;
