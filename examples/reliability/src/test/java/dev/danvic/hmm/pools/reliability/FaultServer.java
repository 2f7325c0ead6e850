package dev.danvic.hmm.pools.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLServerSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 server on 127.0.0.1, written on raw sockets so that each fault is exact to the byte:
 * a reset mid-body is a TCP RST after half the body, a trickle is one byte per 100 ms, a 50 MiB body
 * is generated while it is sent (never held in memory) and counts what it managed to write.
 *
 * <p>Every request is answered by {@link #fault}; the faults built on a healthy answer ask
 * {@code upstream} (a simulator of the same pool) for it. Threads are daemons named
 * {@code fault-server-*}.
 */
final class FaultServer implements AutoCloseable {
  static final long BIG_BODY_BYTES = 50L * 1024 * 1024;
  private static final AtomicInteger SERVERS = new AtomicInteger();
  private static final byte[] HTML =
      ("<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1>"
              + "<p>The service is temporarily unavailable.</p></body></html>")
          .getBytes(StandardCharsets.UTF_8);

  private final Fault fault;
  private final Function<String, byte[]> upstream;
  private final ServerSocket server;
  private final String scheme;
  private final String name;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> paths = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicInteger headsWithToken = new AtomicInteger();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong mostOnOneConnection = new AtomicLong();
  private final ScheduledExecutorService pacer;
  private volatile boolean closed;

  private FaultServer(Fault fault, Function<String, byte[]> upstream, @Nullable SSLServerSocketFactory tls)
      throws IOException {
    this.fault = fault;
    this.upstream = upstream;
    this.name = "fault-server-" + SERVERS.incrementAndGet();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    this.server = tls != null ? tls.createServerSocket(0, 50, loopback) : new ServerSocket(0, 50, loopback);
    this.scheme = tls != null ? "https" : "http";
    this.pacer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, name + "-pacer"));
    daemon(this::acceptLoop, name + "-accept").start();
  }

  /**
   * @param fault how to answer
   * @param upstream the healthy answer for a path with its query (for the faults built on it)
   * @param tls a factory for a TLS server socket (the TLS fault), or {@code null}
   */
  static FaultServer start(Fault fault, Function<String, byte[]> upstream, @Nullable SSLServerSocketFactory tls) {
    try {
      return new FaultServer(fault, upstream, tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return {@code http://127.0.0.1:PORT} (or https) */
  String baseUrl() {
    return scheme + "://127.0.0.1:" + server.getLocalPort();
  }

  int port() {
    return server.getLocalPort();
  }

  /** @return how many requests arrived */
  int requests() {
    return arrivals.size();
  }

  /** @return how many requests carried the suite's token anywhere in their request line or headers */
  int requestsWithToken() {
    return headsWithToken.get();
  }

  /** @return arrival times of the requests, {@link System#nanoTime()} */
  List<Long> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** @return requests per path (without query), in order of first arrival */
  Map<String, Integer> paths() {
    synchronized (paths) {
      return Map.copyOf(paths);
    }
  }

  /** @return body bytes the server managed to write (what the client let through) */
  long bytesWritten() {
    return bytesWritten.get();
  }

  /** @return the most body bytes written on one connection */
  long mostBytesOnOneConnection() {
    return mostOnOneConnection.get();
  }

  /** @return client connections the server still holds open (the client has not closed them) */
  int openConnections() {
    open.removeIf(Socket::isClosed);
    return open.size();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(s);
      daemon(() -> serve(s), name + "-conn").start();
    }
  }

  private void serve(Socket s) {
    boolean keep = false;
    try {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return; // the client closed the connection
        }
        String target = head.split(" ", 3).length > 1 ? head.split(" ", 3)[1] : "/";
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (head.toLowerCase(java.util.Locale.ROOT).contains(Secrets.TOKEN.toLowerCase(java.util.Locale.ROOT))) {
          headsWithToken.incrementAndGet();
        }
        arrivals.add(System.nanoTime());
        paths.merge(path, 1, Integer::sum);
        if (!answer(s, in, out, target)) {
          keep = fault == Fault.TRICKLE; // the pacer owns the socket now
          return;
        }
      }
    } catch (IOException e) {
      // the client went away (or the TLS handshake failed): nothing to do
    } finally {
      if (!keep) {
        closeQuietly(s);
      }
    }
  }

  /** @return whether the connection may carry another request */
  private boolean answer(Socket s, InputStream in, OutputStream out, String target) throws IOException {
    switch (fault) {
      case SILENT:
        while (in.read() >= 0) {
          // never answer; wait until the client gives up and closes
        }
        return false;
      case HTTP_500:
        return status(out, 500, "Internal Server Error", "text/plain", bytes("Internal Server Error"), "");
      case HTTP_502:
        return status(out, 502, "Bad Gateway", "text/html", HTML, "");
      case HTTP_503:
        return status(out, 503, "Service Unavailable", "text/plain", bytes("Service Unavailable"), "");
      case HTTP_429:
        return status(out, 429, "Too Many Requests", "text/plain", bytes("slow down"), "");
      case HTTP_429_RETRY_AFTER:
        return status(out, 429, "Too Many Requests", "text/plain", bytes("slow down"), "Retry-After: 1\r\n");
      case HTTP_401:
        return status(out, 401, "Unauthorized", "text/plain", bytes("Invalid Access Profile token"), "");
      case HTTP_403:
        return status(out, 403, "Forbidden", "text/plain", bytes("Invalid Access Profile token"), "");
      case HTML_200:
        return status(out, 200, "OK", "text/html; charset=utf-8", HTML, "");
      case NO_CONTENT:
        write(out, bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        return true;
      case BIG_BODY:
        bigBody(out);
        return false;
      case RESET:
        byte[] body = upstream.apply(target);
        write(out, headers(200, "OK", "application/json", body.length, ""));
        writeBody(out, body, 0, body.length / 2);
        s.setSoLinger(true, 0); // close with RST, not FIN
        s.close();
        return false;
      case TRICKLE:
        trickle(s, out, upstream.apply(target));
        return false;
      case CORRUPT_GZIP:
        return status(out, 200, "OK", "application/json", bytes("{\"this is\": \"not gzip\"}"), "Content-Encoding: gzip\r\n");
      case SHORT_BODY:
        byte[] whole = upstream.apply(target);
        write(out, headers(200, "OK", "application/json", whole.length, ""));
        writeBody(out, whole, 0, whole.length / 2);
        s.close(); // an orderly close (FIN), half the declared length short
        return false;
      case REDIRECT_LOOP:
        return status(out, 302, "Found", "text/plain", bytes(""), "Location: " + target + "\r\n");
      default:
        byte[] healthy = upstream.apply(target);
        return status(out, 200, "OK", "application/json", fault.mutatesBody() ? Bodies.mutate(fault, healthy) : healthy, "");
    }
  }

  private boolean status(OutputStream out, int code, String reason, String type, byte[] body, String extra)
      throws IOException {
    write(out, headers(code, reason, type, body.length, extra));
    writeBody(out, body, 0, body.length);
    return true;
  }

  private static byte[] headers(int code, String reason, String type, long length, String extra) {
    return bytes(
        "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length
            + "\r\n" + extra + "\r\n");
  }

  /** One byte every 100 ms: each gap is far below any read timeout, the whole far beyond the deadline. */
  private void trickle(Socket s, OutputStream out, byte[] healthy) throws IOException {
    byte[] body = new byte[Math.max(healthy.length, 1000)];
    java.util.Arrays.fill(body, (byte) ' ');
    System.arraycopy(healthy, 0, body, 0, healthy.length);
    write(out, headers(200, "OK", "application/json", body.length, ""));
    AtomicInteger next = new AtomicInteger();
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] =
        pacer.scheduleAtFixedRate(
            () -> {
              int i = next.getAndIncrement();
              try {
                if (i >= body.length || closed) {
                  throw new IOException("done");
                }
                writeBody(out, body, i, 1);
              } catch (IOException e) {
                closeQuietly(s);
                task[0].cancel(false);
              }
            },
            100,
            100,
            TimeUnit.MILLISECONDS);
  }

  /** Streams up to 50 MiB, generated chunk by chunk, until the client stops reading and closes. */
  private void bigBody(OutputStream out) throws IOException {
    write(out, bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"));
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    chunk[0] = '[';
    long sent = 0;
    try {
      while (sent < BIG_BODY_BYTES && !closed) {
        writeBody(out, chunk, 0, chunk.length);
        sent += chunk.length;
        chunk[0] = ' ';
      }
    } finally {
      long total = sent;
      mostOnOneConnection.accumulateAndGet(total, Math::max);
    }
  }

  private void writeBody(OutputStream out, byte[] body, int from, int length) throws IOException {
    out.write(body, from, length);
    out.flush();
    bytesWritten.addAndGet(length);
  }

  private static void write(OutputStream out, byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** @return the request line and headers up to the blank line, or {@code null} at end of stream */
  private static @Nullable String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        return buf.toString(StandardCharsets.ISO_8859_1);
      }
      if (buf.size() > 64 * 1024) {
        throw new SocketException("request head too large");
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    pacer.shutdownNow();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  @Override
  public String toString() {
    return "FaultServer[" + fault + " at " + baseUrl() + "]";
  }
}
