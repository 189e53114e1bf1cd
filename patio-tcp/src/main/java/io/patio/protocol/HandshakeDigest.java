package io.patio.protocol;

import java.security.MessageDigest;
import java.security.SecureRandom;

import org.bouncycastle.crypto.digests.Blake2sDigest;

/**
 * The handshake's proof of the shared key: the keyed BLAKE2s-256 (RFC 7693) of the token,
 * with the salt (1 to 8 bytes, zero-padded to BLAKE2s's 8 salt bytes) as its salt
 * parameter. The default key is empty, which makes the digest unkeyed.
 */
public final class HandshakeDigest {

	/** Bytes of a digest. */
	public static final int DIGEST_SIZE = 32;

	/** The longest key BLAKE2s takes. */
	public static final int MAX_KEY_SIZE = 32;

	/** Bytes of the random challenge a server sends. */
	public static final int CHALLENGE_SIZE = 16;

	/** Bytes of the salt a client draws, as the Python peer does. */
	public static final int SALT_SIZE = 4;

	private static final SecureRandom RANDOM = new SecureRandom();

	private HandshakeDigest() {
	}

	/**
	 * The digest of {@code token} with {@code key} (at most 32 bytes) and {@code salt} (1
	 * to 8 bytes).
	 */
	public static byte[] compute(byte[] key, byte[] salt, byte[] token) {
		if (key.length > MAX_KEY_SIZE) {
			throw new IllegalArgumentException("The key is " + key.length + " bytes; BLAKE2s takes at most 32");
		}
		if (salt.length < 1 || salt.length > 8) {
			throw new IllegalArgumentException("The salt must be 1 to 8 bytes, not " + salt.length);
		}
		byte[] paddedSalt = new byte[8];
		System.arraycopy(salt, 0, paddedSalt, 0, salt.length);
		Blake2sDigest digest = new Blake2sDigest((key.length > 0) ? key : null, DIGEST_SIZE, paddedSalt, null);
		digest.update(token, 0, token.length);
		byte[] out = new byte[DIGEST_SIZE];
		digest.doFinal(out, 0);
		return out;
	}

	/**
	 * Whether {@code digest} proves {@code key} for this salt and token, compared in
	 * constant time.
	 */
	public static boolean verify(byte[] key, byte[] salt, byte[] token, byte[] digest) {
		if (salt.length < 1 || salt.length > 8 || digest.length != DIGEST_SIZE) {
			return false;
		}
		return MessageDigest.isEqual(compute(key, salt, token), digest);
	}

	/** {@code size} random bytes from a {@link SecureRandom}. */
	public static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
