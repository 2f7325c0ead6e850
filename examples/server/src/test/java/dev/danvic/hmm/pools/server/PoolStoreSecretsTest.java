package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.PoolConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets at rest in the H2 file: encrypted with the operator's key, the file its owner's only. */
class PoolStoreSecretsTest {
  static final String TOKEN = "tok-SECRET-123";
  @TempDir Path dir;

  static String key(int seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  String url() {
    return "jdbc:h2:file:" + dir.resolve("db/hmm-pools").toAbsolutePath();
  }

  PoolStore open(String key) {
    return PoolStore.open(url(), Clock.systemUTC(), key == null ? null : SecretCipher.fromBase64(key));
  }

  String rawConfig(String id) throws Exception {
    try (Connection c = DriverManager.getConnection(url());
        PreparedStatement ps = c.prepareStatement("SELECT config FROM pools WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void withAKeyTheSecretIsStoredEncryptedAndReadBack() throws Exception {
    try (PoolStore store = open(key(1))) {
      store.insert(PoolStoreContract.braiins("p"));
      assertThat(store.find("p").orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN);
    }
    String raw = rawConfig("p");
    assertThat(raw).doesNotContain(TOKEN).contains("\"api_key\":\"enc:v1:").contains("\"coin\":\"BTC\"");
    assertThat(new String(Files.readAllBytes(dir.resolve("db/hmm-pools.mv.db")), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
    try (PoolStore again = open(key(1))) {
      assertThat(again.find("p").orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN);
      assertThat(again.list()).hasSize(1);
    }
  }

  @Test
  void aWrongKeyOrNoKeyStopsTheStartWithAClearMessage() {
    try (PoolStore store = open(key(1))) {
      store.insert(PoolStoreContract.braiins("p"));
    }
    assertThatThrownBy(() -> open(key(2)))
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining("pool 'p'")
        .hasMessageContaining("cannot be decrypted")
        .hasMessageContaining(SecretCipher.ENV)
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> open(null))
        .isInstanceOf(HmmPoolsException.class)
        .hasMessageContaining("encrypted secrets")
        .hasMessageContaining(SecretCipher.ENV);
  }

  @Test
  void secretsStoredWithoutAKeyAreEncryptedWhenAKeyIsFirstGiven() throws Exception {
    try (PoolStore store = open(null)) {
      store.insert(PoolStoreContract.braiins("p"));
    }
    try (PoolStore store = open(key(1))) {
      assertThat(store.find("p").orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN);
    }
    assertThat(rawConfig("p")).doesNotContain(TOKEN).contains("enc:v1:");
  }

  @Test
  void aSealedValueOpensOnlyForItsPoolAndKey() {
    SecretCipher cipher = SecretCipher.fromBase64(key(1));
    String sealed = cipher.seal("a", PoolConfig.API_KEY, TOKEN);
    assertThat(sealed).startsWith("enc:v1:").doesNotContain(TOKEN);
    assertThat(cipher.seal("a", PoolConfig.API_KEY, TOKEN)).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThat(cipher.open("a", PoolConfig.API_KEY, sealed)).isEqualTo(TOKEN);
    assertThatThrownBy(() -> cipher.open("b", PoolConfig.API_KEY, sealed)).isInstanceOf(SecretCipher.WrongKeyException.class);
    assertThatThrownBy(() -> cipher.open("a", "password", sealed)).isInstanceOf(SecretCipher.WrongKeyException.class);
    String altered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThatThrownBy(() -> cipher.open("a", PoolConfig.API_KEY, altered)).isInstanceOf(SecretCipher.WrongKeyException.class);
  }

  @Test
  void aKeyThatIsNot32BytesOfBase64IsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> SecretCipher.fromBase64("not base64 !!"))
        .hasMessageContaining("base64").hasMessageNotContaining("not base64 !!");
    assertThatThrownBy(() -> SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("decodes to 16 bytes").hasMessageContaining("32");
  }

  @Test
  void theDatabaseFolderAndFilesAreTheOwnersOnly() throws Exception {
    try (PoolStore store = open(null)) {
      store.insert(PoolStoreContract.braiins("p"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db")))).isEqualTo("rwx------");
    try (var files = Files.list(dir.resolve("db"))) {
      assertThat(files.toList()).isNotEmpty().allSatisfy(f ->
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
    }
  }

  @Test
  void theH2FileIsFoundInEveryFormOfItsUrl() {
    assertThat(DatabaseFiles.h2FileBase("jdbc:h2:file:./data/hmm-pools;MODE=x")).contains(Path.of("data/hmm-pools").toAbsolutePath());
    assertThat(DatabaseFiles.h2FileBase("jdbc:h2:/srv/db")).contains(Path.of("/srv/db"));
    assertThat(DatabaseFiles.h2FileBase("jdbc:h2:~/db")).contains(Path.of(System.getProperty("user.home"), "db"));
    assertThat(DatabaseFiles.h2FileBase("jdbc:h2:mem:x")).isEmpty();
    assertThat(DatabaseFiles.h2FileBase("jdbc:h2:tcp://h/db")).isEmpty();
    assertThat(DatabaseFiles.h2FileBase("jdbc:postgresql://h/db")).isEmpty();
  }
}
