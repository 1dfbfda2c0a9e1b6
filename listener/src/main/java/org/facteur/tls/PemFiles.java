package org.facteur.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files certbot and openssl produce: certificate chains, and private
 * keys as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}, possibly after an {@code EC PARAMETERS} block).
 */
final class PemFiles {

    private PemFiles() {
    }

    /** The certificates of {@code file} in file order: the server's own first, then its issuers. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsException(file, "unreadable certificate: " + oneLine(e), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new TlsException(file, "no PEM certificate (\"-----BEGIN CERTIFICATE-----\") in this file");
        }
        return chain;
    }

    /** The one private key of {@code file}. */
    static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : readObjects(file)) {
            try {
                if (object instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (object instanceof PEMKeyPair traditional) {
                    // Only the private half: SEC1 keys may omit the public key.
                    return converter.getPrivateKey(traditional.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new TlsException(file, "unreadable private key: " + oneLine(e), e);
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new TlsException(file, "the private key is encrypted with a passphrase;"
                        + " write it unencrypted (openssl pkey -in KEY -out KEY.plain) and protect the file instead");
            }
        }
        throw new TlsException(file, "no PEM private key (\"-----BEGIN PRIVATE KEY-----\","
                + " \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\") in this file");
    }

    private static List<Object> readObjects(Path file) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (NoSuchFileException e) {
            throw new TlsException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsException(file, "permission denied", e);
        } catch (IOException | RuntimeException e) {
            // PEMParser reports malformed base64 or ASN.1 as either kind.
            throw new TlsException(file, "not a readable PEM file (" + oneLine(e) + ")", e);
        }
        return objects;
    }

    static String certificatesToPem(List<X509Certificate> chain) {
        return toPem(chain.toArray());
    }

    /** The key as PKCS#8, the format every TLS library reads. */
    static String privateKeyToPem(PrivateKey key) {
        try {
            return toPem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a private key as PKCS#8", e);
        }
    }

    /** Objects in OpenSSL's traditional encoding (PKCS#1 or SEC1 for keys). */
    static String toPem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode PEM", e);
        }
        return out.toString();
    }

    static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
