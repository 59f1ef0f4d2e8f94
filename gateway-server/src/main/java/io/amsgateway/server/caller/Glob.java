package io.amsgateway.server.caller;

import java.util.regex.Pattern;

/**
 * A pattern where {@code *} stands for any run of characters ({@code /} included) and every other
 * character stands for itself: {@code spiffe://cluster.local/ns/shop/*}, {@code payments/inquiry*},
 * {@code *}. Immutable and thread-safe.
 */
final class Glob {
    private final String text;
    private final Pattern regex;

    Glob(String text) {
        this.text = text;
        StringBuilder b = new StringBuilder();
        int start = 0;
        for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
            if (i > start) {
                b.append(Pattern.quote(text.substring(start, i)));
            }
            b.append(".*");
            start = i + 1;
        }
        if (start < text.length()) {
            b.append(Pattern.quote(text.substring(start)));
        }
        this.regex = Pattern.compile(b.toString(), Pattern.DOTALL);
    }

    boolean matches(String s) {
        return regex.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
