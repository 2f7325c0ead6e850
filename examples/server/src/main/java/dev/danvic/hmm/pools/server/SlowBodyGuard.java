package dev.danvic.hmm.pools.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Keeps clients that send their request body slowly from holding the server's threads.
 *
 * <p>A request body (up to the body cap) is read without a thread, as it arrives (Jetty's
 * {@link EagerContentHandler}); only a request whose body is complete reaches a handler thread.
 * Meanwhile a deadline runs: {@value #GRACE_MS} ms plus the time the body takes at
 * {@link PoolsServer#MIN_BODY_BYTES_PER_SECOND} bytes per second. A body still incomplete at its
 * deadline ends the request with 408 and the connection is closed. So a client trickling one byte at
 * a time costs a socket for a few seconds and never a thread.
 */
final class SlowBodyGuard {
  /** The time any body gets on top of what its length needs at the minimum rate, milliseconds. */
  static final long GRACE_MS = 2_000;

  private static final String GATE = SlowBodyGuard.class.getName() + ".gate";

  private SlowBodyGuard() {}

  /**
   * @param maxBodyBytes the body cap, bytes; a body is read ahead up to it
   * @return the handlers to install as the server's handler; the application's handler goes inside
   */
  static Handler install(int maxBodyBytes) {
    return new Deadline(
        new EagerContentHandler(new Gate(), new EagerContentHandler.RetainedContentLoaderFactory(maxBodyBytes + 1L, -1, false)),
        maxBodyBytes);
  }

  /** Starts the deadline of a request that has a body. */
  private static final class Deadline extends Handler.Wrapper {
    private final int maxBodyBytes;

    Deadline(Handler next, int maxBodyBytes) {
      super(next);
      this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      long length = request.getLength();
      boolean hasBody = length > 0 || (length < 0 && request.getHeaders().contains("Transfer-Encoding"));
      if (!hasBody) {
        return super.handle(request, response, callback);
      }
      long bytes = Math.min(length < 0 ? maxBodyBytes : length, maxBodyBytes + 1L);
      long millis = GRACE_MS + bytes * 1000 / PoolsServer.MIN_BODY_BYTES_PER_SECOND;
      AtomicBoolean open = new AtomicBoolean(true);
      Scheduler.Task timeout = request.getComponents().getScheduler().schedule(() -> {
        if (open.compareAndSet(true, false)) {
          callback.failed(new BadMessageException(408, "the request body arrived slower than "
              + PoolsServer.MIN_BODY_BYTES_PER_SECOND + " bytes per second"));
        }
      }, millis, TimeUnit.MILLISECONDS);
      request.setAttribute(GATE, new Pass(open, timeout));
      return super.handle(request, response, callback);
    }
  }

  /** Lets a request through to the application only when its deadline has not passed, and stops it. */
  private static final class Gate extends Handler.Wrapper {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (request.getAttribute(GATE) instanceof Pass pass) {
        request.removeAttribute(GATE);
        if (!pass.open.compareAndSet(true, false)) {
          return true; // too late: the deadline already ended this request
        }
        pass.timeout.cancel();
      }
      return super.handle(request, response, callback);
    }
  }

  private record Pass(AtomicBoolean open, Scheduler.Task timeout) {}
}
