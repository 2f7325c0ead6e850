package dev.danvic.hmm.pools.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The bare floors' requests: every URL at once through one OkHttp client, no SDK around them. */
final class BareCalls {
  /** What is done with each answer's body (read it, parse it). */
  interface BodyReader {
    void read(ResponseBody body) throws IOException;
  }

  private BareCalls() {}

  /**
   * Sends every URL at once and waits, at most 60 s, for every answer to be read.
   *
   * @return how many failed: no answer, not 2xx, unreadable, or still running after 60 s
   */
  static int send(OkHttpClient client, List<String> urls, BodyReader reader) {
    CountDownLatch done = new CountDownLatch(urls.size());
    AtomicInteger failed = new AtomicInteger();
    for (String url : urls) {
      client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          failed.incrementAndGet();
          done.countDown();
        }

        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            reader.read(response.body());
            if (!response.isSuccessful()) {
              failed.incrementAndGet();
            }
          } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
          }
          done.countDown();
        }
      });
    }
    try {
      if (!done.await(60, TimeUnit.SECONDS)) {
        failed.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
    }
    return failed.get();
  }
}
