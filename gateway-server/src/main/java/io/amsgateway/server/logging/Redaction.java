package io.amsgateway.server.logging;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks likely secrets in text that is about to be logged: PEM blocks, {@code signature=} values
 * (and JSON {@code "signature":"..."}), runs of 40 or more base64 characters, plain or
 * percent-encoded (keys, signatures, encrypted payloads), and card-number-like runs of 13 to 19
 * digits (spaces or dashes allowed) that pass the Luhn check, of which only the last four digits
 * are kept.
 *
 * <p>A last line of defence, not a licence: code should not log secrets in the first place. It
 * errs towards masking, e.g. a 40-character hex digest or a Luhn-valid 13-digit timestamp is
 * masked too. URL paths are kept: a run that starts with {@code /} and has several short segments
 * and no {@code +}, {@code =} or {@code %} is a path, not base64.
 *
 * <p>Stateless and thread-safe.
 */
public final class Redaction {
    static final String PEM_MASK = "[REDACTED PEM]";
    static final String VALUE_MASK = "[REDACTED]";
    static final String BASE64_MASK = "[REDACTED base64]";

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN [A-Z0-9 ]{1,40}-----[\\s\\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)");
    private static final Pattern SIGNATURE =
            Pattern.compile("(?i)(signature\\s*=\\s*|\"signature\"\\s*:\\s*\")[^\\s,;&\"]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_%-]{40,}={0,2}");
    // Not inside a word: client ids such as SANDBOX_5X00000000000000 end in Luhn-valid zeros.
    private static final Pattern DIGITS = Pattern.compile("(?<![\\w.])\\d(?:[ -]?\\d){12,18}(?!\\w)");
    /** A path segment this long is itself a base64 run. */
    private static final int MAX_PATH_SEGMENT = 40;

    private Redaction() {}

    /** {@code text} with likely secrets masked; {@code text} itself if there is nothing to mask. */
    public static String redact(String text) {
        if (!mayMask(text)) {
            return text; // nothing any pattern below could match: one pass, no regex
        }
        return redactScanned(text);
    }

    /** The patterns themselves, without the cheap pre-scan ({@link #redact} equals this). */
    static String redactScanned(String text) {
        String s = text;
        if (s.contains("-----BEGIN ")) {
            s = PEM.matcher(s).replaceAll(PEM_MASK);
        }
        s = SIGNATURE.matcher(s).replaceAll("$1" + VALUE_MASK);
        s = replace(BASE64, s, run -> looksLikePath(run) ? run : BASE64_MASK);
        return replace(DIGITS, s, Redaction::maskCard);
    }

    /**
     * Whether any pattern could match: a necessary condition for each, found in one pass over the
     * characters (every line of the access and audit logs goes through here, and almost none has
     * anything to mask). PEM needs {@code -----BEGIN }; the signature pattern needs the word
     * {@code signature} in any case; a base64 run needs 40 base64 characters in a row; a card
     * number needs 13 digits in a run of digits, spaces and dashes.
     */
    static boolean mayMask(String text) {
        int base64Run = 0;
        int digitsInRun = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int k = c < 128 ? KIND[c] : 0;
            base64Run = (k & BASE64_CHAR) != 0 ? base64Run + 1 : 0;
            if ((k & DIGIT) != 0) {
                digitsInRun++;
            } else if ((k & CARD_SEPARATOR) == 0) {
                digitsInRun = 0;
            }
            if (base64Run >= 40 || digitsInRun >= 13) {
                return true;
            }
            if ((k & MARKER) != 0
                    && (c == '-'
                            ? text.startsWith("-----BEGIN ", i)
                            : text.regionMatches(true, i, "signature", 0, 9))) {
                return true;
            }
        }
        return false;
    }

    private static final int BASE64_CHAR = 1;
    private static final int DIGIT = 2;
    private static final int CARD_SEPARATOR = 4;
    /** {@code s}, {@code S} (a signature) or {@code -} (a PEM block): look closer. */
    private static final int MARKER = 8;
    /** What each ASCII character can be part of, for {@link #mayMask}. */
    private static final byte[] KIND = new byte[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            KIND[c] = BASE64_CHAR;
            KIND[Character.toLowerCase(c)] = BASE64_CHAR;
        }
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = BASE64_CHAR | DIGIT;
        }
        for (char c : new char[] {'+', '/', '_', '%'}) {
            KIND[c] = BASE64_CHAR;
        }
        KIND['-'] = BASE64_CHAR | CARD_SEPARATOR | MARKER;
        KIND[' '] = CARD_SEPARATOR;
        KIND['s'] |= MARKER;
        KIND['S'] |= MARKER;
    }

    /** Like {@link Matcher#replaceAll}, but copies nothing when nothing changes. */
    private static String replace(Pattern pattern, String text, UnaryOperator<String> f) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            String replacement = f.apply(run);
            if (replacement.equals(run)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(replacement);
            last = m.end();
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * A URL path such as {@code /ams/sandbox/api/v1/payments/inquiryRefund}: starts with '/', has
     * at least three short segments and none of base64's '+' and '=' (nor '%'). Random base64 of
     * 40+ characters looks like this well under 1% of the time.
     */
    private static boolean looksLikePath(String run) {
        if (run.charAt(0) != '/' || run.indexOf('+') >= 0 || run.indexOf('=') >= 0 || run.indexOf('%') >= 0) {
            return false;
        }
        String[] segments = run.substring(1).split("/", -1);
        if (segments.length < 3) {
            return false;
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.length() >= MAX_PATH_SEGMENT) {
                return false;
            }
        }
        return true;
    }

    private static String maskCard(String run) {
        String digits = run.replace(" ", "").replace("-", "");
        if (digits.length() < 13 || digits.length() > 19 || !luhnValid(digits)) {
            return run;
        }
        return "[CARD ****" + digits.substring(digits.length() - 4) + "]";
    }

    /** The Luhn (mod 10) check that every payment card number passes. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
