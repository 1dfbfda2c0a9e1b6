package org.facteur.smtp.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DKIM signing keys of the local domains: one RSA 2048 key per domain (RFC 8301 3.2: at
 * least 1024 bits, 2048 recommended), in {@code <data>/dkim/<domain>/<selector>.key} as PKCS#8
 * PEM, readable by the server's user only. The selector is {@value #SELECTOR}; a key rotation
 * would add a new selector beside it.
 *
 * <p>Ed25519 (RFC 8463) is left out: jDKIM 0.5, the signer we use, knows rsa-sha256 only, and
 * receivers that check Ed25519 signatures still expect an RSA one beside it.
 */
public final class DkimKeys {

    public static final String SELECTOR = "facteur";
    private static final int RSA_BITS = 2048;

    private final Path root;
    /** Keys read so far: a key is never replaced once made, so only misses go back to the disk. */
    private final Map<String, PrivateKey> loaded = new ConcurrentHashMap<>();

    private DkimKeys(Path root) {
        this.root = root;
    }

    /** The keys of the data directory {@code dataDir}. */
    public static DkimKeys in(Path dataDir) {
        return new DkimKeys(dataDir.resolve("dkim"));
    }

    /** Creates the domain's key if it has none yet; returns whether it created one. */
    public synchronized boolean ensure(String domain) {
        Path file = file(domain);
        if (Files.exists(file)) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DKIM key of " + domain + " in " + file, e);
        }
    }

    /** The domain's private key, if it has one (made by {@link #ensure}, maybe by another process). */
    public Optional<PrivateKey> privateKey(String domain) {
        PrivateKey known = loaded.get(domain.toLowerCase(Locale.ROOT));
        if (known != null) {
            return Optional.of(known);
        }
        Optional<PrivateKey> read = read(domain);
        read.ifPresent(key -> loaded.put(domain.toLowerCase(Locale.ROOT), key));
        return read;
    }

    private Optional<PrivateKey> read(String domain) {
        Path file = file(domain);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return Optional.of(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DKIM key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the DKIM key " + file + " is not a PKCS#8 RSA key", e);
        }
    }

    /**
     * The TXT record to publish at {@code <selector>._domainkey.<domain>} (RFC 6376 3.6.1), if the
     * domain has a key.
     */
    public Optional<String> publicRecord(String domain) {
        return privateKey(domain).map(key -> {
            try {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
                byte[] spki = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
                return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(spki);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot derive the public key of " + domain, e);
            }
        });
    }

    private Path file(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a domain name: " + domain);
        }
        return root.resolve(name).resolve(SELECTOR + ".key");
    }
}
