package org.oodmonitor.schemas.text;

/**
 * Makes text from records safe to print on a terminal, in a log line or as a metric name: control
 * characters (ESC, newline, NUL, DEL and the C1 range), Unicode's bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069, which reorder what a reader sees) and unpaired surrogates
 * become visible {@code \\uXXXX} escapes. So a record cannot forge a line of output, move the
 * cursor or recolour a terminal; everything else, including emoji, stays as it is.
 */
public final class Printable {

    private Printable() {}

    /** {@code text} with every unsafe character escaped; null stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && safeAt(text, i)) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (safeAt(text, i)) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04X", (int) text.charAt(i)));
                n = 1;
            }
            i += n;
        }
        return out.toString();
    }

    /**
     * {@code text} made printable as {@link #of} does, then cut to at most {@code maxChars}
     * characters with a marker that says how long it was: for reasons and messages that a schema
     * caps, so that a record naming thousands of problems cannot outgrow its topic's limit. The cut
     * never splits a surrogate pair. Null stays null.
     *
     * @param maxChars at least 64, room for the marker
     */
    public static String cut(String text, int maxChars) {
        if (maxChars < 64) {
            throw new IllegalArgumentException("maxChars must be at least 64: " + maxChars);
        }
        String printable = of(text);
        if (printable == null || printable.length() <= maxChars) {
            return printable;
        }
        String marker = "... (cut; " + printable.length() + " characters in all)";
        int end = maxChars - marker.length();
        if (Character.isHighSurrogate(printable.charAt(end - 1))) {
            end--;
        }
        return printable.substring(0, end) + marker;
    }

    /**
     * The index of the first surrogate in {@code text} that is not half of a pair (such a string is
     * not valid Unicode and cannot be encoded as UTF-8), or -1.
     */
    public static int firstUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean safeAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return !(c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028
                || c == 0x2029);
    }
}
