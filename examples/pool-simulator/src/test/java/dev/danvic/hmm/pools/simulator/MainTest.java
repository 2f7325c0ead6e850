package dev.danvic.hmm.pools.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void startsOnePoolOfEachKindAndPrintsHowToReachThem() {
    Main.Options options = Main.Options.parse(new String[] {"--ports", "0,0,0", "--seed", "5"});
    List<PoolSimulator> sims = Main.startAll(options);
    try {
      assertThat(sims)
          .extracting(PoolSimulator::kind)
          .containsExactly(PoolSimulator.Kind.SOLOPOOL, PoolSimulator.Kind.BRAIINS, PoolSimulator.Kind.MMFP);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Main.describe(sims, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String text = bytes.toString(StandardCharsets.UTF_8);
      for (PoolSimulator sim : sims) {
        assertThat(text).contains(sim.baseUrl(), sim.username());
        assertThat(Http.get(sim, "/").statusCode()).as("answers, 404 at the root").isEqualTo(404);
      }
      assertThat(text).contains(sims.get(1).token());
      PoolSimulator braiins = sims.get(1);
      assertThat(Http.get(braiins, "/accounts/profile/json/btc/", "Pool-Auth-Token", braiins.token()).statusCode())
          .isEqualTo(200);
    } finally {
      sims.forEach(PoolSimulator::close);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--ports", "1,2"})).hasMessageContaining("--ports");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--latency-ms", "soon"})).hasMessageContaining("--latency-ms");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--colour", "red"})).hasMessageContaining("--colour");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--seed"})).hasMessageContaining("--seed");
    assertThat(Main.Options.parse(new String[] {"--help"}).help()).isTrue();
  }
}
