package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.core.BitcoinNodeSource;
import dev.danvic.hmm.pools.core.MempoolExplorerSource;
import dev.danvic.hmm.pools.core.NetworkSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's network source options: flags, environment, errors, and no password on show. */
class NetworkOptionsTest {
  static final String PASSWORD = "node-rpc-pa55word";

  @Test
  void flagsAndEnvironmentChooseASourcePerCoinAndLeaveTheOtherArgumentsAlone() {
    Map<String, String> env =
        Map.of(
            "HMM_POOLS_NETWORK_SOURCES", "BCH=node, dgb=sibling",
            "HMM_POOLS_NODE_URL", "http://127.0.0.1:8332/",
            "HMM_POOLS_NODE_USER", "alice",
            "HMM_POOLS_NODE_PASSWORD", PASSWORD);
    Main.Options main =
        Main.Options.parse(
            new String[] {"--demo", "--network-source", "BTC=explorer", "--explorer-url=http://127.0.0.1:3006/", "--port", "0"},
            env);

    assertThat(main.demo).isTrue();
    assertThat(main.port).isZero();
    NetworkOptions o = main.network;
    Map<String, NetworkSource> sources = o.sources();
    assertThat(sources.keySet()).containsExactly("BCH", "DGB", "BTC");
    assertThat(sources.get("BCH")).isInstanceOf(BitcoinNodeSource.class);
    assertThat(sources.get("BCH").description()).isEqualTo("node http://127.0.0.1:8332/");
    assertThat(sources.get("DGB")).isSameAs(NetworkSource.siblingPools());
    assertThat(sources.get("BTC")).isInstanceOf(MempoolExplorerSource.class);
    assertThat(o + " " + sources).doesNotContain(PASSWORD);
  }

  @Test
  void theCommandLineWinsOverTheEnvironment() {
    NetworkOptions o =
        Main.Options.parse(
                new String[] {"--network-source", "BTC=explorer", "--explorer-url", "http://127.0.0.1:9/"},
                Map.of("HMM_POOLS_NETWORK_SOURCES", "BTC=node", "HMM_POOLS_EXPLORER_URL", "http://127.0.0.1:8/"))
            .network;
    assertThat(o.sources().get("BTC").description()).isEqualTo("explorer http://127.0.0.1:9");
  }

  @Test
  void badOrIncompleteOptionsAreNamed() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--network-source", "BTC"}, Map.of()))
        .hasMessageContaining("COIN=KIND");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--network-source", "BTC=oracle"}, Map.of()))
        .hasMessageContaining("sibling, node or explorer");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--network-source", "BTC=node"}, Map.of()))
        .hasMessageContaining("--node-url");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--network-source", "BTC=explorer"}, Map.of()))
        .hasMessageContaining("--explorer-url");
    assertThatThrownBy(
            () ->
                Main.Options.parse(
                    new String[] {"--network-source", "DGB=explorer", "--explorer-url", "http://127.0.0.1:3006"}, Map.of()))
        .hasMessageContaining("Bitcoin's figures only");
    assertThatThrownBy(
            () ->
                Main.Options.parse(
                    new String[] {"--network-source", "BTC=node", "--node-url", "http://127.0.0.1:8332/", "--node-user", "alice"},
                    Map.of()))
        .hasMessageContaining("HMM_POOLS_NODE_PASSWORD");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--node-password", PASSWORD}, Map.of()))
        .hasMessageContaining("HMM_POOLS_NODE_PASSWORD")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(
            () ->
                Main.Options.parse(
                    new String[] {"--network-source", "BTC=node", "--node-url", "ftp://127.0.0.1/"}, Map.of()))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--node-url"}, Map.of()))
        .hasMessageContaining("--node-url needs a value");
  }
}
