package dev.jbgp.testkit.peer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * A tiny blocking-socket BGP speaker that deals in raw bytes: it sends exactly what a test hands it
 * (a hand-built OPEN, a KEEPALIVE, or deliberately malformed bytes) and returns each received
 * message as a {@code byte[]} framed by marker and length. It has no state machine and no timers of
 * its own; the test is the FSM. Used to drive real daemons and jbgp sessions in conformance tests.
 *
 * <p>Only 127.0.0.0/8 addresses are accepted. Not thread-safe: one test thread drives one peer.
 * Message construction lives in {@link RawMessages}.
 */
public final class RawBgpPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code localAddress} (any port) to {@code remoteAddress:remotePort}. */
    public static RawBgpPeer connect(String localAddress, String remoteAddress, int remotePort, Duration timeout)
            throws IOException {
        return connect(localAddress, remoteAddress, remotePort, timeout, OptionalInt.empty());
    }

    /**
     * Connects like {@link #connect(String, String, int, Duration)} with the socket's receive buffer
     * (SO_RCVBUF) set to {@code receiveBufferSize} before connecting, so the TCP window it announces
     * is small: a peer that then stops reading closes its window quickly (a zero-window test).
     */
    public static RawBgpPeer connect(String localAddress, String remoteAddress, int remotePort, Duration timeout,
                                     int receiveBufferSize) throws IOException {
        return connect(localAddress, remoteAddress, remotePort, timeout, OptionalInt.of(receiveBufferSize));
    }

    private static RawBgpPeer connect(String localAddress, String remoteAddress, int remotePort, Duration timeout,
                                      OptionalInt receiveBufferSize) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBufferSize.isPresent()) {
                s.setReceiveBufferSize(receiveBufferSize.getAsInt());
            }
            s.bind(new InetSocketAddress(loopback(localAddress), 0));
            s.connect(new InetSocketAddress(loopback(remoteAddress), remotePort), timeoutMillis(timeout));
            return new RawBgpPeer(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Listens on {@code localAddress:port}; accept connections from the returned listener. */
    public static Listener listen(String localAddress, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback(localAddress), port));
            return new Listener(server);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** Sends an OPEN built by {@link RawMessages#open}. */
    public void sendOpen(long asn, int holdTime, String bgpIdentifier, byte[]... capabilities) throws IOException {
        send(RawMessages.open(asn, holdTime, bgpIdentifier, capabilities));
    }

    /** Sends a KEEPALIVE. */
    public void sendKeepalive() throws IOException {
        send(RawMessages.keepalive());
    }

    /** Writes {@code bytes} exactly as given: whole messages, fragments or garbage. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the next whole message (header included) within {@code timeout}.
     *
     * @throws SocketTimeoutException when no whole message arrived in time
     * @throws EOFException when the other side closed the connection
     * @throws IOException when the header is not a BGP header (marker not all ones, length out of range)
     */
    public byte[] readMessage(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] header = readFully(RawMessages.HEADER_LENGTH, deadline);
        for (int i = 0; i < RawMessages.MARKER_LENGTH; i++) {
            if (header[i] != (byte) 0xFF) {
                throw new IOException("marker is not all ones: " + RawMessages.hex(header));
            }
        }
        int length = RawMessages.length(header);
        if (length < RawMessages.HEADER_LENGTH) {
            throw new IOException("length field below 19: " + RawMessages.hex(header));
        }
        byte[] message = Arrays.copyOf(header, length);
        byte[] body = readFully(length - RawMessages.HEADER_LENGTH, deadline);
        System.arraycopy(body, 0, message, RawMessages.HEADER_LENGTH, body.length);
        return message;
    }

    /**
     * Reads messages until one of {@code type} arrives within {@code timeout}, skipping the others
     * (typically KEEPALIVEs).
     */
    public byte[] readMessage(int type, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] m = readMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (RawMessages.type(m) == type) {
                return m;
            }
        }
    }

    /**
     * Discards whatever arrives until the other side closes the connection; true if it did within
     * {@code timeout}, false if it was still open then.
     */
    public boolean awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by peer counts as closed
            }
        }
    }

    /**
     * Aborts the connection: SO_LINGER 0 and close, so the other side gets a TCP RST instead of a FIN
     * (a peer that crashes or whose middlebox resets the session).
     */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Starts a daemon thread that reads and discards everything the other side sends until the
     * connection ends; returns it. For a peer that only sends (a flood, a soak) but must not stall the
     * other side. The one exception to single-threaded use: afterwards the test must not read from
     * this peer any more (it may still send and close).
     */
    public Thread discardInputInBackground() {
        Thread t = new Thread(() -> {
            byte[] sink = new byte[65536];
            try {
                socket.setSoTimeout(0);
                while (in.read(sink) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the connection ended
            }
        }, "raw-peer-discard-" + socket.getLocalSocketAddress());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** This end's address and port. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The other end's address and port. */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** Closes the connection (no NOTIFICATION is sent; send one first if the test wants it). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private byte[] readFully(int length, long deadline) throws IOException {
        byte[] b = new byte[length];
        int off = 0;
        while (off < length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("timed out after " + off + " of " + length + " octets");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(b, off, length - off);
            if (n < 0) {
                throw new EOFException("connection closed after " + off + " of " + length + " octets");
            }
            off += n;
        }
        return b;
    }

    private static InetAddress loopback(String address) throws IOException {
        byte[] b = RawMessages.ipv4(address);
        if (b[0] != 127) {
            throw new IllegalArgumentException("only 127.0.0.0/8 addresses are allowed in tests: " + address);
        }
        return InetAddress.getByAddress(b);
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** A listening socket from which a test accepts {@link RawBgpPeer} connections. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;

        private Listener(ServerSocket server) {
            this.server = server;
        }

        /** Waits up to {@code timeout} for one connection. */
        public RawBgpPeer accept(Duration timeout) throws IOException {
            server.setSoTimeout(timeoutMillis(timeout));
            Socket s = server.accept();
            try {
                return new RawBgpPeer(s);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        /** The bound address and port. */
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
