package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.HmmPoolsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts the secrets of stored pools (API keys, tokens, passwords) with a key the operator
 * supplies: AES-256 in GCM mode (the JDK's), a fresh random 96-bit nonce per value, and the pool
 * id and config key as associated data, so a value copied to another pool or key does not open.
 *
 * <p>A sealed value is stored as {@code enc:v1:} followed by the base64 of nonce and ciphertext
 * (which ends in GCM's 128-bit tag). Opening a value with another key fails with a clear
 * {@link WrongKeyException}, never with garbage.
 *
 * <p>The key is 32 random bytes in base64, for example from {@code openssl rand -base64 32}; the
 * server reads it from the environment variable {@value #ENV}. Thread-safe.
 */
public final class SecretCipher {
  /** The environment variable the server reads the key from. */
  public static final String ENV = "HMM_POOLS_SECRET_KEY";
  /** The prefix of a sealed value. */
  static final String PREFIX = "enc:v1:";

  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * @param base64Key 32 bytes (AES-256) in standard base64; surrounding white space is ignored
   * @return the cipher
   * @throws IllegalArgumentException saying what is wrong with the key (never quoting it)
   */
  public static SecretCipher fromBase64(String base64Key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + " is not base64; it must be 32 random bytes in base64 (openssl rand -base64 32)");
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          ENV + " decodes to " + raw.length + " bytes; it must be 32 (AES-256): openssl rand -base64 32");
    }
    return new SecretCipher(raw);
  }

  /**
   * @param value a stored config value
   * @return whether it is a sealed secret
   */
  static boolean isSealed(@Nullable String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /**
   * @param poolId the pool the secret belongs to
   * @param configKey the config key it is stored under
   * @param secret the secret
   * @return the sealed value, {@code enc:v1:...}
   */
  String seal(String poolId, String configKey, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData(poolId, configKey));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
    }
  }

  /**
   * @param poolId the pool the secret belongs to
   * @param configKey the config key it is stored under
   * @param sealed a value from {@link #seal}
   * @return the secret
   * @throws WrongKeyException when the value was sealed with another key, for another pool or
   *     key, or was altered
   */
  String open(String poolId, String configKey, String sealed) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new WrongKeyException(poolId, configKey, "it is not valid base64");
    }
    if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new WrongKeyException(poolId, configKey, "it is too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      c.updateAAD(associatedData(poolId, configKey));
      return new String(c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new WrongKeyException(poolId, configKey, "the key does not open it (a different " + ENV + "?)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK: " + e.getMessage(), e);
    }
  }

  private static byte[] associatedData(String poolId, String configKey) {
    return (poolId + '\0' + configKey).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM]";
  }

  /** A stored secret cannot be opened: another key, or an altered value. Never carries the value. */
  public static final class WrongKeyException extends HmmPoolsException {
    private static final long serialVersionUID = 1L;

    WrongKeyException(String poolId, String configKey, String why) {
      super("the stored secret '" + configKey + "' of pool '" + poolId + "' cannot be decrypted: " + why);
    }
  }
}
