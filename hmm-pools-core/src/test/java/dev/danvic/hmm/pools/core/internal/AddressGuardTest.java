package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which addresses the guard refuses; only loopback is ever connected to. */
class AddressGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.0", "169.254.255.255", "fe80::1", "febf:ffff::1",
      "fd00:ec2::254", "::ffff:169.254.169.254"})
  void refused(String address) throws Exception {
    assertThat(AddressGuard.isRefused(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.20", "169.253.255.255",
      "169.255.0.1", "fd00:ec2::253", "fc00::1", "fec0::1", "::1", "8.8.8.8", "2001:db8::1"})
  void allowed(String address) throws Exception {
    assertThat(AddressGuard.isRefused(InetAddress.getByName(address))).isFalse();
  }

  @Test
  void theSocketChecksTheAddressItIsAskedToConnectTo() throws Exception {
    assertThatThrownBy(() -> AddressGuard.check(new InetSocketAddress(InetAddress.getByName("169.254.169.254"), 80)))
        .isInstanceOf(AddressGuard.RefusedAddressException.class)
        .hasMessageContaining("169.254.169.254");
    try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Socket s = AddressGuard.socketFactory().createSocket()) {
      s.connect(loopback.getLocalSocketAddress(), 2000);
      assertThat(s.isConnected()).isTrue();
    }
  }
}
