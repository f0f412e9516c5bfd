package io.podroute.bgp.codec.message;

import io.podroute.bgp.codec.error.NotificationCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NOTIFICATION (RFC 4271 §4.5): code, subcode, data. Codes are kept as raw numbers so that any pair a
 * peer sends is accepted; {@link #knownCode()} names it when podroute knows it. Cease with
 * Administrative Shutdown or Reset may carry a shutdown communication (RFC 9003 §2): one length octet
 * and up to 255 octets of UTF-8.
 */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {
    public NotificationMessage {
        if (code < 0 || code > 0xFF || subcode < 0 || subcode > 0xFF) {
            throw new IllegalArgumentException("NOTIFICATION code/subcode out of range: " + code + "/" + subcode);
        }
        data = data.clone();
    }

    public static NotificationMessage of(NotificationCode code, byte[] data) {
        return new NotificationMessage(code.code(), code.subcode(), data);
    }

    /** Cease / Administrative Shutdown with a shutdown communication (RFC 9003), cut to 255 bytes of UTF-8. */
    public static NotificationMessage shutdown(String communication) {
        return of(NotificationCode.CEASE_ADMINISTRATIVE_SHUTDOWN, shutdownData(communication));
    }

    static byte[] shutdownData(String communication) {
        byte[] text = communication.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 255);
        // Do not cut a multi-byte UTF-8 sequence in half.
        while (n > 0 && n < text.length && (text[n] & 0xC0) == 0x80) {
            n--;
        }
        byte[] data = new byte[1 + n];
        data[0] = (byte) n;
        System.arraycopy(text, 0, data, 1, n);
        return data;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The table entry for this code and subcode, or null. */
    public NotificationCode knownCode() {
        return NotificationCode.of(code, subcode);
    }

    /**
     * The RFC 9003 shutdown communication, or null when this is not a Cease 2/4 or its data does not
     * hold a well-formed one.
     */
    public String shutdownCommunication() {
        if (code != 6 || (subcode != 2 && subcode != 4) || data.length == 0) {
            return null;
        }
        int n = data[0] & 0xFF;
        if (n + 1 > data.length) {
            return null;
        }
        return new String(data, 1, n, StandardCharsets.UTF_8);
    }

    @Override
    public MessageType type() {
        return MessageType.NOTIFICATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n
                && code == n.code
                && subcode == n.subcode
                && Arrays.equals(data, n.data);
    }

    @Override
    public int hashCode() {
        return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        NotificationCode k = knownCode();
        return "NotificationMessage[" + (k != null ? k.label() : code + "/" + subcode) + ", data="
                + HexFormat.of().formatHex(data) + "]";
    }
}
