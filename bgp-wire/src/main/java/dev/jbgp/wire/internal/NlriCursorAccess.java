package dev.jbgp.wire.internal;

import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;

/**
 * The door through which {@code UpdateView} positions an {@link NlriCursor} over IPv4 entries it has
 * already decoded while validating them, without making that a public method of the cursor (the
 * pattern of the JDK's {@code SharedSecrets}). {@link NlriCursor} installs the one implementation
 * when its class is initialised.
 *
 * <p>Not part of the API (the package is not exported).
 */
public abstract class NlriCursorAccess {

    private static volatile NlriCursorAccess access;

    /** Called once, by {@link NlriCursor}'s static initialiser. */
    public static void install(NlriCursorAccess a) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = a;
    }

    /**
     * The implementation, initialising {@link NlriCursor} first if needed. No lock is held while it
     * waits for that class's initialisation (another thread may be running it, and it calls
     * {@link #install}).
     */
    public static NlriCursorAccess get() {
        NlriCursorAccess a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(NlriCursor.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            a = access;
            if (a == null) {
                throw new IllegalStateException("NlriCursor did not install its access");
            }
        }
        return a;
    }

    /**
     * Positions {@code c} over the IPv4 unicast field {@code [fieldOffset, fieldOffset + fieldLength)}
     * of {@code buf} (no path identifiers) whose entries were already decoded and checked:
     * {@code entries[from .. from + count)}, each as {@link #entry} packs it. The cursor then returns
     * them from the array instead of parsing the octets again; the array is read, not copied, so it
     * must not change while the cursor is used.
     *
     * @return {@code c}
     */
    public abstract NlriCursor resetDecoded(NlriCursor c, ByteBuf buf, int fieldOffset, int fieldLength,
            long[] entries, int from, int count);

    /**
     * One decoded IPv4 entry: the address (host bits cleared) in the high 32 bits, the prefix length in
     * bits 16..23, the entry's offset from the start of its field in the low 16 bits (a field is at most
     * 65,535 octets long: it lies inside one message).
     */
    public static long entry(int address, int length, int relativeOffset) {
        return ((long) address << 32) | ((long) length << 16) | relativeOffset;
    }
}
