package org.facteur.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A key pair and a self-signed server certificate for it, made with the JDK's own providers. */
public record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {

    /** The key types a self-signed certificate can have. */
    public enum KeyType {
        /** P-256: fast to generate, accepted by every current mail client. The default. */
        EC_P256("EC", "SHA256withECDSA", KeyUsage.digitalSignature),
        RSA_2048("RSA", "SHA256withRSA", KeyUsage.digitalSignature | KeyUsage.keyEncipherment);

        final String algorithm;
        final String signatureAlgorithm;
        final int keyUsage;

        KeyType(String algorithm, String signatureAlgorithm, int keyUsage) {
            this.algorithm = algorithm;
            this.signatureAlgorithm = signatureAlgorithm;
            this.keyUsage = keyUsage;
        }

        KeyPair generateKeyPair() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }
    }

    /** Long enough that nobody meets an expired test certificate; mail clients ask to trust it once. */
    public static final Duration VALIDITY = Duration.ofDays(3650);

    /** A certificate for {@code hostname} and {@code localhost} (subject alternative names). */
    public static SelfSignedCertificate generate(String hostname, KeyType keyType) {
        try {
            KeyPair keyPair = keyType.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "facteur self-signed")
                    .addRDN(BCStyle.CN, hostname)
                    .build();
            // Positive and unique enough: RFC 5280 4.1.2.2 allows up to 20 octets.
            BigInteger serial = new BigInteger(64, new SecureRandom());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)),
                    subject, keyPair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostname))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyType.keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(keyType.signatureAlgorithm).build(keyPair.getPrivate())));
            return new SelfSignedCertificate(keyPair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static GeneralNames alternativeNames(String hostname) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostname);
        names.add("localhost");
        return new GeneralNames(names.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }
}
