package dev.danvic.hmm.pools.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP the shipped channels share: one POST, its outcome as a {@link DeliveryException} that
 * names the channel, never its URL (Discord and Telegram keep their tokens in the path, where the
 * transport's logging would show them).
 */
final class AlertHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private AlertHttp() {}

  static HttpUrl url(String url, String field) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url.trim());
    if (parsed == null) {
      throw new IllegalArgumentException(field + " must be an absolute http or https URL");
    }
    return parsed;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert as JSON", e);
    }
  }

  static CompletableFuture<Void> post(OkHttpClient client, Request request, String label) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Call call;
    try {
      call = client.newCall(request);
    } catch (RuntimeException e) {
      f.completeExceptionally(new DeliveryException(label + ": the request could not be made", false));
      return f;
    }
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            // the exception's message may quote the URL, so only its kind is told
            f.completeExceptionally(
                new DeliveryException(label + ": connection failed (" + e.getClass().getSimpleName() + ")", true));
          }

          @Override
          public void onResponse(Call c, Response response) {
            try (response) {
              int code = response.code();
              if (code >= 200 && code < 300) {
                f.complete(null);
              } else {
                boolean retry = code == 429 || code >= 500;
                f.completeExceptionally(
                    new DeliveryException(String.format(Locale.ROOT, "%s: the receiver answered HTTP %d", label, code), retry));
              }
            }
          }
        });
    return f;
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
