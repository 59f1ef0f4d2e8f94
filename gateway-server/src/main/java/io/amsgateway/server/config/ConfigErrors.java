package io.amsgateway.server.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One line for a configuration mistake: where it is ({@code file:line}), the key path, and what
 * was expected, for every kind of {@link ConfigException} (the loader's own checks, Typesafe
 * Config's parse, type, missing-key, substitution and validation errors). Used by {@code run},
 * {@code check-config} and the SIGHUP reload.
 */
public final class ConfigErrors {
    private static final Pattern BAD_VALUE = Pattern.compile("(?s)Invalid value at '([^']*)': (.*)");
    private static final Pattern WRONG_TYPE = Pattern.compile("(?s)(\\S+) has type (\\w+) rather than (\\w+)(.*)");
    private static final Pattern MISSING = Pattern.compile("(?s)No configuration setting found for key '([^']*)'.*");
    private static final Pattern VALIDATION =
            Pattern.compile("(?s)Wrong value type at '([^']*)', expecting: (.+?) but got: (.+)");

    private ConfigErrors() {}

    /**
     * The mistake as one line, e.g. {@code gateway.conf:12: gateway.listener.port: must be between 0
     * and 65535}.
     *
     * @param file the configuration file, named when the error itself carries no origin
     */
    public static String describe(ConfigException e, @Nullable Path file) {
        if (e instanceof ConfigException.ValidationFailed v
                && v.problems().iterator().hasNext()) {
            List<ConfigException.ValidationProblem> all = new ArrayList<>();
            v.problems().forEach(all::add);
            ConfigException.ValidationProblem p = all.get(0);
            String more = all.size() > 1 ? " (and " + (all.size() - 1) + " more)" : "";
            return where(p.origin(), file) + p.path() + ": " + validation(p.path(), p.problem()) + more;
        }
        String text = withoutOrigin(e);
        String what;
        Matcher m;
        if (e instanceof ConfigException.Parse || e instanceof ConfigException.IO) {
            what = "not valid HOCON: " + text;
        } else if (e instanceof ConfigException.BadValue && (m = BAD_VALUE.matcher(text)).matches()) {
            what = m.group(1) + ": " + hint(m.group(2));
        } else if (e instanceof ConfigException.WrongType && (m = WRONG_TYPE.matcher(text)).matches()) {
            what = m.group(1) + ": expected " + type(m.group(3)) + ", found " + type(m.group(2)) + m.group(4);
        } else if (e instanceof ConfigException.Missing && (m = MISSING.matcher(text)).matches()) {
            what = m.group(1) + ": missing; it must be set (see config/reference.conf)";
        } else if (e instanceof ConfigException.UnresolvedSubstitution) {
            what = text + ": set that environment variable or system property, or write ${?NAME} to make it"
                    + " optional";
        } else {
            what = text;
        }
        return where(e.origin(), file) + what;
    }

    /** "file:line: " from an origin, or the file named on the command line, or nothing. */
    private static String where(@Nullable ConfigOrigin origin, @Nullable Path file) {
        if (origin != null) {
            String name = origin.filename() != null
                    ? origin.filename()
                    : origin.resource() != null ? origin.resource() + " (built-in default)" : null;
            if (name != null) {
                return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() + ": " : name + ": ";
            }
            if (origin.description() != null && !origin.description().isBlank()) {
                String d = origin.description();
                return (d.startsWith("env variables") ? "environment variable" : d) + ": ";
            }
        }
        return file == null ? "" : file + ": ";
    }

    private static String withoutOrigin(ConfigException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        ConfigOrigin o = e.origin();
        if (o != null && msg.startsWith(o.description() + ": ")) {
            msg = msg.substring(o.description().length() + 2);
        }
        return msg.strip();
    }

    private static String validation(String path, String problem) {
        Matcher m = VALIDATION.matcher(problem);
        if (m.matches()) {
            return "expected " + type(m.group(2)) + ", found " + type(m.group(3));
        }
        return problem;
    }

    /** Adds the expected form to Typesafe Config's own duration and size complaints. */
    private static String hint(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("duration")) {
            return message + " (expected a duration such as 500ms, 30s, 5m or 24h)";
        }
        if (lower.contains("size") && (lower.contains("byte") || lower.contains("memory"))) {
            return message + " (expected a size such as 512 KiB or 4 MiB)";
        }
        return message;
    }

    private static String type(String t) {
        return switch (t.strip().toUpperCase(Locale.ROOT)) {
            case "NUMBER" -> "a number";
            case "STRING" -> "a string";
            case "BOOLEAN" -> "true or false";
            case "OBJECT" -> "an object { ... }";
            case "LIST" -> "a list [ ... ]";
            case "NULL" -> "null";
            default -> t.strip().toLowerCase(Locale.ROOT);
        };
    }
}
