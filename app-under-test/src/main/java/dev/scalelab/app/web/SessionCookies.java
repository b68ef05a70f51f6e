package dev.scalelab.app.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless, signed session cookies ({@code <userId>.<name>.<hmac>}): no session table, so every app instance
 * behind a proxy that shares the secret accepts them, and reading the viewer costs no SQL statement.
 */
final class SessionCookies {
    static final String NAME = "session";

    private final byte[] key;

    SessionCookies(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    String issue(Viewer v) {
        String payload = v.id() + "." + b64(v.name().getBytes(StandardCharsets.UTF_8));
        return payload + "." + b64(mac(payload));
    }

    Optional<Viewer> read(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int last = cookie.lastIndexOf('.');
        int first = cookie.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, last);
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(cookie.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sig, mac(payload))) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(payload.substring(0, first));
            String name = new String(Base64.getUrlDecoder().decode(payload.substring(first + 1)), StandardCharsets.UTF_8);
            return Optional.of(new Viewer(id, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
