package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicHostsTest {
  private static final PublicHosts HOSTS =
      PublicHosts.empty().toBuilder().add("Solo.CKPool.org.", "https://solo.ckpool.org/").build();

  @Test
  void hostsAreMatchedWholeAfterNormalisation() {
    assertThat(HOSTS.origin(PoolEndpoint.parse("stratum+tcp://solo.ckpool.org", 3333))).contains("https://solo.ckpool.org");
    assertThat(HOSTS.contains(PoolEndpoint.parse("SOLO.ckpool.org.", 1))).isTrue();
    assertThat(HOSTS.contains(PoolEndpoint.parse("solo.ckpool.org.example.com", 3333))).isFalse();
    assertThat(HOSTS.contains(PoolEndpoint.parse("xsolo.ckpool.org", 3333))).isFalse();
    assertThat(HOSTS.asMap()).isEqualTo(Map.of("solo.ckpool.org", "https://solo.ckpool.org"));
  }

  @Test
  void theTableIsImmutableAndExtendedThroughACopy() {
    PublicHosts more = HOSTS.toBuilder().add("eusolo.ckpool.org", "https://solo.ckpool.org").build();
    assertThat(HOSTS.asMap()).hasSize(1);
    assertThat(more.asMap()).hasSize(2);
    assertThat(more).isNotEqualTo(HOSTS);
  }

  @Test
  void aBadHostOrOriginIsRefusedClearly() {
    assertThatThrownBy(() -> PublicHosts.empty().toBuilder().add("not a host", "https://x.example"))
        .isInstanceOf(InvalidPoolConfigException.class);
    assertThatThrownBy(() -> PublicHosts.empty().toBuilder().add("x.example", "ftp://x.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http");
  }

  @Test
  void requireSuccessTurnsAFailedStatusIntoTheTransportsFailure() {
    PoolResponse ok = new PoolResponse(200, null, "{}", Map.of(), 1);
    assertThat(ok.requireSuccess("http://127.0.0.1/x")).isSameAs(ok);
    assertThatThrownBy(() -> new PoolResponse(404, null, "", Map.of(), 1).requireSuccess("http://127.0.0.1/x"))
        .isInstanceOfSatisfying(
            PoolApiException.class, e -> assertThat(e.kind()).isEqualTo(PoolApiException.Kind.NOT_FOUND));
  }

  @Test
  void hostedPoolDomainsOtherThanTheCallersOwnAreNeverProbed() {
    assertThat(PublicHosts.isHostedPoolOtherThan(PoolEndpoint.parse("mine.ocean.xyz", 3334))).isTrue();
    assertThat(PublicHosts.isHostedPoolOtherThan(PoolEndpoint.parse("btc.solopool.org", 3334))).isTrue();
    assertThat(PublicHosts.isHostedPoolOtherThan(PoolEndpoint.parse("web.public-pool.io", 3334), "public-pool.io")).isFalse();
    assertThat(PublicHosts.isHostedPoolOtherThan(PoolEndpoint.parse("notocean.xyz", 3334))).isFalse();
    assertThat(PublicHosts.isHostedPoolOtherThan(PoolEndpoint.parse("192.168.1.20", 3333))).isFalse();
  }
}
