package dev.danvic.hmm.pools.core.internal.json;

import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readString;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.string;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.danvic.hmm.pools.core.NetworkOrigin;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The three keys of {@link NetworkOrigin} inside a pool's {@code tile_2_network}:
 * {@code network_source}, {@code network_source_detail}, {@code network_filled}.
 */
final class NetworkOriginJson {
  private NetworkOriginJson() {}

  static void write(JsonGenerator g, @Nullable NetworkOrigin origin) throws IOException {
    string(g, "network_source", origin == null ? null : origin.source());
    string(g, "network_source_detail", origin == null ? null : origin.detail());
    JsonFields.strings(g, "network_filled", origin == null ? List.of() : origin.filled());
  }

  /** The keys read so far; other keys of the tile are skipped. */
  static final class Fields {
    private @Nullable String source;
    private @Nullable String detail;
    private List<String> filled = List.of();

    void read(String field, JsonParser p, String path) throws IOException {
      switch (field) {
        case "network_source" -> source = readString(p, path);
        case "network_source_detail" -> detail = readString(p, path);
        case "network_filled" -> filled = JsonFields.readStrings(p, path);
        default -> p.skipChildren();
      }
    }

    @Nullable NetworkOrigin build() {
      return source == null ? null : new NetworkOrigin(source, detail, filled);
    }
  }
}
