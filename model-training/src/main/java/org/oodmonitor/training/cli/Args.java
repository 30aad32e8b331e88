package org.oodmonitor.training.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed {@code --option value} and {@code --flag} arguments of one command. */
final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {}

    /**
     * @param withValue options that take a value (repeatable)
     * @param flags options without a value
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    static Args parse(String[] args, Set<String> withValue, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (flags.contains(arg)) {
                parsed.values.computeIfAbsent(arg, k -> new ArrayList<>()).add("true");
            } else if (withValue.contains(arg)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                parsed.values.computeIfAbsent(arg, k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return parsed;
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    String get(String option, String fallback) {
        List<String> v = values.get(option);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    String required(String option) {
        String v = get(option, null);
        if (v == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        return v;
    }

    List<String> all(String option) {
        return values.getOrDefault(option, List.of());
    }

    int integer(String option, int fallback) {
        String v = get(option, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, was '" + v + "'");
        }
    }

    double number(String option, double fallback) {
        String v = get(option, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + v + "'");
        }
    }
}
